// Retained history of a materialized view (CREATE MATERIALIZED VIEW ... WITH (RETAIN HISTORY FOR
// '1h')): every change of its contents, by tick, kept for the retention period, so that
// SUBSCRIBE ... AS OF a past tick can start there. Written in the tick's transaction, with the
// view; compacted as ticks pass (entries older than the retention period are deleted).
//
//   history  <view id>.h   [tick: u64 BE][seq: u32 BE] → [diff, ...row]
//                          SINCE_KEY → [since]: the oldest tick the history can start from
import type { Diff, Row } from '../../repr/index.js';
import type { StoreSnapshot, StoreTxn } from '../store-api.js';

export const historyDb = (viewId: string): string => `${viewId}.h`;

const SINCE_KEY = Buffer.from([0xff]);

function entryKey(tick: number, seq: number): Buffer {
  const k = Buffer.allocUnsafe(12);
  k.writeBigUInt64BE(BigInt(tick), 0);
  k.writeUInt32BE(seq, 8);
  return k;
}

/** Records a tick's changes and drops what the retention period no longer covers. */
export function recordHistory(
  txn: StoreTxn,
  viewId: string,
  tick: number,
  retainMs: number,
  changes: readonly (readonly [Row, Diff])[],
): void {
  const db = historyDb(viewId);
  changes.forEach(([row, diff], i) => txn.putRow(db, entryKey(tick, i), [diff, ...row]));
  const bound = tick - retainMs;
  const expired = txn.scanBelow(db, entryKey(bound, 0)).map(([k]) => k);
  for (const k of expired) txn.deleteRow(db, k);
  const since = txn.getRow(db, SINCE_KEY);
  if (since !== undefined && (since[0] as number) < bound) txn.putRow(db, SINCE_KEY, [bound]);
}

/** From now on the history is complete (a view that finished hydrating at `tick`). */
export function startHistory(txn: StoreTxn, viewId: string, tick: number): void {
  txn.putRow(historyDb(viewId), SINCE_KEY, [tick]);
}

/** The oldest tick a subscription can start at, or null if the view keeps no history yet. */
export function historySince(snapshot: StoreSnapshot, viewId: string): number | null {
  const since = snapshot.get(historyDb(viewId), SINCE_KEY);
  return since === undefined ? null : (since[0] as number);
}

/** The changes after tick `after`, in tick order, grouped by tick. */
export function historyAfter(
  snapshot: StoreSnapshot,
  viewId: string,
  after: number,
): [number, [Row, Diff][]][] {
  const out: [number, [Row, Diff][]][] = [];
  for (const [k, stored] of snapshot.scanPrefix(historyDb(viewId), new Uint8Array(0))) {
    if (k.length !== 12) continue;
    const tick = Number(Buffer.from(k).readBigUInt64BE(0));
    if (tick <= after) continue;
    const last = out.at(-1);
    const change: [Row, Diff] = [stored.slice(1), stored[0] as number];
    if (last !== undefined && last[0] === tick) last[1].push(change);
    else out.push([tick, [change]]);
  }
  return out;
}
