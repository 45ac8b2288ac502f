// End-to-end checks of the Kafka test harness (test/support/kafka.ts) and of Eddy's Kafka client
// layer (src/kafka) against a real broker: records produced by kcat and by the Java console
// producer read back by PartitionReader/readAll; transactional writes read back by kcat under
// read_committed (aborted records invisible); fencing; missing topics; broker stop/start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Producer } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KafkaAdmin,
  PartitionReader,
  readAll,
  TransactionalWriter,
  type KafkaConfig,
  type KafkaRecord,
} from '../../src/kafka/index.js';
import { kafka, privateKafka, type KafkaHarness } from '../support/kafka.js';

let k: KafkaHarness;
let config: KafkaConfig;

beforeAll(async () => {
  k = await kafka();
  config = { brokers: [k.bootstrap], clientId: 'eddy-test' };
});

/**
 * Waits until every transaction on `topic` has its commit/abort marker in the log (last stable
 * offset = high watermark). A transactional write returns once the coordinator has decided; the
 * markers reach the partitions a little later, and read_committed readers stop before them.
 */
async function settled(admin: KafkaAdmin, topic: string, partitions: number[]): Promise<void> {
  for (let i = 0; ; i++) {
    const stable = await admin.offsets(topic, partitions, 'latest');
    const end = await admin.offsets(topic, partitions, 'end');
    if (partitions.every((p) => stable.get(p) === end.get(p))) return;
    if (i > 200) throw new Error(`transactions on ${topic} never settled`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Reads partitions from offset 0 until each reaches its last stable offset. */
async function readTo(
  reader: PartitionReader,
  ends: Map<number, bigint>,
  maxBytes?: number,
): Promise<KafkaRecord[]> {
  const positions = new Map([...ends.keys()].map((p) => [p, 0n]));
  const out: KafkaRecord[] = [];
  for (let round = 0; [...positions].some(([p, o]) => o < ends.get(p)!); round++) {
    if (round > 1000) throw new Error('no progress');
    const res = await reader.fetch(positions, { maxBytes, maxWaitMs: 50 });
    expect(res.errors.size).toBe(0);
    for (const [p, d] of res.partitions) {
      out.push(...d.records);
      positions.set(p, d.nextOffset);
    }
  }
  return out.sort((a, b) => a.partition - b.partition || Number(a.offset - b.offset));
}

const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

describe('kafka harness + src/kafka', () => {
  let admin: KafkaAdmin;
  beforeAll(() => {
    admin = new KafkaAdmin(config);
  });
  afterAll(async () => {
    await admin.close();
  });

  it('reads what kcat produced: keys, NULLs, binary, headers, partitions', async () => {
    const topic = k.uniqueTopic('kcat');
    await k.createTopic(topic, 2);
    const binary = Buffer.from([0, 1, 2, 10, 13, 255]);
    await k.produceKcat(topic, [
      { key: 'a', value: 'one', partition: 0 },
      { key: null, value: 'no key', partition: 0 },
      { key: 'tomb', value: null, partition: 0 },
      { key: binary, value: 'line\nbreak', partition: 1, headers: [['h', 'v']] },
    ]);
    expect(await admin.partitions(topic)).toEqual([0, 1]);
    const ends = await admin.offsets(topic, [0, 1], 'latest');
    expect(ends).toEqual(
      new Map([
        [0, 3n],
        [1, 1n],
      ]),
    );
    const reader = new PartitionReader(config, topic);
    try {
      const got = await readTo(reader, ends);
      expect(got.map((r) => [r.partition, r.offset, text(r.key), text(r.value)])).toEqual([
        [0, 0n, 'a', 'one'],
        [0, 1n, null, 'no key'],
        [0, 2n, 'tomb', null],
        [1, 0n, binary.toString('utf8'), 'line\nbreak'],
      ]);
      expect(got[3]!.key).toEqual(binary);
      expect(got[3]!.headers).toEqual([['h', Buffer.from('v')]]);
      expect(Math.abs(Number(got[0]!.timestamp) - Date.now())).toBeLessThan(60_000);
      // Reading from the middle returns exactly the records from there on.
      const mid = await reader.fetch(new Map([[0, 2n]]), { maxWaitMs: 10 });
      expect(mid.partitions.get(0)!.records.map((r) => r.offset)).toEqual([2n]);
      expect(mid.partitions.get(0)!.highWatermark).toBe(3n);
    } finally {
      await reader.close();
    }
    // kcat reads its own records back the same way.
    const viaKcat = await k.consumeKcat(topic);
    expect(viaKcat.map((r) => [r.partition, r.key, r.value])).toEqual([
      [0, 'a', 'one'],
      [0, null, 'no key'],
      [0, 'tomb', null],
      [1, binary.toString('utf8'), 'line\nbreak'],
    ]);
    expect(viaKcat[3]!.headers).toEqual([['h', 'v']]);
  });

  it('reads what the Java console producer produced', async () => {
    const topic = k.uniqueTopic('console');
    await k.createTopic(topic);
    await k.produceConsole(topic, ['k1:v1', 'k2:v2:with colon'], { keySeparator: ':' });
    await k.produceConsole(topic, ['plain']);
    const all = await readAll(config, topic);
    expect(all.map((r) => [r.offset, text(r.key), text(r.value)])).toEqual([
      [0n, 'k1', 'v1'],
      [1n, 'k2', 'v2:with colon'],
      [2n, null, 'plain'],
    ]);
  });

  it('writes transactions that read_committed readers see only when committed', async () => {
    const topic = k.uniqueTopic('txn');
    await k.createTopic(topic, 2);
    const writer = await TransactionalWriter.open(config, { transactionalId: `${topic}-w` });
    // An aborted transaction in the log, written with the library directly.
    const raw = new Producer({
      clientId: 'aborter',
      bootstrapBrokers: [k.bootstrap],
      idempotent: true,
      transactionalId: `${topic}-aborter`,
    });
    try {
      await writer.write([
        { topic, key: Buffer.from('a'), value: Buffer.from('1'), partition: 0 },
        { topic, key: Buffer.from('b'), value: Buffer.from('2'), partition: 1 },
      ]);
      const txn = await raw.beginTransaction();
      await txn.send({
        messages: Array.from({ length: 50 }, (_, i) => ({
          topic,
          partition: 0,
          key: Buffer.from('x'),
          value: Buffer.from(`aborted ${i} `.repeat(20)),
        })),
      });
      await txn.abort();
      await writer.write([
        {
          topic,
          key: Buffer.from('c'),
          value: null,
          partition: 0,
          headers: [['src', Buffer.from('eddy')]],
        },
      ]);
    } finally {
      await raw.close();
    }
    await settled(admin, topic, [0, 1]);
    const committed = await k.consumeKcat(topic, { isolation: 'read_committed' });
    expect(committed.map((r) => [r.partition, r.key, r.value])).toEqual([
      [0, 'a', '1'],
      [0, 'c', null],
      [1, 'b', '2'],
    ]);
    expect(committed[1]!.headers).toEqual([['src', 'eddy']]);
    const uncommitted = await k.consumeKcat(topic, { isolation: 'read_uncommitted' });
    expect(uncommitted.length).toBe(53);

    // src/kafka's reader filters the aborted records too, also when a small maxBytes cuts the
    // response before the ABORT marker.
    const ends = await admin.offsets(topic, [0, 1], 'latest');
    for (const maxBytes of [1 << 20, 600]) {
      const reader = new PartitionReader(config, topic);
      try {
        const got = await readTo(reader, ends, maxBytes);
        expect(got.map((r) => [r.partition, text(r.key), text(r.value)])).toEqual([
          [0, 'a', '1'],
          [0, 'c', null],
          [1, 'b', '2'],
        ]);
      } finally {
        await reader.close();
      }
    }
    const dirty = new PartitionReader(config, topic, 'read_uncommitted');
    try {
      expect((await readTo(dirty, new Map([[0, ends.get(0)!]]))).length).toBe(52);
    } finally {
      await dirty.close();
    }

    // A second writer with the same transactional id fences the first.
    const successor = await TransactionalWriter.open(config, { transactionalId: `${topic}-w` });
    try {
      await expect(
        writer.write([{ topic, key: null, value: Buffer.from('zombie'), partition: 0 }]),
      ).rejects.toThrow(/fenced/);
      await successor.write([{ topic, key: null, value: Buffer.from('ok'), partition: 1 }]);
    } finally {
      await writer.close();
      await successor.close();
    }
    await settled(admin, topic, [0, 1]);
    const final = await readAll(config, topic);
    expect(final.map((r) => text(r.value))).toEqual(['1', null, '2', 'ok']);
  });

  it('reports missing topics and partitions', async () => {
    const missing = k.uniqueTopic('missing');
    await expect(admin.partitions(missing)).rejects.toMatchObject({ code: '42704' });
    const reader = new PartitionReader(config, missing);
    await expect(reader.fetch(new Map([[0, 0n]]))).rejects.toThrow(/does not exist/);
    await reader.close();

    const topic = k.uniqueTopic('grow');
    await k.createTopic(topic, 1);
    await k.produceKcat(topic, [{ key: 'k', value: 'v', partition: 0 }]);
    const r2 = new PartitionReader(config, topic);
    try {
      const res = await r2.fetch(
        new Map([
          [0, 5n],
          [1, 0n],
        ]),
        { maxWaitMs: 10 },
      );
      expect(res.errors.get(0)).toEqual({
        kind: 'offset_out_of_range',
        requested: 5n,
        earliest: 0n,
        latest: 1n,
      });
      expect(res.errors.get(1)?.kind).toBe('unknown_partition');
      await k.addPartitions(topic, 2);
      expect(await admin.partitions(topic)).toEqual([0, 1]);
      await k.produceKcat(topic, [{ key: 'k', value: 'p1', partition: 1 }]);
      const after = await r2.fetch(new Map([[1, 0n]]), { maxWaitMs: 10 });
      expect(after.errors.size).toBe(0);
      expect(after.partitions.get(1)!.records.map((r) => text(r.value))).toEqual(['p1']);
      await k.deleteTopic(topic);
      await expect(r2.fetch(new Map([[0, 0n]]))).rejects.toMatchObject({ code: '42704' });
    } finally {
      await r2.close();
    }
  });

  it('looks up offsets by timestamp', async () => {
    const topic = k.uniqueTopic('ts');
    await k.createTopic(topic);
    await k.produceKcat(topic, [{ key: 'a', value: '1' }]);
    await new Promise((r) => setTimeout(r, 20));
    const between = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    await k.produceKcat(topic, [{ key: 'b', value: '2' }]);
    expect(await admin.offsets(topic, [0], 'earliest')).toEqual(new Map([[0, 0n]]));
    expect(await admin.offsets(topic, [0], { timestamp: between })).toEqual(new Map([[0, 1n]]));
    expect(await admin.offsets(topic, [0], { timestamp: Date.now() + 60_000 })).toEqual(
      new Map([[0, 2n]]),
    );
  });

  it('authenticates with SASL PLAIN and SCRAM', async () => {
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
      const a = new KafkaAdmin({
        brokers: [k.saslBootstrap],
        clientId: 'eddy-sasl',
        sasl: { mechanism, username: k.saslUser, password: k.saslPassword },
      });
      try {
        await expect(a.partitions(k.uniqueTopic('none'))).rejects.toMatchObject({
          code: '42704',
        });
      } finally {
        await a.close();
      }
    }
  });

  it('survives a broker restart and says why it is stalled while the broker is down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-restart-broker-'));
    const own = await privateKafka(dir);
    let reader: PartitionReader | undefined;
    // Everything after the start inside the try: a failure must not leave the broker running.
    try {
      const topic = own.uniqueTopic('restart');
      await own.createTopic(topic);
      await own.produceKcat(topic, [{ key: 'a', value: 'before' }]);
      reader = new PartitionReader(
        {
          ...config,
          brokers: [own.bootstrap],
          timeouts: { retryBudgetMs: 1_500, connectMs: 500, requestMs: 5_000 },
        },
        topic,
      );
      const first = await reader.fetch(new Map([[0, 0n]]), { maxWaitMs: 10 });
      expect(first.partitions.get(0)!.records.map((r) => text(r.value))).toEqual(['before']);
      await own.stopBroker();
      const started = Date.now();
      await expect(reader.fetch(new Map([[0, 1n]]), { maxWaitMs: 10 })).rejects.toMatchObject({
        code: '58000',
        message: expect.stringMatching(/could not read Kafka topic .*gave up after/),
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      await own.startBroker();
      await own.produceKcat(topic, [{ key: 'b', value: 'after' }]);
      const again = await reader.fetch(new Map([[0, 1n]]), { maxWaitMs: 10 });
      expect(again.partitions.get(0)!.records.map((r) => text(r.value))).toEqual(['after']);
    } finally {
      await reader?.close();
      await own.stopBroker();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
