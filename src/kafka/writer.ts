// TransactionalWriter: writes batches of records to Kafka, each batch in one Kafka transaction
// (begin, send all, commit; abort on error). The producer is idempotent and transactional; open()
// registers its transactional id with the transaction coordinator, which fences any older writer
// with the same id (its next write fails), so a restarted sink cannot interleave with a zombie.
import { Producer } from '@platformatic/kafka';
import {
  clientOptions,
  closeForcefully,
  retriesWithin,
  timeoutsOf,
  type KafkaConfig,
} from './config.js';
import { describe, hasApiError, kafkaError, unknownTopic } from './errors.js';

export interface RecordToWrite {
  readonly topic: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: readonly (readonly [string, Buffer])[];
  /** Target partition; without it the library's default partitioner (murmur2 of the key). */
  readonly partition?: number;
}

export class TransactionalWriter {
  readonly transactionalId: string;
  readonly #producer: Producer;
  #closed = false;

  private constructor(producer: Producer, transactionalId: string) {
    this.#producer = producer;
    this.transactionalId = transactionalId;
  }

  /** Opens a writer for `transactionalId`, fencing older writers with the same id. */
  static async open(
    config: KafkaConfig,
    options: { readonly transactionalId: string },
  ): Promise<TransactionalWriter> {
    const producer = new Producer({
      ...clientOptions(config, retriesWithin(timeoutsOf(config))),
      idempotent: true,
      transactionalId: options.transactionalId,
      acks: -1,
      // InitProducerId must say "no current producer" (-1/-1); the library's default 0/0 names
      // producer 0 epoch 0, which the coordinator answers with PRODUCER_FENCED once the id
      // belongs to another producer id (KIP-360), so a restarted writer could not open.
      producerId: -1n,
      producerEpoch: -1,
    });
    try {
      // InitProducerId happens when the first transaction begins; do it now (and cancel the
      // empty transaction locally) so that fencing takes effect at open.
      const txn = await producer.beginTransaction();
      await txn.cancel();
    } catch (e) {
      await closeForcefully(producer).catch(() => undefined);
      throw kafkaError(
        `could not open a transactional Kafka producer "${options.transactionalId}": ${describe(e)}`,
      );
    }
    return new TransactionalWriter(producer, options.transactionalId);
  }

  /** Writes all `records` in one transaction; on any error the transaction is aborted and the error thrown. */
  async write(records: readonly RecordToWrite[]): Promise<void> {
    if (this.#closed) throw kafkaError('the Kafka writer is closed');
    if (records.length === 0) return;
    let txn;
    try {
      txn = await this.#producer.beginTransaction();
    } catch (e) {
      throw this.#error(e, records);
    }
    try {
      await txn.send({
        messages: records.map((r) => ({
          topic: r.topic,
          key: r.key ?? undefined,
          value: r.value ?? undefined,
          ...(r.partition === undefined ? {} : { partition: r.partition }),
          ...(r.headers === undefined
            ? {}
            : { headers: new Map(r.headers.map(([k, v]) => [Buffer.from(k, 'utf8'), v])) }),
        })),
      });
      await txn.commit();
    } catch (e) {
      if (!txn.completed) await txn.abort().catch(() => txn.cancel().catch(() => undefined));
      throw this.#error(e, records);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await closeForcefully(this.#producer);
  }

  #error(e: unknown, records: readonly RecordToWrite[]): Error {
    if (hasApiError(e, 'PRODUCER_FENCED') || hasApiError(e, 'INVALID_PRODUCER_EPOCH')) {
      return kafkaError(
        `Kafka producer "${this.transactionalId}" was fenced: another writer with the same transactional id took over`,
      );
    }
    if (hasApiError(e, 'UNKNOWN_TOPIC_OR_PARTITION') || /Unknown topic/.test(describe(e))) {
      const topics = [...new Set(records.map((r) => r.topic))];
      if (topics.length === 1) return unknownTopic(topics[0]!);
    }
    return kafkaError(`writing to Kafka failed (transaction aborted): ${describe(e)}`);
  }
}
