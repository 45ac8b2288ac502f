// PartitionReader: pull-based reads of one topic from exactly the offsets the caller gives.
//
// A source in Eddy owns its offsets (they live in Eddy's storage, not in a Kafka consumer group),
// so this reader never joins a group and never commits: each fetch() sends Fetch requests to
// the partitions' leaders for the given positions and returns what came back. Back-pressure is
// the caller not calling fetch(). It sends the library's Fetch API on the Consumer's connection
// to the leader (not Consumer.fetch, whose own read_committed filter throws from inside the
// socket handler, ending the process, when an ABORT marker belongs to a transaction missing from
// the response's aborted list — seen after producers were killed); this file runs the retry loop:
// leader changes and broker restarts refresh metadata and retry with back-off within the
// config's retry budget, and then throw an EddyError whose message says why (a source shows it
// as "stalled: <reason>"). Reads are read_committed by default; aborted transactions and control
// records are filtered in ./records.ts.
import {
  Consumer,
  FetchIsolationLevels,
  kGetApi,
  kGetConnection,
  type Broker,
  type Connection,
  type fetchV17,
} from '@platformatic/kafka';
import {
  backoffMs,
  clientOptions,
  closeForcefully,
  timeoutsOf,
  type KafkaConfig,
  type KafkaTimeouts,
} from './config.js';
import { describe, isUnknownTopic, kafkaCanceled, kafkaError, unknownTopic } from './errors.js';
import { abortable, sleep } from './retry.js';
import { decodeBatches, type KafkaRecord } from './records.js';

/** The library's parsed Fetch response. */
type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;
/** Every Fetch version the library implements has the request and response of v17. */
type FetchApi = typeof fetchV17.api;
type FetchRequestTopic = fetchV17.FetchRequestTopic;

export type Isolation = 'read_committed' | 'read_uncommitted';

export interface FetchOptions {
  /** Upper bound of the response size (per partition and in total); default 1 MiB. */
  readonly maxBytes?: number;
  /** How long the broker may wait for data when there is none; default 500 ms. */
  readonly maxWaitMs?: number;
  readonly signal?: AbortSignal;
}

export interface PartitionData {
  /** Records from the requested offset on, in offset order (may be empty). */
  readonly records: KafkaRecord[];
  /** Position to fetch next: past the last record or control marker read (>= requested). */
  readonly nextOffset: bigint;
  /** Offset the next produced record will get. */
  readonly highWatermark: bigint;
  /** End of what read_committed can see now (= highWatermark without open transactions). */
  readonly lastStableOffset: bigint;
  /** First offset still in the log (retention may have deleted earlier ones). */
  readonly logStartOffset: bigint;
}

/** Per-partition conditions the caller acts on (the fetch of other partitions still succeeded). */
export type PartitionError =
  | {
      readonly kind: 'offset_out_of_range';
      readonly requested: bigint;
      readonly earliest: bigint;
      readonly latest: bigint;
    }
  | { readonly kind: 'unknown_partition'; readonly message: string };

export interface FetchResult {
  /** One entry per partition that answered this time; a partition that did not answer (e.g. its leader moved) is absent and is simply fetched again next time. */
  readonly partitions: Map<number, PartitionData>;
  readonly errors: Map<number, PartitionError>;
}

const STALE_METADATA = new Set([
  'NOT_LEADER_OR_FOLLOWER',
  'LEADER_NOT_AVAILABLE',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'UNKNOWN_TOPIC_ID',
  'KAFKA_STORAGE_ERROR',
  'NOT_COORDINATOR',
]);

const PROTOCOL_ERROR_IDS: Record<number, string> = {
  1: 'OFFSET_OUT_OF_RANGE',
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  5: 'LEADER_NOT_AVAILABLE',
  6: 'NOT_LEADER_OR_FOLLOWER',
  56: 'KAFKA_STORAGE_ERROR',
  74: 'FENCED_LEADER_EPOCH',
  75: 'UNKNOWN_LEADER_EPOCH',
  100: 'UNKNOWN_TOPIC_ID',
};

interface Leaders {
  readonly topicId: string;
  readonly partitionCount: number;
  readonly leader: Map<number, { node: number; epoch: number }>;
  readonly brokers: ReadonlyMap<number, Broker>;
}

export class PartitionReader {
  readonly topic: string;
  readonly #consumer: Consumer;
  readonly #timeouts: KafkaTimeouts;
  readonly #isolation: number;
  #refresh = true;

  constructor(config: KafkaConfig, topic: string, isolation: Isolation = 'read_committed') {
    this.topic = topic;
    this.#timeouts = timeoutsOf(config);
    this.#isolation =
      isolation === 'read_committed'
        ? FetchIsolationLevels.READ_COMMITTED
        : FetchIsolationLevels.READ_UNCOMMITTED;
    // A Consumer is the library's only client with a raw Fetch; the group id is required by its
    // constructor but no group request is ever sent (no consume/joinGroup/commit here).
    this.#consumer = new Consumer({
      ...clientOptions(config, 0),
      groupId: `${config.clientId}-unused-group`,
    });
  }

  /** Fetches from `positions` (partition → next offset to read). */
  async fetch(
    positions: ReadonlyMap<number, bigint>,
    options: FetchOptions = {},
  ): Promise<FetchResult> {
    const maxBytes = options.maxBytes ?? 1 << 20;
    const maxWaitMs = options.maxWaitMs ?? 500;
    const started = Date.now();
    let lastReason = '';
    for (let attempt = 1; ; attempt += 1) {
      if (options.signal?.aborted === true) throw kafkaCanceled();
      const outcome = await this.#attempt(positions, maxBytes, maxWaitMs, options.signal).catch(
        (e: unknown) => ({ retry: describe(e), fatal: e }),
      );
      if ('result' in outcome) return outcome.result;
      if ('fatal' in outcome && isPersistent(outcome.fatal)) throw outcome.fatal;
      lastReason = outcome.retry;
      this.#refresh = true;
      const delay = backoffMs(this.#timeouts, attempt);
      if (Date.now() - started + delay > this.#timeouts.retryBudgetMs) {
        throw kafkaError(
          `could not read Kafka topic "${this.topic}" (gave up after ${attempt} attempts in ${Date.now() - started} ms): ${lastReason}`,
        );
      }
      await sleep(delay, options.signal);
    }
  }

  async close(): Promise<void> {
    await closeForcefully(this.#consumer);
  }

  async #leaders(): Promise<Leaders> {
    let md;
    try {
      md = await this.#consumer.metadata({ topics: [this.topic], forceUpdate: this.#refresh });
    } catch (e) {
      if (isUnknownTopic(e)) throw unknownTopic(this.topic);
      throw e;
    }
    const t = md.topics.get(this.topic);
    if (t === undefined) throw unknownTopic(this.topic);
    this.#refresh = false;
    const leader = new Map<number, { node: number; epoch: number }>();
    t.partitions.forEach((p, i) => leader.set(i, { node: p.leader, epoch: p.leaderEpoch }));
    return { topicId: t.id, partitionCount: t.partitionsCount, leader, brokers: md.brokers };
  }

  /** One round: metadata, one Fetch per leader. Returns a result or a reason to retry. */
  async #attempt(
    positions: ReadonlyMap<number, bigint>,
    maxBytes: number,
    maxWaitMs: number,
    signal: AbortSignal | undefined,
  ): Promise<{ result: FetchResult } | { retry: string }> {
    let leaders = await this.#leaders();
    if ([...positions.keys()].some((p) => !leaders.leader.has(p))) {
      // Partitions may have been added since the metadata was cached.
      this.#refresh = true;
      leaders = await this.#leaders();
    }
    const partitions = new Map<number, PartitionData>();
    const errors = new Map<number, PartitionError>();
    const byNode = new Map<number, { partition: number; offset: bigint; epoch: number }[]>();
    for (const [partition, offset] of positions) {
      const l = leaders.leader.get(partition);
      if (l === undefined) {
        errors.set(partition, {
          kind: 'unknown_partition',
          message: `Kafka topic "${this.topic}" has ${leaders.partitionCount} partitions, no partition ${partition}`,
        });
        continue;
      }
      if (l.node < 0) continue; // no leader right now: fetched again next time
      const list = byNode.get(l.node) ?? [];
      list.push({ partition, offset, epoch: l.epoch });
      byNode.set(l.node, list);
    }
    const retryReasons: string[] = [];
    const outOfRange: { partition: number; offset: bigint }[] = [];
    await Promise.all(
      [...byNode].map(async ([node, list]) => {
        const response = await this.#fetchFrom(
          node,
          leaders.brokers.get(node),
          leaders.topicId,
          list,
          maxBytes,
          maxWaitMs,
          signal,
        );
        if ('error' in response) {
          retryReasons.push(response.error);
          return;
        }
        const requested = new Map(list.map((x) => [x.partition, x.offset]));
        for (const topic of response.responses) {
          for (const p of topic.partitions) {
            const offset = requested.get(p.partitionIndex);
            if (offset === undefined) continue;
            const errorId = PROTOCOL_ERROR_IDS[p.errorCode] ?? `error code ${p.errorCode}`;
            if (p.errorCode === 1) {
              outOfRange.push({ partition: p.partitionIndex, offset });
            } else if (p.errorCode !== 0) {
              if (errorId === 'UNKNOWN_TOPIC_ID') this.#refresh = true;
              retryReasons.push(`partition ${p.partitionIndex}: ${errorId}`);
              if (!STALE_METADATA.has(errorId)) {
                throw kafkaError(
                  `reading Kafka topic "${this.topic}" partition ${p.partitionIndex} failed: ${errorId}`,
                );
              }
            } else {
              const decoded = decodeBatches(
                p.partitionIndex,
                p.records,
                offset,
                p.abortedTransactions,
                this.#isolation === FetchIsolationLevels.READ_COMMITTED,
              );
              partitions.set(p.partitionIndex, {
                ...decoded,
                highWatermark: p.highWatermark,
                lastStableOffset: p.lastStableOffset,
                logStartOffset: p.logStartOffset,
              });
            }
          }
        }
      }),
    );
    if (outOfRange.length > 0) {
      const earliest = await this.#listOffsets(
        outOfRange.map((x) => x.partition),
        -2n,
      );
      const latest = await this.#listOffsets(
        outOfRange.map((x) => x.partition),
        -1n,
      );
      for (const { partition, offset } of outOfRange) {
        errors.set(partition, {
          kind: 'offset_out_of_range',
          requested: offset,
          earliest: earliest.get(partition) ?? 0n,
          latest: latest.get(partition) ?? 0n,
        });
      }
    }
    if (retryReasons.length > 0) {
      this.#refresh = true;
      if (partitions.size === 0 && errors.size === 0) return { retry: retryReasons.join('; ') };
    }
    return { result: { partitions, errors } };
  }

  async #fetchFrom(
    node: number,
    broker: Broker | undefined,
    topicId: string,
    list: readonly { partition: number; offset: bigint; epoch: number }[],
    maxBytes: number,
    maxWaitMs: number,
    signal: AbortSignal | undefined,
  ): Promise<FetchResponse | { error: string }> {
    const topics: FetchRequestTopic[] = [
      {
        topicId,
        partitions: list.map((x) => ({
          partition: x.partition,
          fetchOffset: x.offset,
          partitionMaxBytes: maxBytes,
          currentLeaderEpoch: x.epoch,
          lastFetchedEpoch: -1,
        })),
      },
    ];
    try {
      if (broker === undefined) return { error: `broker ${node} is not in the metadata` };
      return await abortable(this.#send(broker, topics, maxBytes, maxWaitMs), signal);
    } catch (e) {
      // A partition-level error fails the whole request in the library; the parsed response
      // (with the other partitions' records) rides along on the error.
      const response = findResponse(e);
      if (response !== undefined) return response;
      if (e instanceof Error && e.name === 'EddyError') throw e;
      return { error: `broker ${node}: ${describe(e)}` };
    }
  }

  /** One Fetch request to `broker` (minBytes 1, no fetch session), unfiltered. */
  async #send(
    broker: Broker,
    topics: FetchRequestTopic[],
    maxBytes: number,
    maxWaitMs: number,
  ): Promise<FetchResponse> {
    const c = this.#consumer;
    const connection = await new Promise<Connection>((resolve, reject) =>
      c[kGetConnection](broker, (e, conn) => (e ? reject(e) : resolve(conn!))),
    );
    const api = await new Promise<FetchApi>((resolve, reject) =>
      c[kGetApi]('Fetch', (e, a) => (e ? reject(e) : resolve(a as FetchApi))),
    );
    return api.async(connection, maxWaitMs, 1, maxBytes, this.#isolation, 0, 0, topics, [], '');
  }

  async #listOffsets(partitions: number[], timestamp: bigint): Promise<Map<number, bigint>> {
    const res = await this.#consumer.listOffsets({
      topics: [this.topic],
      partitions: { [this.topic]: partitions },
      timestamp,
      isolationLevel: this.#isolation,
    });
    const offsets = res.get(this.topic) ?? [];
    return new Map(partitions.map((p) => [p, offsets[p] ?? 0n]));
  }
}

function findResponse(e: unknown): FetchResponse | undefined {
  const r = (e as { response?: unknown } | null)?.response;
  if (r !== null && typeof r === 'object' && 'responses' in r) return r as FetchResponse;
  const nested = (e as { errors?: unknown[] } | null)?.errors;
  if (Array.isArray(nested))
    for (const n of nested) {
      const found = findResponse(n);
      if (found !== undefined) return found;
    }
  return undefined;
}

/** Errors not worth retrying: unknown topic, cancellation, non-retriable broker answers. */
function isPersistent(e: unknown): boolean {
  return e instanceof Error && e.name === 'EddyError';
}
