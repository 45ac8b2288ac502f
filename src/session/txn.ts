// The writes of a transaction that has not committed yet, overlaid on the committed snapshot so
// the transaction reads its own writes. Committed atomically by the engine.
import type { Row } from '../repr/index.js';
import type { StoreSnapshot } from './store-api.js';

export interface PendingRow {
  readonly key: Uint8Array;
  /** null = deleted. */
  readonly row: Row | null;
  /**
   * An INSERT of a primary key that was absent when staged: if another transaction commits the
   * same key first, this commit fails with a unique violation instead of overwriting it.
   */
  readonly mustBeNew: boolean;
}

const hex = (k: Uint8Array): string => Buffer.from(k).toString('hex');

export class TxnWrites {
  readonly tables = new Map<string, Map<string, PendingRow>>();
  /**
   * The committed version of each row this transaction updated or deleted, as its statement read
   * it: if another transaction changed the row before this one commits, the commit fails with a
   * serialization failure instead of silently overwriting that change (a lost update).
   */
  readonly basedOn = new Map<string, Map<string, { key: Uint8Array; row: Row }>>();
  /** Highest row id handed out in this transaction. */
  maxRowId = 0;

  isEmpty(): boolean {
    return this.tables.size === 0;
  }

  private table(id: string): Map<string, PendingRow> {
    let t = this.tables.get(id);
    if (t === undefined) {
      t = new Map();
      this.tables.set(id, t);
    }
    return t;
  }

  put(tableId: string, key: Uint8Array, row: Row, mustBeNew = false): void {
    this.table(tableId).set(hex(key), { key, row, mustBeNew });
  }

  /**
   * Records that the transaction is about to change the row under `key`, which its statement
   * read as `row` (the first version read counts; rows the transaction wrote itself are not
   * checked).
   */
  readRow(tableId: string, key: Uint8Array, row: Row): void {
    const h = hex(key);
    if (this.tables.get(tableId)?.has(h) === true) return;
    let t = this.basedOn.get(tableId);
    if (t === undefined) this.basedOn.set(tableId, (t = new Map()));
    if (!t.has(h)) t.set(h, { key, row });
  }

  delete(tableId: string, key: Uint8Array): void {
    this.table(tableId).set(hex(key), { key, row: null, mustBeNew: false });
  }

  /** Drops everything pending for a table (it was dropped). */
  forget(tableId: string): void {
    this.tables.delete(tableId);
    this.basedOn.delete(tableId);
  }

  get(snapshot: StoreSnapshot, tableId: string, key: Uint8Array): Row | undefined {
    const p = this.tables.get(tableId)?.get(hex(key));
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
      if (!pending.has(hex(key))) yield [key, row];
    }
    for (const p of pending.values()) if (p.row !== null) yield [p.key, p.row];
  }
}
