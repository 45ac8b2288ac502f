// readAll: reads a (small) topic from the start of every partition up to its current end (the
// last stable offset, so only committed records), e.g. the sink's progress topic on restart.
// Records come back grouped by partition, each partition in offset order.
import { KafkaAdmin } from './admin.js';
import type { KafkaConfig } from './config.js';
import { kafkaError } from './errors.js';
import { PartitionReader } from './reader.js';
import type { KafkaRecord } from './records.js';

export async function readAll(
  config: KafkaConfig,
  topic: string,
  options: {
    readonly maxBytes?: number;
    /**
     * 'stable' (default): up to the last stable offset now. 'end': up to the high watermark,
     * waiting for transactions still open to commit or abort (a reader that must not miss a
     * record committed after another writer's transaction began).
     */
    readonly through?: 'stable' | 'end';
  } = {},
): Promise<KafkaRecord[]> {
  const admin = new KafkaAdmin(config);
  let start: Map<number, bigint>;
  let end: Map<number, bigint>;
  try {
    const partitions = await admin.partitions(topic);
    start = await admin.offsets(topic, partitions, 'earliest');
    end = await admin.offsets(topic, partitions, options.through === 'end' ? 'end' : 'latest');
  } finally {
    await admin.close();
  }
  const reader = new PartitionReader(config, topic, 'read_committed');
  const out = new Map<number, KafkaRecord[]>();
  try {
    const positions = new Map([...start].filter(([p, o]) => o < (end.get(p) ?? 0n)));
    while (positions.size > 0) {
      const res = await reader.fetch(positions, { maxBytes: options.maxBytes, maxWaitMs: 100 });
      for (const [p, e] of res.errors) {
        if (e.kind !== 'offset_out_of_range') throw kafkaError(e.message);
        // Retention removed records under us: go on from the new start.
        positions.set(p, e.earliest);
      }
      for (const [p, data] of res.partitions) {
        const list = out.get(p) ?? [];
        for (const r of data.records) if (r.offset < (end.get(p) ?? 0n)) list.push(r);
        out.set(p, list);
        if (data.nextOffset >= (end.get(p) ?? 0n)) positions.delete(p);
        else positions.set(p, data.nextOffset);
      }
    }
  } finally {
    await reader.close();
  }
  return [...out.keys()].sort((a, b) => a - b).flatMap((p) => out.get(p)!);
}
