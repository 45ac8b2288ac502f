// decodeBatches (src/kafka/records.ts) on exact small inputs: control records skipped, aborted
// transactions dropped under read_committed (also when the ABORT marker is not in the response,
// and for two aborted transactions of one producer), records before the fetch offset dropped,
// log-append time, and nextOffset past control markers.
import type { RecordsBatch } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { decodeBatches } from '../../src/kafka/records.js';

const TXN = 1 << 4;
const CONTROL = 1 << 5;
const LOG_APPEND = 1 << 3;

function batch(
  firstOffset: bigint,
  values: string[],
  opts: { producerId?: bigint; attributes?: number; firstTimestamp?: bigint } = {},
): RecordsBatch {
  return {
    firstOffset,
    length: 0,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes: opts.attributes ?? 0,
    lastOffsetDelta: values.length - 1,
    firstTimestamp: opts.firstTimestamp ?? 1000n,
    maxTimestamp: 5000n,
    producerId: opts.producerId ?? -1n,
    producerEpoch: 0,
    firstSequence: 0,
    records: values.map((v, i) => ({
      length: 0,
      attributes: 0,
      timestampDelta: BigInt(i),
      offsetDelta: i,
      key: null,
      value: Buffer.from(v),
      headers: [[Buffer.from('h'), null]],
    })),
  };
}

/** A control batch (one record) of `producerId`: ABORT (type 0) or COMMIT (type 1). */
function marker(offset: bigint, producerId: bigint, type: 0 | 1): RecordsBatch {
  const b = batch(offset, ['-'], { producerId, attributes: TXN | CONTROL });
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(type, 2);
  return { ...b, records: [{ ...b.records[0]!, key, value: Buffer.alloc(6) }] };
}

const values = (r: ReturnType<typeof decodeBatches>): string[] =>
  r.records.map((x) => `${x.offset}:${x.value!.toString()}`);

describe('decodeBatches', () => {
  const log = [
    batch(0n, ['a', 'b']),
    batch(2n, ['t1', 't2'], { producerId: 7n, attributes: TXN }), // aborted
    batch(4n, ['u1'], { producerId: 8n, attributes: TXN }), // committed
    marker(5n, 7n, 0),
    marker(6n, 8n, 1),
    batch(7n, ['t3'], { producerId: 7n, attributes: TXN }), // aborted again
    marker(8n, 7n, 0),
    batch(9n, ['t4'], { producerId: 7n, attributes: TXN }), // committed
    marker(10n, 7n, 1),
  ];
  const aborted = [
    { producerId: 7n, firstOffset: 7n },
    { producerId: 7n, firstOffset: 2n },
  ];

  it('drops aborted transactions and control records under read_committed', () => {
    const r = decodeBatches(3, log, 0n, aborted, true);
    expect(values(r)).toEqual(['0:a', '1:b', '4:u1', '9:t4']);
    expect(r.nextOffset).toBe(11n);
    expect(r.records[0]).toEqual({
      partition: 3,
      offset: 0n,
      timestamp: 1000n,
      key: null,
      value: Buffer.from('a'),
      headers: [['h', null]],
    });
    expect(r.records[1]!.timestamp).toBe(1001n);
  });

  it('keeps them under read_uncommitted (control records still skipped)', () => {
    const r = decodeBatches(0, log, 0n, aborted, false);
    expect(values(r)).toEqual(['0:a', '1:b', '2:t1', '3:t2', '4:u1', '7:t3', '9:t4']);
  });

  it('drops an aborted transaction whose ABORT marker is not in this response', () => {
    const r = decodeBatches(0, log.slice(0, 3), 0n, [{ producerId: 7n, firstOffset: 2n }], true);
    expect(values(r)).toEqual(['0:a', '1:b', '4:u1']);
    expect(r.nextOffset).toBe(5n);
  });

  it('starts at the fetch offset inside a batch', () => {
    const r = decodeBatches(0, log, 1n, aborted, true);
    expect(values(r)).toEqual(['1:b', '4:u1', '9:t4']);
  });

  it('uses the batch max timestamp for log-append time, and advances past control-only data', () => {
    const r = decodeBatches(0, [batch(0n, ['x'], { attributes: LOG_APPEND })], 0n, null, true);
    expect(r.records[0]!.timestamp).toBe(5000n);
    const onlyMarker = decodeBatches(0, [marker(6n, 8n, 1)], 6n, [], true);
    expect(onlyMarker).toEqual({ records: [], nextOffset: 7n });
    expect(decodeBatches(0, undefined, 42n, null, true)).toEqual({ records: [], nextOffset: 42n });
  });
});
