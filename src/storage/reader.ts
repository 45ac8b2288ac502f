// Reads of committed (or, inside store.write, in-progress) state: table rows by key or by key
// range, catalog records, metadata. One StoreReader reads through one LMDB transaction, so
// everything it returns belongs to one state; Snapshot and WriteTxn both build on it.
import type { Database } from 'lmdb';
import { internalError } from '../errors/index.js';
import type { Row } from '../repr/index.js';
import { encodeKey, prefixEnd } from './key-codec.js';
import { decodeRow } from './row-codec.js';
import {
  META_LAST_SEALED_TICK,
  type CatalogValue,
  type ReadTxn,
  type StoreState,
} from './state.js';

/** A key: a key tuple (encoded with key-codec, ascending) or already encoded key bytes. */
export type KeyInput = Row | Uint8Array;

export interface KeyRange {
  /** Only keys starting with this key tuple (ascending columns). */
  readonly prefix?: Row;
  /** Inclusive lower bound. */
  readonly start?: KeyInput;
  /** Exclusive upper bound. */
  readonly end?: KeyInput;
  /** Highest key first. */
  readonly reverse?: boolean;
  readonly limit?: number;
}

export function keyBytes(key: KeyInput): Buffer {
  if (key instanceof Uint8Array) {
    return Buffer.isBuffer(key) ? key : Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  }
  return encodeKey(key);
}

export class StoreReader {
  constructor(
    protected readonly state: StoreState,
    protected readonly txn: ReadTxn,
    /**
     * Tables already checked to be live in this transaction (cleared by a drop in it); shared by
     * the snapshots of one committed state.
     */
    protected readonly live = new Set<string>(),
  ) {}

  /** Checked before every read; subclasses refuse reads after release or commit. */
  protected check(): void {
    if (this.state.closed) throw internalError('storage: store is closed');
  }

  /** Whether a table's data exists in this state. */
  hasTable(id: string): boolean {
    this.check();
    if (this.live.has(id)) return true;
    const live = this.state.tables.get(id, this.txn) === 'live';
    if (live) this.live.add(id);
    return live;
  }

  /** Ids of all tables with data, in id order. */
  tableIds(): string[] {
    this.check();
    const out: string[] = [];
    for (const { key, value } of this.state.tables.getRange({ ...this.txn })) {
      if (value === 'live') out.push(key);
    }
    return out;
  }

  /** The row stored under `key`, or undefined. */
  get(id: string, key: KeyInput): Row | undefined {
    const bytes = this.table(id).get(keyBytes(key), this.txn);
    return bytes === undefined ? undefined : decodeRow(bytes);
  }

  /**
   * Rows in key order (or reversed) as [key bytes, row] pairs; lazy, read while iterating.
   * Inside write(), finish (or copy) a scan before writing to the same table.
   */
  *scan(id: string, range: KeyRange = {}): Generator<readonly [Buffer, Row]> {
    for (const [key, value] of this.scanBytes(id, range)) yield [key, decodeRow(value)];
  }

  /** Like scan, for values stored as bytes (putBytes) rather than rows. */
  *scanBytes(id: string, range: KeyRange = {}): Generator<readonly [Buffer, Buffer]> {
    const db = this.table(id);
    let lo = range.start === undefined ? undefined : keyBytes(range.start);
    let hi = range.end === undefined ? undefined : keyBytes(range.end);
    if (range.prefix !== undefined) {
      const p = encodeKey(range.prefix);
      const pEnd = prefixEnd(p);
      if (lo === undefined || Buffer.compare(p, lo) > 0) lo = p;
      if (pEnd !== null && (hi === undefined || Buffer.compare(pEnd, hi) < 0)) hi = pEnd;
    }
    if (lo !== undefined && hi !== undefined && Buffer.compare(lo, hi) >= 0) return;
    const entries = db.getRange({
      ...this.txn,
      // lmdb iterates from `start` to `end` (exclusive) in both directions.
      start: range.reverse === true ? hi : lo,
      end: range.reverse === true ? lo : hi,
      reverse: range.reverse === true,
      exclusiveStart: range.reverse === true && hi !== undefined,
      inclusiveEnd: range.reverse === true && lo !== undefined,
      limit: range.limit,
    });
    for (const { key, value } of entries) yield [key, value];
  }

  /** Number of rows of a table. */
  count(id: string): number {
    return this.table(id).getCount({ ...this.txn });
  }

  catalogGet(id: string): CatalogValue | undefined {
    this.check();
    return this.state.catalog.get(id, this.txn);
  }

  /** Catalog records whose id starts with `prefix` (all if omitted), in id order. */
  catalogScan(prefix = ''): [string, CatalogValue][] {
    this.check();
    const out: [string, CatalogValue][] = [];
    const range = this.state.catalog.getRange({ ...this.txn, start: prefix });
    for (const { key, value } of range) {
      if (!key.startsWith(prefix)) break;
      out.push([key, value]);
    }
    return out;
  }

  metaGet(key: string): CatalogValue | undefined {
    this.check();
    return this.state.meta.get(key, this.txn);
  }

  /** The last tick committed as sealed, or null before the first one. */
  lastSealedTick(): number | null {
    const v = this.metaGet(META_LAST_SEALED_TICK);
    return typeof v === 'number' ? v : null;
  }

  protected table(id: string): Database<Buffer, Buffer> {
    this.check();
    const db = this.state.handles.get(id);
    if (db !== undefined && this.live.has(id)) return db;
    if (db === undefined || this.state.tables.get(id, this.txn) !== 'live') {
      throw internalError(`storage: table ${id} has no data`);
    }
    this.live.add(id);
    return db;
  }
}
