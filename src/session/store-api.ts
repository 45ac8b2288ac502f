// What the session layer needs from durable storage: catalog records, table rows keyed by bytes,
// small metadata, one atomic write transaction per commit, and consistent read snapshots.
// Implemented over LMDB by ./lmdb-store.ts.
import type { Datum, Row } from '../repr/index.js';
import type { CatalogRecord } from './catalog/objects.js';

export interface StoreTxn {
  putCatalog(record: CatalogRecord): void;
  deleteCatalog(record: CatalogRecord): void;
  createTable(tableId: string): void;
  dropTable(tableId: string): void;
  putRow(tableId: string, key: Uint8Array, row: Row): void;
  /** putRow for a key that never held a row of the table (a fresh row id). */
  putNewRow(tableId: string, key: Uint8Array, row: Row): void;
  /** putRow if the table has no row under this key; false (nothing written) if it has one. */
  putRowIfAbsent(tableId: string, key: Uint8Array, row: Row): boolean;
  /** Stores a chunk of a table kept as chunks (see LogTables) under a key new to it. */
  putChunk(tableId: string, key: Uint8Array, chunk: Uint8Array): void;
  deleteRow(tableId: string, key: Uint8Array): void;
  /** Whether the table holds a row under this key (as of this transaction). */
  hasRow(tableId: string, key: Uint8Array): boolean;
  /** The row under this key (as of this transaction), or undefined. */
  getRow(tableId: string, key: Uint8Array): Row | undefined;
  /** Every [key, row] of a table, lazily (write nothing to that table while iterating). */
  scan(tableId: string): Iterable<readonly [Uint8Array, Row]>;
  /** Every [key, row] of the table with a key below `end`, in key order. */
  scanBelow(tableId: string, end: Uint8Array): (readonly [Uint8Array, Row])[];
  /** Every [key, row] of the table whose key starts with `prefix` (all: empty), in key order. */
  scanPrefix(tableId: string, prefix: Uint8Array): (readonly [Uint8Array, Row])[];
  /** The first (or, with `last`, the last) [key, row] whose key starts with `prefix`. */
  edge(tableId: string, prefix: Uint8Array, last: boolean): readonly [Uint8Array, Row] | undefined;
  setMeta(key: string, value: number | string): void;
  deleteMeta(key: string): void;
}

export interface StoreSnapshot {
  scan(tableId: string): Iterable<readonly [Uint8Array, Row]>;
  get(tableId: string, key: Uint8Array): Row | undefined;
  /** The [key, row] pairs whose key starts with `prefix`, in key order (lazily). */
  scanPrefix(tableId: string, prefix: Uint8Array): Iterable<readonly [Uint8Array, Row]>;
  /**
   * `compute()`'s value, computed once per committed state and shared by its snapshots
   * (compute reads only through this snapshot).
   */
  memo<T>(key: string, compute: () => T): T;
  release(): void;
}

/**
 * Tables kept not as rows but as chunks of records (an append-only source's: see
 * streaming/source-log.ts): for such a table, the rows of its chunks, each under its own key, in
 * key order; undefined for a table of rows. Every read of the table's rows goes through it.
 */
export type LogTables = (
  tableId: string,
) =>
  | ((chunks: Iterable<readonly [Uint8Array, Uint8Array]>) => Iterable<readonly [Uint8Array, Row]>)
  | undefined;

export interface EngineStore {
  /** Sets how tables kept as chunks are read (before any of their rows is read). */
  readLogsWith(logs: LogTables): void;
  loadCatalog(): CatalogRecord[];
  meta(key: string): number | string | undefined;
  /** One atomic, durable transaction. */
  write(fn: (txn: StoreTxn) => void): void;
  snapshot(): StoreSnapshot;
  /** Order-preserving key bytes for a primary-key tuple. */
  encodeKey(datums: readonly Datum[]): Uint8Array;
  /**
   * In a reader process: takes in the writer's commits since the last call; what changed
   * (data only, or catalog records too). The writer's store returns 'none'.
   */
  catchUp(): 'none' | 'commit' | 'catalog';
  close(): Promise<void>;
}
