// The handle passed to store.write(fn): everything one tick changes — table rows, table data
// created or dropped, catalog records, metadata — goes through it into ONE LMDB write
// transaction, committed (durably) when fn returns or rolled back when it throws. Reads through
// it see the transaction's own writes.
//
// In-memory caches (open table handles, row id counters, tables awaiting removal) are updated
// only once the commit succeeded (committed()) and rolled back otherwise (aborted()).
import { internalError, programLimitExceeded } from '../errors/index.js';
import type { Row } from '../repr/index.js';
import { MAX_KEY_BYTES } from './key-codec.js';
import { keyBytes, StoreReader, type KeyInput } from './reader.js';
import { encodeRowForPut } from './row-codec.js';
import { rowIdKey } from './row-id.js';
import {
  META_CATALOG_SEQ,
  META_COMMIT_SEQ,
  META_LAST_SEALED_TICK,
  openTableDb,
  rowIdMetaKey,
  type CatalogValue,
  type StoreState,
} from './state.js';

export class WriteTxn extends StoreReader {
  private active = true;
  /** Table handles opened (created) in this transaction: invalid if it aborts. */
  private readonly opened: string[] = [];
  private readonly dropped: string[] = [];
  private readonly revived: string[] = [];
  /** Row id counters advanced in this transaction (last id handed out). */
  private readonly rowIds = new Map<string, number>();
  /** Per table, the last key appended by putNew (null: its keys do not come in order). */
  private readonly appended = new Map<string, Buffer | null>();
  /** Whether catalog records or the set of table databases changed (META_CATALOG_SEQ). */
  private catalogChanged = false;

  constructor(state: StoreState) {
    super(state, {});
  }

  protected override check(): void {
    super.check();
    if (!this.active) throw internalError('storage: write transaction is finished');
  }

  /** Creates the (empty) data of a table. */
  createTableData(id: string): void {
    this.check();
    if (this.state.tables.get(id) === 'live') {
      throw internalError(`storage: table ${id} already has data`);
    }
    if (!this.state.handles.has(id)) {
      // lmdb-js ends its current read transaction when a database is opened; detach it first so
      // a snapshot sharing it survives (it becomes the snapshot's own transaction).
      this.state.env.resetReadTxn();
      this.state.handles.set(id, openTableDb(this.state, id));
      this.opened.push(id);
    } else {
      // Dropped earlier and not yet removed: its database is already empty.
      this.revived.push(id);
    }
    this.state.tables.putSync(id, 'live');
    this.state.meta.removeSync(rowIdMetaKey(id));
    this.catalogChanged = true;
    this.rowIds.set(id, 0);
    this.live.add(id);
  }

  /**
   * Drops a table's data. Its pages are freed in this transaction; the empty LMDB database
   * itself is removed after the commit once no snapshot can still be reading it.
   */
  dropTableData(id: string): void {
    this.table(id).clearSync();
    this.state.tables.putSync(id, 'dropping');
    this.state.meta.removeSync(rowIdMetaKey(id));
    this.catalogChanged = true;
    this.rowIds.delete(id);
    this.live.delete(id);
    this.dropped.push(id);
  }

  /** Stores `row` under `key` (a key tuple or encoded key bytes), replacing any row there. */
  put(id: string, key: KeyInput, row: Row): void {
    const k = checkedKey(key);
    // putSync copies the value into the transaction before anything encodes again.
    this.table(id).putSync(k, encodeRowForPut(row));
  }

  /**
   * Stores `row` under a key no row has had (a fresh row id). Keys that come after the table's
   * last one go in with LMDB's append (MDB_APPEND: no search for the place; ~20% less time per
   * row than put in a table filled in key order); LMDB refuses an append of a key before the
   * last (ids handed out earlier, committed later), which is then stored as by put().
   */
  putNew(id: string, key: KeyInput, row: Row): void {
    const k = checkedKey(key);
    const db = this.table(id);
    const value = encodeRowForPut(row);
    const last = this.appended.get(id);
    if (last !== null && (last === undefined || Buffer.compare(k, last) > 0)) {
      // (lmdb-js's putSync returns whether the write was done; its types say void.)
      if ((db.putSync(k, value, APPEND) as unknown as boolean) === true) {
        this.appended.set(id, k);
        return;
      }
      this.appended.set(id, null);
    }
    db.putSync(k, value);
  }

  /**
   * Stores `row` under `key` if the table has no row there (one search where a get and a put are
   * two); false, writing nothing, if it has one.
   */
  putIfAbsent(id: string, key: KeyInput, row: Row): boolean {
    // (lmdb-js's putSync returns whether the write was done; its types say void.)
    return (
      (this.table(id).putSync(checkedKey(key), encodeRowForPut(row), NO_OVERWRITE) as unknown) ===
      true
    );
  }

  /** Stores `bytes` under `key` as they are (read back with scanBytes), replacing any value. */
  putBytes(id: string, key: KeyInput, bytes: Uint8Array): void {
    const value = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.table(id).putSync(checkedKey(key), value);
  }

  /** Appends `row` under the table's next row id; returns its key (8 bytes, increasing). */
  insert(id: string, row: Row): Buffer {
    const db = this.table(id);
    const next = this.lastRowId(id) + 1;
    this.rowIds.set(id, next);
    const key = rowIdKey(next);
    db.putSync(key, encodeRowForPut(row));
    return key;
  }

  /** Deletes the row under `key`; false if there was none. */
  delete(id: string, key: KeyInput): boolean {
    return this.table(id).removeSync(keyBytes(key));
  }

  catalogPut(id: string, value: CatalogValue): void {
    this.check();
    this.catalogChanged = true;
    this.state.catalog.putSync(id, value);
  }

  catalogDelete(id: string): boolean {
    this.check();
    this.catalogChanged = true;
    return this.state.catalog.removeSync(id);
  }

  metaPut(key: string, value: CatalogValue): void {
    this.check();
    this.state.meta.putSync(key, value);
  }

  metaDelete(key: string): boolean {
    this.check();
    return this.state.meta.removeSync(key);
  }

  /** Records `tick` as the last sealed tick; ticks must strictly increase. */
  setLastSealedTick(tick: number): void {
    const last = this.lastSealedTick();
    if (last !== null && tick <= last) {
      throw internalError(`storage: sealed tick ${tick} is not after ${last}`);
    }
    this.metaPut(META_LAST_SEALED_TICK, tick);
  }

  private lastRowId(id: string): number {
    const pending = this.rowIds.get(id);
    if (pending !== undefined) return pending;
    const cached = this.state.rowIds.get(id);
    if (cached !== undefined) return cached;
    const stored = this.state.meta.get(rowIdMetaKey(id));
    return typeof stored === 'number' ? stored : 0;
  }

  /**
   * Called inside the LMDB transaction, after fn: persists the advanced row id counters and
   * advances the commit (and, if it changed, catalog) sequence.
   */
  flush(): void {
    for (const [id, last] of this.rowIds) {
      if (this.state.tables.get(id) === 'live') this.state.meta.putSync(rowIdMetaKey(id), last);
    }
    const meta = this.state.meta;
    const seq = (meta.get(META_COMMIT_SEQ) as number | undefined) ?? 0;
    meta.putSync(META_COMMIT_SEQ, seq + 1);
    if (this.catalogChanged) meta.putSync(META_CATALOG_SEQ, seq + 1);
  }

  committed(): void {
    this.active = false;
    for (const [id, last] of this.rowIds) this.state.rowIds.set(id, last);
    for (const id of this.revived) this.state.dropping.delete(id);
    for (const id of this.dropped) {
      this.state.rowIds.delete(id);
      if (this.state.tables.get(id) === 'dropping') this.state.dropping.add(id);
    }
  }

  aborted(): void {
    this.active = false;
    for (const id of this.opened) this.state.handles.delete(id);
  }
}

const APPEND = { append: true } as const;
const NO_OVERWRITE = { noOverwrite: true } as const;

function checkedKey(key: KeyInput): Buffer {
  const k = keyBytes(key);
  if (k.length === 0) throw internalError('storage: empty key');
  if (k.length > MAX_KEY_BYTES) {
    throw programLimitExceeded(
      `index row size ${k.length} exceeds maximum ${MAX_KEY_BYTES} for index key`,
    );
  }
  return k;
}
