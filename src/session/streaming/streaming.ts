// Sources and sinks at run time: one SourceRunner per source and one SinkRunner per sink, kept in
// step with the catalog (started when created or at server start, stopped when dropped or at
// shutdown). It is also the engine's tick hook: inside every tick's LMDB transaction it stages
// the changes of the relations sinks write into their outboxes, and after the commit it wakes
// the sinks' writers.
import { randomUUID } from 'node:crypto';
import { tickRows, type Changes } from '../views/maintained.js';
import type { Catalog } from '../catalog/catalog.js';
import type { ConnectionRecord, SinkRecord, TableRecord } from '../catalog/objects.js';
import { ingestPlan, sinkEncoders } from './codecs.js';
import { KafkaIo } from './kafka-io.js';
import type { Engine, TickHook } from '../engine.js';
import type { StoreTxn } from '../store-api.js';
import { stage } from './sink-outbox.js';
import { SinkRunner, type SinkEncoders, type SinkWriter } from './sink-runner.js';
import type { IngestPlan } from './source-ingest.js';
import { SourceRunner, type RecordReader } from './source-runner.js';
import { NO_PROGRESS, readProgress } from './source-state.js';

/** How sources and sinks reach Kafka and decode/encode records (see makeStreamingIo). */
export interface StreamingIo {
  plan(source: TableRecord): IngestPlan;
  reader(source: TableRecord): Promise<RecordReader>;
  encoders(sink: SinkRecord): SinkEncoders;
  writer(sink: SinkRecord): Promise<SinkWriter>;
  /** CREATE CONNECTION: whether the brokers answer. */
  checkConnection(conn: ConnectionRecord): Promise<void>;
  /** CREATE SOURCE: the topic's partitions (42704 if it does not exist). */
  checkTopic(conn: ConnectionRecord, topic: string): Promise<number[]>;
  /** CREATE SINK: creates its topics if missing. */
  prepareSink(
    sink: SinkRecord,
    options: { partitions?: number | undefined; replicationFactor?: number | undefined },
  ): Promise<void>;
}

/** Sources and sinks over Kafka with the formats of src/formats. */
export function makeStreamingIo(catalog: Catalog, serverId: string): StreamingIo {
  const kafka = new KafkaIo(catalog, serverId);
  return {
    plan: ingestPlan,
    reader: (source) => kafka.reader(source),
    encoders: sinkEncoders,
    writer: (sink) => kafka.writer(sink),
    checkConnection: (conn) => kafka.checkConnection(conn),
    checkTopic: (conn, topic) => kafka.checkTopic(conn, topic),
    prepareSink: (sink, options) => kafka.prepareSink(sink, options),
  };
}

export type StreamingLog = (object: { source?: string; sink?: string }, msg: string) => void;

export class Streaming implements TickHook {
  readonly sources = new Map<string, SourceRunner>();
  readonly sinks = new Map<string, SinkRunner>();
  /** Relation id → sinks writing its changes. */
  private readonly sinkReads = new Map<string, SinkRecord[]>();
  private readonly touched = new Set<string>();
  private closed = false;

  constructor(
    private readonly engine: Engine,
    readonly io: StreamingIo,
    private readonly log: StreamingLog,
  ) {}

  /** Starts runners for new sources and sinks, stops those of dropped ones. */
  sync(): void {
    if (this.closed) return;
    const catalog = this.engine.catalog;
    const sources = new Map(catalog.sources().map((s) => [s.id, s]));
    for (const [id, runner] of this.sources) {
      if (!sources.has(id)) {
        this.sources.delete(id);
        void runner.stop();
      }
    }
    for (const [id, source] of sources) {
      if (this.sources.has(id)) continue;
      const progress = readProgress((k) => this.engine.meta(k), id) ?? NO_PROGRESS;
      const runner = new SourceRunner(
        this.engine,
        this.io.plan(source),
        progress,
        () => this.io.reader(source),
        (msg) => this.log({ source: source.name }, msg),
      );
      this.sources.set(id, runner);
      runner.start();
    }
    const sinks = catalog.sinks();
    const live = new Set(sinks.map((s) => s.id));
    for (const [id, runner] of this.sinks) {
      if (!live.has(id)) {
        this.sinks.delete(id);
        void runner.stop();
      }
    }
    this.sinkReads.clear();
    for (const sink of sinks) {
      const list = this.sinkReads.get(sink.from) ?? [];
      list.push(sink);
      this.sinkReads.set(sink.from, list);
      if (this.sinks.has(sink.id)) continue;
      const runner = new SinkRunner(
        this.engine,
        sink,
        this.io.encoders(sink),
        () => this.io.writer(sink),
        (msg) => this.log({ sink: sink.name }, msg),
      );
      this.sinks.set(sink.id, runner);
      runner.start();
    }
  }

  reads(id: string): boolean {
    return this.sinkReads.has(id);
  }

  onTick(txn: StoreTxn, tick: number, changes: ReadonlyMap<string, Changes>): void {
    for (const [id, sinks] of this.sinkReads) {
      const c = changes.get(id);
      if (c === undefined || c.rows.length === 0) continue;
      const rows = tickRows(c);
      for (const sink of sinks) {
        if (this.engine.catalog.get(sink.id) === undefined) continue;
        stage(txn, sink.id, tick, rows);
        this.touched.add(sink.id);
      }
    }
  }

  afterCommit(): void {
    for (const id of this.touched) this.sinks.get(id)?.notify();
    this.touched.clear();
  }

  catalogChanged(): void {
    this.sync();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([
      ...[...this.sources.values()].map((r) => r.stop()),
      ...[...this.sinks.values()].map((r) => r.stop()),
    ]);
    this.sources.clear();
    this.sinks.clear();
  }
}

/**
 * Starts the server's sources and sinks and makes them the engine's tick hook. The server's
 * identity (part of its sinks' Kafka transactional ids) is created once per data directory.
 */
export function startStreaming(engine: Engine, log: StreamingLog): Streaming {
  let serverId = engine.meta('serverId');
  if (typeof serverId !== 'string') {
    const id = randomUUID().slice(0, 8);
    engine.writeAux((txn) => txn.setMeta('serverId', id));
    serverId = id;
  }
  const streaming = new Streaming(engine, makeStreamingIo(engine.catalog, serverId), log);
  engine.tickHook = streaming;
  engine.streaming = streaming;
  streaming.sync();
  return streaming;
}
