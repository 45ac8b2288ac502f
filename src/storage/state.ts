// The shared insides of an open Store: the LMDB environment, its fixed named databases, and the
// in-memory caches that must stay in step with what is committed. Only the storage layer sees it.
//
// Named databases of the environment:
//   catalog   string id → JSON-like catalog record (msgpack)
//   meta      string key → small values: last sealed tick, row id counters (msgpack)
//   tables    table id → 'live' | 'dropping': which table databases exist (msgpack)
//   t/<id>    one per table: key-codec or 8-byte row id key → row-codec row (raw bytes)
// Later keyed arrangements get their own namespace of dynamically created databases the same way.
import type { Database, RootDatabase, Transaction } from 'lmdb';

export type TableState = 'live' | 'dropping';

export type CatalogValue =
  | null
  | boolean
  | number
  | string
  | readonly CatalogValue[]
  | { readonly [key: string]: CatalogValue };

export interface StoreState {
  readonly env: RootDatabase;
  readonly catalog: Database<CatalogValue, string>;
  readonly meta: Database<CatalogValue, string>;
  readonly tables: Database<TableState, string>;
  /** Open handles of the table databases that exist (live or dropping), by table id. */
  readonly handles: Map<string, Database<Buffer, Buffer>>;
  /** Committed row id counters (the last id handed out), by table id; filled lazily. */
  readonly rowIds: Map<string, number>;
  /** Tables dropped (emptied) whose LMDB database is removed once no snapshot is open. */
  readonly dropping: Set<string>;
  openSnapshots: number;
  /** Opened by a reader process beside the writer: it never writes (Store.openReader). */
  readonly reader: boolean;
  writing: boolean;
  closed: boolean;
  /** What snapshots of the latest committed state share; replaced by every commit. */
  committed: CommittedState;
}

/**
 * Facts about one committed state, found by the first snapshot of it that looks and shared by
 * the others (a point query takes a snapshot of its own: without this each would read them from
 * LMDB again).
 */
export interface CommittedState {
  /** Tables whose data is live in this state. */
  readonly live: Set<string>;
  /** Values computed from this state, by key (StoreReader.memo). */
  readonly memo: Map<string, unknown>;
}

export function newCommittedState(): CommittedState {
  return { live: new Set(), memo: new Map() };
}

/** Read options for one LMDB read transaction, or none inside the write transaction. */
export interface ReadTxn {
  readonly transaction?: Transaction;
}

export const TABLE_DB_OPTIONS = { keyEncoding: 'binary', encoding: 'binary' } as const;

export function tableDbName(id: string): string {
  return `t/${id}`;
}

export function openTableDb(state: StoreState, id: string): Database<Buffer, Buffer> {
  return state.env.openDB<Buffer, Buffer>(tableDbName(id), TABLE_DB_OPTIONS);
}

export const META_LAST_SEALED_TICK = 'lastSealedTick';

/**
 * Counters every write transaction advances in meta: `commitSeq` on every commit, `catalogSeq`
 * when it changed catalog records or created / dropped table data. A reader in another process
 * (a read-only server process, src/session/replica) compares them to know what changed.
 */
export const META_COMMIT_SEQ = 'commitSeq';
export const META_CATALOG_SEQ = 'catalogSeq';

export function rowIdMetaKey(id: string): string {
  return `rowid/${id}`;
}
