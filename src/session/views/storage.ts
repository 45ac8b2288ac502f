// How a materialized view is stored: three kinds of LMDB databases per view, all written in the
// tick's write transaction and read by SELECTs through their snapshot.
//
//   contents  <view id>     keyPart(exactRowKey(row)) → [count, ...row]          (the view's rows;
//                           a view with a key: arranged by it, as a unique index below; a view
//                           whose rows are a reduce's groups may keep each group's state after
//                           its row: [count, ...row, ...state], count 0 for a group without a
//                           row — readers take `width` values after the count, see groupRows)
//   errors    <view id>.e   keyPart(errorKey(e)) → [count, code, message, detail, hint]
//   state     <view id>.s   operator state of its dataflow (src/dataflow/state-lmdb.ts)
//   index     <index id>    indexKey(key columns) ++ keyPart(exactRowKey(row)) → [count, ...row]
//             unique index  indexKey(key columns) → [1, ...row]   (its columns hold a key of the
//                           view; a key too long for LMDB is hashed and gets the row key too)
//             an index on exactly the columns the contents are arranged by (unique) has no
//             database: it reads the contents (IndexRecord.inContents)
//
// A view whose errors database holds a live error cannot be read: the read fails with that
// error (as the same query would in PostgreSQL) until the offending input is gone.
import { createHash } from 'node:crypto';
import { EddyError, internalError } from '../../errors/index.js';
import { exactRowKey, rowKey, type Datum, type Diff, type Row } from '../../repr/index.js';
import type { GroupRows, GroupRowSlot } from '../../dataflow/state.js';
import { addCount, keyPart, type StateTxn } from '../../dataflow/state-lmdb.js';
import { errorKey, errorToRow, rowToError } from '../../dataflow/error-set.js';
import { encodeKey, FreshKeys } from '../../storage/index.js';
import type { IndexRecord, MaterializedViewRecord } from '../catalog/objects.js';
import type { StoreSnapshot, StoreTxn } from '../store-api.js';

export const errorsDb = (viewId: string): string => `${viewId}.e`;
export const stateDb = (viewId: string): string => `${viewId}.s`;

/** Every LMDB database of a view (its indexes are dropped with their own records). */
export function viewDbs(viewId: string): string[] {
  return [viewId, errorsDb(viewId), stateDb(viewId), `${viewId}.h`];
}

/** The key of the hydration marker in a view's errors database (see markHydrating). */
const HYDRATING_KEY = Buffer.from([0xff, 0xff, 0xff]);
/** The key of the number of errors with a positive count (reads check it, not scan). */
const LIVE_ERRORS_KEY = Buffer.from([0xfe]);

const MAX_INDEX_KEY = 2048;
/** Hashed index keys: 0xff 0xff and the md5 of the encoded values (never an encoded key). */
const HASHED_KEY_LENGTH = 18;

/** The key prefix of an index entry for these key values (hashed when too long for LMDB). */
export function indexKey(values: readonly Datum[]): Buffer {
  const k = encodeKey(values);
  if (k.length <= MAX_INDEX_KEY) return k;
  return Buffer.concat([Buffer.from([0xff, 0xff]), createHash('md5').update(k).digest()]);
}

function isHashed(k: Buffer): boolean {
  return k.length === HASHED_KEY_LENGTH && startsHashed(k);
}

/** Whether an entry key starts with a hashed index key (no encoded key starts so). */
function startsHashed(k: Buffer): boolean {
  return k[0] === 0xff && k[1] === 0xff;
}

/**
 * How a database of [count, ...row] entries arranges a view's rows: by the values of `columns`,
 * then the row's own key — or, when `unique` (the columns hold a key of the view), by the values
 * alone, one entry per value. The contents of a view are arranged by a key of the view when it
 * has one, else by no columns: by the row's own key.
 */
export interface IndexShape {
  readonly columns: readonly number[];
  readonly unique: boolean;
}

export function indexShape(r: IndexRecord): IndexShape {
  return { columns: r.columns, unique: r.unique === true };
}

/** The contents' arrangement of a view (views created before keys were recorded: by row). */
export function contentsShape(r: MaterializedViewRecord): IndexShape {
  const key = r.keys?.find((k) => k.length > 0);
  return key === undefined ? { columns: [], unique: false } : { columns: key, unique: true };
}

/** The row's own key: its exact value identity. */
function rowEntryKey(row: Row): Buffer {
  return keyPart(exactRowKey(row));
}

/**
 * The key of `row`'s entry in a database arranged as `ix`; `rowKey` gives the row's own key
 * (computed once per row however many databases need it).
 */
function entryKey(ix: IndexShape, row: Row, rowKey: () => Buffer): Buffer {
  if (ix.columns.length === 0) return rowKey();
  const k = indexKey(ix.columns.map((c) => row[c] ?? null));
  // A hashed key could collide: it always carries the row's key too.
  return ix.unique && !isHashed(k) ? k : Buffer.concat([k, rowKey()]);
}

/**
 * Applies a consolidated batch to one database arranged as `ix`. With `isSet` (the view's rows
 * never repeat, planner/keys.ts) a change is a plain insertion or deletion, no count read first.
 * In a unique arrangement a row replacing another with the same key (a group's new aggregates)
 * overwrites its entry: insertions go first, and a deletion whose key was just written is skipped.
 */
function applyTo(
  txn: StoreTxn,
  db: string,
  ix: IndexShape,
  batch: readonly (readonly [Row, Diff])[],
  isSet: boolean,
  rowKey: (i: number) => Buffer,
): void {
  const key = (i: number): Buffer => entryKey(ix, batch[i]![0], () => rowKey(i));
  if (!isSet) {
    const state = stateTxn(txn, db);
    const fresh = new FreshKeys();
    for (let i = 0; i < batch.length; i++) {
      const [row, diff] = batch[i]!;
      addCount(state, key(i), row, diff, fresh);
    }
    return;
  }
  if (!ix.unique) {
    for (let i = 0; i < batch.length; i++) {
      const [row, diff] = batch[i]!;
      if (diff > 0) txn.putRow(db, key(i), [diff, ...row]);
      else txn.deleteRow(db, key(i));
    }
    return;
  }
  // A deletion is skipped when an insertion wrote its key: usually its neighbour (a group's old
  // and new rows come out together), seen without encoding the deleted row's key when the key
  // values are identical, else found by comparing encoded keys.
  const keys: (Buffer | undefined)[] = new Array<Buffer | undefined>(batch.length);
  const keyOf = (i: number): Buffer => (keys[i] ??= key(i));
  for (let i = 0; i < batch.length; i++) {
    const [row, diff] = batch[i]!;
    if (diff > 0) txn.putRow(db, keyOf(i), [diff, ...row]);
  }
  const sameKey = (i: number, j: number): boolean => {
    if (j < 0 || j >= batch.length || batch[j]![1] < 0) return false;
    const a = batch[i]![0];
    const b = batch[j]![0];
    // (A hashed key also holds the row's own key: identical key values are not enough.)
    if (!startsHashed(keyOf(j)) && ix.columns.every((c) => Object.is(a[c], b[c]))) return true;
    return keyOf(j).equals(keyOf(i));
  };
  let written: Set<string> | null = null;
  for (let i = 0; i < batch.length; i++) {
    if (batch[i]![1] > 0 || sameKey(i, i - 1) || sameKey(i, i + 1)) continue;
    if (written === null) {
      written = new Set();
      for (let j = 0; j < batch.length; j++)
        if (batch[j]![1] > 0) written.add(keyOf(j).toString('latin1'));
    }
    if (!written.has(keyOf(i).toString('latin1'))) txn.deleteRow(db, keyOf(i));
  }
}

/**
 * The contents of a view whose rows are a reduce's groups, arranged (unique) by their first
 * `keyColumns` columns — the group key's first values — for the reduce to keep each group's
 * state in the group's entry, under the key an index on those columns reads (unique entryKey):
 * a group's entry is [1, ...row, ...state], or [0, width nulls, ...state] while the group outputs
 * no row (its output is an error). A key too long for LMDB is hashed and followed by the group's
 * own key (not the row's, which changes with the group's aggregates). `txn` gives the tick's
 * write transaction.
 */
export function groupRows(
  txn: () => StoreTxn,
  viewId: string,
  width: number,
  keyColumns: number,
): GroupRows {
  return new ContentsGroups(txn, viewId, width, keyColumns);
}

class ContentsGroups implements GroupRows {
  constructor(
    readonly txn: () => StoreTxn,
    readonly viewId: string,
    readonly width: number,
    private readonly keyColumns: number,
  ) {}

  slot(key: readonly Datum[]): GroupRowSlot {
    if (key.length < this.keyColumns)
      throw internalError(`view ${this.viewId}: a group key shorter than its contents' key`);
    const k = indexKey(key.length === this.keyColumns ? key : key.slice(0, this.keyColumns));
    return new ContentsGroup(this, isHashed(k) ? Buffer.concat([k, keyPart(rowKey(key))]) : k);
  }
}

/** One group's entry in a view's contents (this runs per changed group: no closures). */
class ContentsGroup implements GroupRowSlot {
  constructor(
    private readonly groups: ContentsGroups,
    private readonly entry: Buffer,
  ) {}

  get(): Row | undefined {
    const { txn, viewId, width } = this.groups;
    return txn()
      .getRow(viewId, this.entry)
      ?.slice(1 + width);
  }

  set(state: Row, output: Row | null): void {
    const { txn, viewId, width } = this.groups;
    const stored: Datum[] = [output === null ? 0 : 1];
    for (let i = 0; i < width; i++) stored.push(output === null ? null : (output[i] ?? null));
    for (let i = 0; i < state.length; i++) stored.push(state[i]!);
    txn().putRow(viewId, this.entry, stored);
  }

  delete(): void {
    this.groups.txn().deleteRow(this.groups.viewId, this.entry);
  }
}

/**
 * Applies a consolidated batch of the view's output to its contents (null: written by its
 * reduce, see groupRows) and indexes.
 */
export function applyOutput(
  txn: StoreTxn,
  viewId: string,
  contents: IndexShape | null,
  indexes: readonly (IndexShape & { readonly id: string })[],
  batch: readonly (readonly [Row, Diff])[],
  isSet: boolean,
): void {
  const rowKeys: (Buffer | undefined)[] = [];
  const rowKey = (i: number): Buffer => (rowKeys[i] ??= rowEntryKey(batch[i]![0]));
  if (contents !== null) applyTo(txn, viewId, contents, batch, isSet, rowKey);
  for (const ix of indexes) applyTo(txn, ix.id, ix, batch, isSet, rowKey);
}

/** Fills a new index from the current contents of a view whose rows have `width` columns. */
export function buildIndex(
  txn: StoreTxn,
  viewId: string,
  indexId: string,
  ix: IndexShape,
  width: number,
): void {
  for (const [, stored] of txn.scanPrefix(viewId, new Uint8Array(0))) {
    const count = stored[0] as number;
    if (count <= 0) continue;
    const row = stored.slice(1, 1 + width);
    txn.putRow(
      indexId,
      entryKey(ix, row, () => rowEntryKey(row)),
      [count, ...row],
    );
  }
}

/** Applies a consolidated batch of the view's errors. */
export function applyErrors(
  txn: StoreTxn,
  viewId: string,
  batch: readonly (readonly [EddyError, Diff])[],
): void {
  let live = 0;
  const errors = stateTxn(txn, errorsDb(viewId));
  for (const [e, diff] of batch)
    live += addCount(errors, keyPart(errorKey(e)), errorToRow(e), diff);
  if (live !== 0) {
    const cur = txn.getRow(errorsDb(viewId), LIVE_ERRORS_KEY);
    txn.putRow(errorsDb(viewId), LIVE_ERRORS_KEY, [((cur?.[0] as number) ?? 0) + live]);
  }
}

/** Operator state read and written through a write transaction, in database `db`. */
export function stateTxn(txn: StoreTxn, db: string): StateTxn {
  return {
    get: (key) => txn.getRow(db, key),
    put: (key, row) => txn.putRow(db, key, row),
    putIfAbsent: (key, row) => txn.putRowIfAbsent(db, key, row),
    delete: (key) => txn.deleteRow(db, key),
    scanPrefix: (prefix) => txn.scanPrefix(db, prefix),
    edge: (prefix, last) => txn.edge(db, prefix, last),
  };
}

/** Whether a key of an errors database is an error (not the marker or the live count). */
function isErrorKey(key: Uint8Array): boolean {
  return key[0]! < 0xfe;
}

/** The view's errors with their counts (without its hydration marker), as of the snapshot. */
export function snapshotErrors(snapshot: StoreSnapshot, viewId: string): [EddyError, Diff][] {
  const out: [EddyError, Diff][] = [];
  for (const [key, stored] of snapshot.scanPrefix(errorsDb(viewId), new Uint8Array(0))) {
    if (isErrorKey(key)) out.push([rowToError(stored.slice(1)), stored[0] as number]);
  }
  return out;
}

/**
 * A view being hydrated carries this entry in its errors database, so that a read through any
 * snapshot before hydration finished fails (55000) instead of seeing partial contents; the
 * transaction of the last hydration slice removes it. After a crash, a view still carrying it is
 * hydrated again from scratch.
 */

export function markHydrating(txn: StoreTxn, viewId: string, name: string): void {
  txn.putRow(errorsDb(viewId), HYDRATING_KEY, [
    1,
    '55000',
    `materialized view "${name}" is still being created`,
    null,
    'Its CREATE MATERIALIZED VIEW statement returns once it is ready.',
  ]);
}

export function clearHydrating(txn: StoreTxn, viewId: string): void {
  txn.deleteRow(errorsDb(viewId), HYDRATING_KEY);
}

export function isHydrating(txn: StoreTxn, viewId: string): boolean {
  return txn.getRow(errorsDb(viewId), HYDRATING_KEY) !== undefined;
}

/** The error a read of the view fails with, if it has live errors (the least by SQLSTATE). */
export function viewError(snapshot: StoreSnapshot, viewId: string): EddyError | undefined {
  const e = snapshot.memo(`error ${viewId}`, () => readViewError(snapshot, viewId));
  // (A new error each time: one thrown is the reader's.)
  return e === undefined
    ? undefined
    : new EddyError(e.code, e.message, {
        ...(e.detail === undefined ? {} : { detail: e.detail }),
        ...(e.hint === undefined ? {} : { hint: e.hint }),
      });
}

function readViewError(snapshot: StoreSnapshot, viewId: string): EddyError | undefined {
  const hydrating = snapshot.get(errorsDb(viewId), HYDRATING_KEY);
  if (hydrating !== undefined) return rowToError(hydrating.slice(1));
  const live = snapshot.get(errorsDb(viewId), LIVE_ERRORS_KEY);
  if (live === undefined || (live[0] as number) <= 0) return undefined;
  let best: EddyError | undefined;
  for (const [key, stored] of snapshot.scanPrefix(errorsDb(viewId), new Uint8Array(0))) {
    if (!isErrorKey(key) || (stored[0] as number) <= 0) continue;
    const e = rowToError(stored.slice(1));
    if (
      best === undefined ||
      e.code < best.code ||
      (e.code === best.code && e.message < best.message)
    )
      best = e;
  }
  return best;
}

/**
 * Rows of `width` columns of [count, ...row] entries, each repeated `count` times (what follows
 * the row in an entry is not part of it: a group's state, see groupRows).
 */
export function* expandCounted(
  entries: Iterable<readonly [Uint8Array, Row]>,
  width: number,
): Iterable<Row> {
  for (const [, stored] of entries) {
    const n = stored[0] as number;
    if (n <= 0) continue;
    const row = stored.slice(1, 1 + width);
    for (let i = 0; i < n; i++) yield row;
  }
}

/**
 * The rows (of `width` columns) of a view as of the snapshot (throws the view's error, if it has
 * one).
 */
export function readView(snapshot: StoreSnapshot, viewId: string, width: number): Iterable<Row> {
  const err = viewError(snapshot, viewId);
  if (err !== undefined) throw err;
  return expandCounted(snapshot.scanPrefix(viewId, new Uint8Array(0)), width);
}

/**
 * The view's rows (of `width` columns) whose index columns equal one of `lookups`, through index
 * `indexId`.
 */
export function* lookupView(
  snapshot: StoreSnapshot,
  viewId: string,
  indexId: string,
  unique: boolean,
  lookups: readonly (readonly Datum[])[],
  width: number,
): Iterable<Row> {
  const err = viewError(snapshot, viewId);
  if (err !== undefined) throw err;
  const seen = lookups.length === 1 ? null : new Set<string>();
  for (const values of lookups) {
    const prefix = indexKey(values);
    if (seen !== null) {
      const hex = prefix.toString('hex');
      if (seen.has(hex)) continue;
      seen.add(hex);
    }
    if (unique && !isHashed(prefix)) {
      const stored = snapshot.get(indexId, prefix);
      // (An entry of a view's contents may hold a group without a row, and its state after it.)
      if (stored !== undefined && (stored[0] as number) > 0) yield stored.slice(1, 1 + width);
    } else {
      yield* expandCounted(snapshot.scanPrefix(indexId, prefix), width);
    }
  }
}
