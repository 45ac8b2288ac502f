// A sink's outbox: the changes of the relation it writes, staged in LMDB inside the very tick
// transaction that made them (`<sink id>.out`, keyed by (tick, sequence), each entry
// [diff, ...row]). The sink's writer drains it to Kafka in ticks, each Kafka transaction carrying
// whole ticks plus the sink's progress record (the last tick written); once Kafka committed, the
// drained entries are deleted. After a crash the progress record says which ticks Kafka has:
// those are deleted unwritten, the rest are written — every change exactly once.
import type { Datum, Diff, Row } from '../../repr/index.js';
import { decodeKey, encodeKey } from '../../storage/index.js';
import type { StoreSnapshot, StoreTxn } from '../store-api.js';

export const outboxOf = (sinkId: string): string => `${sinkId}.out`;

/** Stages one tick's changes of the sink's relation. */
export function stage(
  txn: StoreTxn,
  sinkId: string,
  tick: number,
  changes: readonly (readonly [Row, Diff])[],
): void {
  const table = outboxOf(sinkId);
  let seq = 0;
  for (const [row, diff] of changes) {
    txn.putRow(table, encodeKey([BigInt(tick), seq++]), [diff, ...row] as Datum[]);
  }
}

export interface OutboxTick {
  readonly tick: number;
  readonly changes: (readonly [Row, Diff])[];
  readonly keys: Uint8Array[];
}

/**
 * The oldest staged ticks, whole, until at least `limit` changes are collected (a tick is never
 * split: a Kafka transaction carries whole ticks).
 */
export function readTicks(snapshot: StoreSnapshot, sinkId: string, limit: number): OutboxTick[] {
  const out: OutboxTick[] = [];
  let count = 0;
  let current: OutboxTick | null = null;
  for (const [key, stored] of snapshot.scanPrefix(outboxOf(sinkId), new Uint8Array(0))) {
    const tick = Number(decodeKey(key, undefined, 1)[0] as bigint);
    if (current === null || current.tick !== tick) {
      if (count >= limit) break;
      current = { tick, changes: [], keys: [] };
      out.push(current);
    }
    current.changes.push([stored.slice(1), Number(stored[0])]);
    current.keys.push(key);
    count++;
  }
  return out;
}

/** Deletes the staged entries of every tick up to and including `tick`. */
export function dropThrough(txn: StoreTxn, sinkId: string, tick: number): void {
  const table = outboxOf(sinkId);
  for (const [key] of txn.scanBelow(table, encodeKey([BigInt(tick + 1)])))
    txn.deleteRow(table, key);
}
