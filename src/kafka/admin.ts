// KafkaAdmin: the metadata and topic operations Eddy needs — a topic's partitions, offsets at
// the start, the end or a timestamp of partitions, and creating/deleting topics (tests and the
// sink's progress topic). Every call is bounded by the config's timeouts and retry budget.
import { Admin, FetchIsolationLevels } from '@platformatic/kafka';
import { clientOptions, timeoutsOf, type KafkaConfig, type KafkaTimeouts } from './config.js';
import { hasApiError, isUnknownTopic, kafkaError, unknownTopic, wrap } from './errors.js';
import { withRetries } from './retry.js';

/** Where to look up offsets: the first offset, the end (next offset to be written), or the first offset whose record timestamp is >= the given milliseconds (the end if there is none). */
/**
 * 'latest' is the last stable offset (what read_committed readers can reach now); 'end' is the
 * high watermark (past records of transactions still open).
 */
export type OffsetSpec = 'earliest' | 'latest' | 'end' | { readonly timestamp: number };

export class KafkaAdmin {
  readonly #admin: Admin;
  readonly #timeouts: KafkaTimeouts;

  constructor(config: KafkaConfig) {
    this.#timeouts = timeoutsOf(config);
    // Retries are ours (./retry.ts): a missing topic must fail at once, not after the budget.
    this.#admin = new Admin(clientOptions(config, 0));
  }

  /** Runs `op` with bounded retries; library errors that mean "no such topic" become 42704. */
  #retry<T>(topic: string, what: string, op: () => Promise<T>): Promise<T> {
    return withRetries(this.#timeouts, what, async () => {
      try {
        return await op();
      } catch (e) {
        if (isUnknownTopic(e)) throw unknownTopic(topic);
        throw e;
      }
    });
  }

  /** The partition ids of `topic`, ascending. Throws 42704 if the topic does not exist. */
  async partitions(topic: string): Promise<number[]> {
    const count = await this.#retry(
      topic,
      `could not read metadata of Kafka topic "${topic}"`,
      async () => {
        const md = await this.#admin.metadata({ topics: [topic], forceUpdate: true });
        const t = md.topics.get(topic);
        if (t === undefined) throw unknownTopic(topic);
        return t.partitionsCount;
      },
    );
    return Array.from({ length: count }, (_, i) => i);
  }

  /**
   * Offsets of `partitions` of `topic`. 'latest' is the last stable offset (read_committed): the
   * end a transactional reader can reach now.
   */
  async offsets(
    topic: string,
    partitions: readonly number[],
    spec: OffsetSpec,
  ): Promise<Map<number, bigint>> {
    const ts =
      spec === 'earliest'
        ? -2n
        : spec === 'latest' || spec === 'end'
          ? -1n
          : BigInt(spec.timestamp);
    const list = async (timestamp: bigint): Promise<Map<number, bigint>> => {
      const res = await this.#admin.listOffsets({
        topics: [
          { name: topic, partitions: partitions.map((p) => ({ partitionIndex: p, timestamp })) },
        ],
        isolationLevel:
          spec === 'end'
            ? FetchIsolationLevels.READ_UNCOMMITTED
            : FetchIsolationLevels.READ_COMMITTED,
      });
      const out = new Map<number, bigint>();
      for (const t of res) for (const p of t.partitions) out.set(p.partitionIndex, p.offset);
      return out;
    };
    return this.#retry(topic, `could not list offsets of Kafka topic "${topic}"`, async () => {
      const out = await list(ts);
      if (ts >= 0n && [...out.values()].some((o) => o < 0n)) {
        // No record at or after the timestamp: start at the end.
        const ends = await list(-1n);
        for (const [p, o] of out) if (o < 0n) out.set(p, ends.get(p) ?? 0n);
      }
      for (const p of partitions) {
        if (!out.has(p)) throw kafkaError(`Kafka topic "${topic}" has no partition ${p}`);
      }
      return out;
    });
  }

  /** Creates `name` with `partitions` partitions (replication factor: the broker's default). */
  async createTopic(
    name: string,
    partitions: number,
    configs: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    await this.#retry(name, `could not create Kafka topic "${name}"`, async () => {
      try {
        await this.#admin.createTopics({
          topics: [name],
          partitions,
          replicas: -1,
          configs: Object.entries(configs).map(([k, v]) => ({ name: k, value: v })),
        });
      } catch (e) {
        if (hasApiError(e, 'TOPIC_ALREADY_EXISTS')) {
          throw kafkaError(`Kafka topic "${name}" already exists`);
        }
        if (hasApiError(e, 'INVALID_PARTITIONS') || hasApiError(e, 'INVALID_TOPIC_EXCEPTION')) {
          throw wrap(e, `could not create Kafka topic "${name}"`);
        }
        throw e;
      }
    });
  }

  async deleteTopic(name: string): Promise<void> {
    await this.#retry(name, `could not delete Kafka topic "${name}"`, () =>
      this.#admin.deleteTopics({ topics: [name] }),
    );
  }

  async close(): Promise<void> {
    // The Admin client's close takes only a callback (no `force` flag, unlike Consumer/Producer).
    await this.#admin.close();
  }
}
