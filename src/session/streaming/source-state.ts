// A source's durable progress: per partition, the next offset to read, and running totals
// (records, bytes, decode errors). It is written in the same LMDB transaction as the rows the
// records became, so after a crash a source resumes exactly after the last record it committed:
// nothing lost, nothing counted twice.
//
// Records that cannot be decoded are kept, with their partition, offset, error and raw bytes, in
// the source's error table (`<id>.err`, keyed by a sequence number), the newest
// ERRORS_KEPT of them; mz_internal.eddy_source_errors reads it.
import type { Datum, Row } from '../../repr/index.js';
import { encodeKey } from '../../storage/index.js';
import type { StoreTxn } from '../store-api.js';

/** How many decode errors a source keeps (older ones are deleted as new ones come). */
export const ERRORS_KEPT = 10_000;

export interface SourceProgress {
  /** Next offset to read, by partition. */
  readonly offsets: ReadonlyMap<number, bigint>;
  readonly records: number;
  readonly bytes: number;
  readonly errors: number;
  /** Updates (row changes) the source's records made. */
  readonly updates: number;
}

export const NO_PROGRESS: SourceProgress = {
  offsets: new Map(),
  records: 0,
  bytes: 0,
  errors: 0,
  updates: 0,
};

const metaKey = (sourceId: string): string => `source:${sourceId}`;

/** The error table of a source. */
export const errorTableOf = (sourceId: string): string => `${sourceId}.err`;

export function readProgress(
  meta: (key: string) => number | string | undefined,
  sourceId: string,
): SourceProgress | undefined {
  const raw = meta(metaKey(sourceId));
  if (typeof raw !== 'string') return undefined;
  const j = JSON.parse(raw) as {
    offsets: Record<string, string>;
    records: number;
    bytes: number;
    errors: number;
    updates?: number;
  };
  return {
    offsets: new Map(Object.entries(j.offsets).map(([p, o]) => [Number(p), BigInt(o)])),
    records: j.records,
    bytes: j.bytes,
    errors: j.errors,
    updates: j.updates ?? 0,
  };
}

export function writeProgress(txn: StoreTxn, sourceId: string, p: SourceProgress): void {
  const offsets: Record<string, string> = {};
  for (const [partition, offset] of p.offsets) offsets[String(partition)] = offset.toString();
  txn.setMeta(
    metaKey(sourceId),
    JSON.stringify({
      offsets,
      records: p.records,
      bytes: p.bytes,
      errors: p.errors,
      updates: p.updates,
    }),
  );
}

/** A record that could not be decoded. */
export interface DecodeFailure {
  readonly partition: number;
  readonly offset: bigint;
  readonly message: string;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  /** Microseconds since the epoch (timestamptz). */
  readonly at: bigint;
}

/**
 * Appends decode failures to the source's error table; `seen` is the number of errors before
 * these (their sequence numbers continue from it). Deletes those older than ERRORS_KEPT.
 */
export function keepErrors(
  txn: StoreTxn,
  sourceId: string,
  seen: number,
  failures: readonly DecodeFailure[],
): void {
  const table = errorTableOf(sourceId);
  let seq = seen;
  for (const f of failures) {
    seq++;
    const row: Row = [f.partition, f.offset, f.message, f.key, f.value, f.at] as Datum[];
    txn.putRow(table, encodeKey([BigInt(seq)]), row);
    if (seq > ERRORS_KEPT) txn.deleteRow(table, encodeKey([BigInt(seq - ERRORS_KEPT)]));
  }
}
