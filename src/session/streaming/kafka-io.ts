// Sources and sinks over Kafka (src/kafka): how a connection record becomes a client
// configuration (secrets resolved), where a source starts reading, and how a sink's writer keeps
// its progress in the connection's progress topic.
//
// A sink is identified in Kafka by `eddy-<server id>-<sink id>`: its transactional id (so a
// restarted server fences a zombie writer of the same sink) and the key of its progress records
// (`{"tick": "<last tick written>"}`, written in the same transaction as the tick's records).
import {
  KafkaAdmin,
  PartitionReader,
  TransactionalWriter,
  readAll,
  type KafkaConfig,
  type SaslMechanism,
} from '../../kafka/index.js';
import { EddyError } from '../../errors/index.js';
import type {
  ConnectionRecord,
  ConnectionValue,
  SinkRecord,
  TableRecord,
} from '../catalog/objects.js';
import type { Catalog } from '../catalog/catalog.js';
import type { RecordReader } from './source-runner.js';
import type { OutRecord, SinkWriter } from './sink-runner.js';

/** Largest response of one fetch: a source's batch (one tick) is at most this many bytes. */
const FETCH_MAX_BYTES = 1 << 20;
const FETCH_MAX_WAIT_MS = 250;

export class KafkaIo {
  constructor(
    private readonly catalog: Catalog,
    /** This server's identity (kept in its data directory). */
    private readonly serverId: string,
  ) {}

  config(conn: ConnectionRecord): KafkaConfig {
    const value = (v: ConnectionValue | undefined): string => {
      if (v === undefined) return '';
      if ('text' in v) return v.text;
      const secret = this.catalog.get(v.secret);
      if (secret?.kind !== 'secret')
        throw new EddyError('42704', "the connection's secret was dropped");
      return secret.value;
    };
    return {
      brokers: conn.brokers,
      clientId: `eddy-${this.serverId}`,
      ...(conn.saslMechanism === undefined
        ? {}
        : {
            sasl: {
              mechanism: conn.saslMechanism.toLowerCase() as SaslMechanism,
              username: value(conn.saslUsername),
              password: value(conn.saslPassword),
            },
          }),
      ...(conn.securityProtocol.endsWith('SSL') ? { tls: true } : {}),
    };
  }

  private connectionOf(id: string): ConnectionRecord {
    const c = this.catalog.get(id);
    if (c?.kind !== 'connection') throw new EddyError('42704', 'the connection was dropped');
    return c;
  }

  private async withAdmin<T>(
    conn: ConnectionRecord,
    fn: (a: KafkaAdmin) => Promise<T>,
  ): Promise<T> {
    const admin = new KafkaAdmin({ ...this.config(conn), timeouts: { retryBudgetMs: 10_000 } });
    try {
      return await fn(admin);
    } finally {
      await admin.close().catch(() => undefined);
    }
  }

  /** Whether the brokers answer (CREATE CONNECTION validates). */
  async checkConnection(conn: ConnectionRecord): Promise<void> {
    await this.withAdmin(conn, async (admin) => {
      try {
        await admin.partitions('__eddy_connection_check');
      } catch (e) {
        // The brokers answered that the topic does not exist: they are reachable.
        if (e instanceof EddyError && e.code === '42704') return;
        const reason = e instanceof Error ? e.message : String(e);
        throw new EddyError(
          '58000',
          `could not connect to the Kafka broker${conn.brokers.length > 1 ? 's' : ''} ${conn.brokers.join(', ')}`,
          {
            detail: reason,
            hint: 'WITH (VALIDATE = false) creates the connection without checking.',
          },
        );
      }
    });
  }

  /** The topic's partitions; 42704 if it does not exist. */
  checkTopic(conn: ConnectionRecord, topic: string): Promise<number[]> {
    return this.withAdmin(conn, (admin) => admin.partitions(topic));
  }

  reader(source: TableRecord): Promise<RecordReader> {
    const spec = source.source!;
    // A short retry budget: the runner retries on its own (showing the source stalled meanwhile).
    const config: KafkaConfig = {
      ...this.config(this.connectionOf(spec.connection)),
      timeouts: { retryBudgetMs: 3_000, connectMs: 3_000 },
    };
    const admin = new KafkaAdmin(config);
    const reader = new PartitionReader(config, spec.topic);
    const result: RecordReader = {
      partitions: () => admin.partitions(spec.topic),
      startOffsets: async (partitions) => {
        if (spec.startTimestamp !== undefined)
          return admin.offsets(spec.topic, partitions, { timestamp: spec.startTimestamp });
        const earliest = await admin.offsets(spec.topic, partitions, 'earliest');
        if (spec.startOffsets !== undefined) {
          for (const p of partitions) {
            const o = spec.startOffsets[p];
            if (o !== undefined && BigInt(o) > (earliest.get(p) ?? 0n)) earliest.set(p, BigInt(o));
          }
        }
        return earliest;
      },
      fetch: async (positions, signal) => {
        const res = await reader.fetch(positions, {
          maxBytes: FETCH_MAX_BYTES,
          maxWaitMs: FETCH_MAX_WAIT_MS,
          signal,
        });
        const records = [];
        const next = new Map<number, bigint>();
        const highWatermarks = new Map<number, bigint>();
        for (const [p, data] of res.partitions) {
          for (const r of data.records) records.push(r);
          next.set(p, data.nextOffset);
          highWatermarks.set(p, data.highWatermark);
        }
        for (const [p, e] of res.errors) {
          if (e.kind === 'offset_out_of_range') {
            // Retention deleted records the source had not read yet: go on from the oldest kept.
            if (e.requested < e.earliest) next.set(p, e.earliest);
            else
              throw new EddyError(
                '58000',
                `offset ${e.requested} of partition ${p} is beyond the end of the topic (${e.latest}): was the topic re-created?`,
              );
          } else throw new EddyError('58000', e.message);
        }
        return { records, next, highWatermarks };
      },
      close: async () => {
        await Promise.all([reader.close(), admin.close()]);
      },
    };
    return Promise.resolve(result);
  }

  /** Creates the sink's topic and the connection's progress topic if they do not exist. */
  async prepareSink(
    sink: SinkRecord,
    options: { partitions?: number | undefined; replicationFactor?: number | undefined },
  ): Promise<void> {
    const conn = this.connectionOf(sink.connection);
    await this.withAdmin(conn, async (admin) => {
      await ensureTopic(admin, sink.topic, options.partitions ?? 1, {});
      await ensureTopic(admin, conn.progressTopic, 1, { 'cleanup.policy': 'compact' });
    });
  }

  /** The sink's identity in Kafka (transactional id and progress key). */
  sinkKey(sink: SinkRecord): string {
    return `eddy-${this.serverId}-${sink.id}`;
  }

  async writer(sink: SinkRecord): Promise<SinkWriter> {
    const conn = this.connectionOf(sink.connection);
    const config = this.config(conn);
    const key = this.sinkKey(sink);
    await this.withAdmin(conn, (admin) =>
      ensureTopic(admin, conn.progressTopic, 1, { 'cleanup.policy': 'compact' }),
    );
    const writer = await TransactionalWriter.open(config, { transactionalId: key });
    return {
      committedTick: async () => {
        let tick: number | null = null;
        // Through the high watermark: another sink's transaction still open (a crashed server's,
        // until Kafka aborts it) must not hide this sink's later progress records.
        for (const r of await readAll(config, conn.progressTopic, { through: 'end' })) {
          if (r.key?.toString('utf8') !== key || r.value === null) continue;
          tick = Number((JSON.parse(r.value.toString('utf8')) as { tick: string }).tick);
        }
        return tick;
      },
      write: (records: readonly OutRecord[], tick: number) =>
        writer.write([
          ...records.map((r) => ({ topic: sink.topic, key: r.key, value: r.value })),
          {
            topic: conn.progressTopic,
            key: Buffer.from(key),
            value: Buffer.from(JSON.stringify({ tick: String(tick) })),
          },
        ]),
      close: () => writer.close(),
    };
  }
}

async function ensureTopic(
  admin: KafkaAdmin,
  topic: string,
  partitions: number,
  configs: Record<string, string>,
): Promise<void> {
  try {
    await admin.partitions(topic);
    return;
  } catch (e) {
    if (!(e instanceof EddyError && e.code === '42704')) throw e;
  }
  try {
    await admin.createTopic(topic, partitions, configs);
  } catch (e) {
    // Created meanwhile by someone else: fine.
    if (!(e instanceof EddyError && /already exists/.test(e.message))) throw e;
  }
}
