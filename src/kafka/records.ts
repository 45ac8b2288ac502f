// Decoding of fetched record batches into Eddy's KafkaRecord, with read_committed semantics done
// here rather than trusted to the library: records of aborted transactions are dropped using the
// fetch response's aborted-transaction list and the ABORT control markers (the algorithm of the
// Java consumer), control records are skipped, and records before the requested offset (a batch
// may start earlier) are dropped. Pure functions, no I/O.
import type { RecordsBatch } from '@platformatic/kafka';

/** One record of a topic partition, as the caller sees it. */
export interface KafkaRecord {
  readonly partition: number;
  readonly offset: bigint;
  /** Milliseconds since the Unix epoch (create time, or log-append time if the topic uses it). */
  readonly timestamp: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly (readonly [string, Buffer | null])[];
}

/** An entry of a fetch response's aborted-transaction list. */
export interface AbortedTransaction {
  readonly producerId: bigint;
  readonly firstOffset: bigint;
}

const IS_TRANSACTIONAL = 1 << 4;
const IS_CONTROL = 1 << 5;
const LOG_APPEND_TIME = 1 << 3;
/** Control record type (bytes 2-3 of the control record key): 0 = ABORT, 1 = COMMIT. */
const ABORT_MARKER = 0;

export interface DecodedPartition {
  readonly records: KafkaRecord[];
  /** Offset to fetch next: one past the last batch seen (control batches included). */
  readonly nextOffset: bigint;
}

export function decodeBatches(
  partition: number,
  batches: readonly RecordsBatch[] | undefined,
  fetchOffset: bigint,
  aborted: readonly AbortedTransaction[] | null,
  readCommitted: boolean,
): DecodedPartition {
  const records: KafkaRecord[] = [];
  let nextOffset = fetchOffset;
  if (batches === undefined) return { records, nextOffset };
  // Aborted transactions in the order they started; a producer joins `abortedProducers` once we
  // reach its aborted transaction's first offset and leaves it at its ABORT marker.
  const pending = readCommitted
    ? [...(aborted ?? [])].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1))
    : [];
  const abortedProducers = new Set<bigint>();
  for (const batch of batches) {
    const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    if (lastOffset < fetchOffset) continue;
    if (lastOffset + 1n > nextOffset) nextOffset = lastOffset + 1n;
    while (pending.length > 0 && pending[0]!.firstOffset <= lastOffset) {
      abortedProducers.add(pending.shift()!.producerId);
    }
    if ((batch.attributes & IS_CONTROL) !== 0) {
      const key = batch.records[0]?.key;
      if (key != null && key.length >= 4 && key.readInt16BE(2) === ABORT_MARKER) {
        abortedProducers.delete(batch.producerId);
      }
      continue;
    }
    if (
      readCommitted &&
      (batch.attributes & IS_TRANSACTIONAL) !== 0 &&
      abortedProducers.has(batch.producerId)
    ) {
      continue;
    }
    const logAppendTime = (batch.attributes & LOG_APPEND_TIME) !== 0;
    for (const r of batch.records) {
      const offset = batch.firstOffset + BigInt(r.offsetDelta);
      if (offset < fetchOffset) continue;
      records.push({
        partition,
        offset,
        timestamp: logAppendTime ? batch.maxTimestamp : batch.firstTimestamp + r.timestampDelta,
        key: r.key,
        value: r.value,
        headers: r.headers.map(([k, v]) => [k === null ? '' : k.toString('utf8'), v] as const),
      });
    }
  }
  return { records, nextOffset };
}
