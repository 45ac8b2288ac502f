// The writes of a transaction that has not committed yet, overlaid on the committed snapshot so
// the transaction reads its own writes. Committed atomically by the engine. A savepoint marks
// them (mark) so ROLLBACK TO SAVEPOINT can put them back (restore).
import type { Row } from '../repr/index.js';
import type { SequencePosition } from './sequences.js';
import type { StoreSnapshot } from './store-api.js';

/**
 * What is known of the committed row under a pending row's key:
 *   'maybe'    there may be one (the commit looks it up: the change retracts it)
 *   'checked'  an INSERT of a primary key that was absent when staged: if another transaction
 *              commits the same key first, this commit fails with a unique violation instead of
 *              overwriting it
 *   'fresh'    the key is a row id handed out to this transaction: no row can be under it
 */
export type Newness = 'maybe' | 'checked' | 'fresh';

export interface PendingRow {
  readonly key: Uint8Array;
  /** null = deleted. */
  readonly row: Row | null;
  readonly newness: Newness;
}

/** An appended table's records as stored: one value of bytes under a key new by construction. */
export interface StoredChunk {
  readonly key: Uint8Array;
  readonly bytes: Uint8Array;
}

/** A key as a Map key: its bytes as a one-byte string (no copy of the key). */
const keyString = (k: Uint8Array): string =>
  (Buffer.isBuffer(k) ? k : Buffer.from(k.buffer, k.byteOffset, k.byteLength)).toString('latin1');

/** The pending writes as they were at a savepoint (copies; later writes do not change them). */
export interface TxnMark {
  readonly tables: ReadonlyMap<string, ReadonlyMap<string, PendingRow>>;
  readonly basedOn: ReadonlyMap<string, ReadonlyMap<string, { key: Uint8Array; row: Row }>>;
  readonly maxRowId: number;
  readonly sequences: ReadonlyMap<string, SequencePosition>;
}

const copy = <V>(m: ReadonlyMap<string, ReadonlyMap<string, V>>): Map<string, Map<string, V>> =>
  new Map([...m].map(([k, inner]) => [k, new Map(inner)]));

export class TxnWrites {
  readonly tables = new Map<string, Map<string, PendingRow>>();
  /**
   * The committed version of each row this transaction updated or deleted, as its statement read
   * it: if another transaction changed the row before this one commits, the commit fails with a
   * serialization failure instead of silently overwriting that change (a lost update).
   */
  readonly basedOn = new Map<string, Map<string, { key: Uint8Array; row: Row }>>();
  /**
   * Appended rows (an append-only source's records), by table: applied without looking anything
   * up, never read back by the writer, and stored not as rows but as the chunks of records they
   * were decoded from (streaming/source-log.ts), under keys that are new by construction.
   */
  readonly appended = new Map<string, { rows: Row[]; chunks: StoredChunk[] }>();
  /** Highest row id handed out in this transaction. */
  maxRowId = 0;
  /**
   * Sequences this transaction restarted, by id: their positions of its own, which nextval and
   * setval in the transaction move and its commit puts in place (Sequences.nextOf).
   */
  readonly sequences = new Map<string, SequencePosition>();

  isEmpty(): boolean {
    return this.tables.size === 0 && this.appended.size === 0 && this.sequences.size === 0;
  }

  /** Nothing written, read for an update or handed out: as new (a read-only transaction). */
  isUnused(): boolean {
    return this.isEmpty() && this.basedOn.size === 0 && this.maxRowId === 0;
  }

  /** The writes so far, for SAVEPOINT (copies the pending rows: O(rows written)). */
  mark(): TxnMark {
    return {
      tables: copy(this.tables),
      basedOn: copy(this.basedOn),
      maxRowId: this.maxRowId,
      // The positions themselves, not copies: as PostgreSQL's, a restarted sequence's nextval and
      // setval are not undone by ROLLBACK TO, only the restarts made after the savepoint are.
      sequences: new Map(this.sequences),
    };
  }

  /** ROLLBACK TO SAVEPOINT: discards every write made after `mark` was taken. */
  restore(mark: TxnMark): void {
    this.tables.clear();
    for (const [k, v] of copy(mark.tables)) this.tables.set(k, v);
    this.basedOn.clear();
    for (const [k, v] of copy(mark.basedOn)) this.basedOn.set(k, v);
    // Row ids handed out after the mark stay used: ids only need to be unique.
    this.maxRowId = Math.max(this.maxRowId, mark.maxRowId);
    this.sequences.clear();
    for (const [k, v] of mark.sequences) this.sequences.set(k, v);
  }

  private table(id: string): Map<string, PendingRow> {
    let t = this.tables.get(id);
    if (t === undefined) {
      t = new Map();
      this.tables.set(id, t);
    }
    return t;
  }

  put(tableId: string, key: Uint8Array, row: Row, newness: Newness = 'maybe'): void {
    this.table(tableId).set(keyString(key), { key, row, newness });
  }

  /**
   * Records that the transaction is about to change the row under `key`, which its statement
   * read as `row` (the first version read counts; rows the transaction wrote itself are not
   * checked).
   */
  readRow(tableId: string, key: Uint8Array, row: Row): void {
    const h = keyString(key);
    if (this.tables.get(tableId)?.has(h) === true) return;
    let t = this.basedOn.get(tableId);
    if (t === undefined) this.basedOn.set(tableId, (t = new Map()));
    if (!t.has(h)) t.set(h, { key, row });
  }

  /** Rows that are new by construction (no old row to look up), and what stores them. */
  append(tableId: string, rows: readonly Row[], chunks: readonly StoredChunk[]): void {
    let a = this.appended.get(tableId);
    if (a === undefined) this.appended.set(tableId, (a = { rows: [], chunks: [] }));
    for (const row of rows) a.rows.push(row);
    for (const chunk of chunks) a.chunks.push(chunk);
  }

  delete(tableId: string, key: Uint8Array): void {
    this.table(tableId).set(keyString(key), { key, row: null, newness: 'maybe' });
  }

  /** Drops everything pending for a table (it was dropped). */
  forget(tableId: string): void {
    this.tables.delete(tableId);
    this.appended.delete(tableId);
    this.basedOn.delete(tableId);
  }

  get(snapshot: StoreSnapshot, tableId: string, key: Uint8Array): Row | undefined {
    const p = this.tables.get(tableId)?.get(keyString(key));
    if (p !== undefined) return p.row ?? undefined;
    return snapshot.get(tableId, key);
  }

  /** The table's rows as this transaction sees them. */
  *scan(snapshot: StoreSnapshot, tableId: string): Iterable<readonly [Uint8Array, Row]> {
    const pending = this.tables.get(tableId);
    if (pending === undefined || pending.size === 0) {
      yield* snapshot.scan(tableId);
      return;
    }
    for (const [key, row] of snapshot.scan(tableId)) {
      if (!pending.has(keyString(key))) yield [key, row];
    }
    for (const p of pending.values()) if (p.row !== null) yield [p.key, p.row];
  }
}
