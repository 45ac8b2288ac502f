// The writer of one sink: drains the sink's outbox (sink-outbox.ts) to Kafka, exactly once.
//
// On start it reads the sink's last committed tick from the progress topic and discards staged
// ticks up to it (Kafka already has them: the server stopped between Kafka's commit and the
// outbox cleanup). Then, whenever ticks are staged, it writes whole ticks in one Kafka
// transaction together with a progress record naming the last of them, and deletes them from
// the outbox once Kafka committed. A failure aborts the transaction; the ticks stay staged and
// are written again after a growing delay, the sink showing as stalled meanwhile.
import type { Diff, Row } from '../../repr/index.js';
import type { SinkRecord } from '../catalog/objects.js';
import type { Engine } from '../engine.js';
import { RunStatus } from './run-status.js';
import { dropThrough, readTicks, type OutboxTick } from './sink-outbox.js';

/** One record to write. */
export interface OutRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/** What a sink writes with (implemented over src/kafka by kafka-writer.ts). */
export interface SinkWriter {
  /** The last tick whose records Kafka committed for this sink, or null if none. */
  committedTick(): Promise<number | null>;
  /** Writes the records and the progress record (`tick`) in one Kafka transaction. */
  write(records: readonly OutRecord[], tick: number): Promise<void>;
  close(): Promise<void>;
}

/** Encodes rows as the sink's format does. */
export interface RowEncoder {
  encode(row: Row): Buffer;
}

export interface SinkEncoders {
  /** Encodes the key columns (given as the key's datums). */
  readonly key: RowEncoder | null;
  readonly value: RowEncoder;
  /** ENVELOPE DEBEZIUM: `{"before": ..., "after": ...}`. */
  readonly debezium: (before: Row | null, after: Row | null) => Buffer;
}

/** How many staged changes one Kafka transaction takes (whole ticks, so it may take more). */
const BATCH_CHANGES = 20_000;
const MAX_BACKOFF_MS = 5_000;
/** Longest a Kafka step may take before the writer is dropped and opened again. */
const STEP_TIMEOUT_MS = 30_000;
const STOP_WAIT_MS = 5_000;

/** `p`, or a timeout error naming `what` after STEP_TIMEOUT_MS. */
function bounded<T>(p: Promise<T>, what: string, ms = STEP_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export class SinkRunner {
  readonly status: RunStatus;
  /** Last tick Kafka committed. */
  committed: number | null = null;
  messagesWritten = 0;
  bytesWritten = 0;
  private stopped = false;
  private wake: (() => void) | null = null;
  private pending = true;
  private finished: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: Engine,
    private readonly sink: SinkRecord,
    private readonly encoders: SinkEncoders,
    private readonly connect: () => Promise<SinkWriter>,
    log: (msg: string) => void,
  ) {
    this.status = new RunStatus(log);
  }

  start(): void {
    this.finished = this.run();
  }

  /** New ticks were staged. */
  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  /** Stops writing; waits a little for a Kafka transaction in flight (it commits or aborts). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.status.set('dropped', null);
    this.wake?.();
    await Promise.race([this.finished, new Promise((r) => setTimeout(r, STOP_WAIT_MS))]);
  }

  private async run(): Promise<void> {
    let writer: SinkWriter | null = null;
    let backoff = 100;
    while (!this.stopped) {
      try {
        if (writer === null) {
          writer = await bounded(this.connect(), 'connecting to Kafka');
          // Bounded above Kafka's transaction timeout (30 s), which reading may wait out.
          this.committed = await bounded(
            writer.committedTick(),
            'reading the progress topic',
            2 * STEP_TIMEOUT_MS,
          );
          const done = this.committed;
          if (this.stopped) break;
          if (done !== null) this.engine.writeAux((txn) => dropThrough(txn, this.sink.id, done));
          this.pending = true;
        }
        this.status.set('running', null);
        backoff = 100;
        if (!this.pending) await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        if (this.stopped) break;
        this.pending = false;
        await this.drain(writer);
      } catch (e) {
        if (this.stopped) break;
        this.status.set('stalled', e instanceof Error ? e.message : String(e));
        await writer?.close().catch(() => undefined);
        writer = null;
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
    await writer?.close().catch(() => undefined);
  }

  /** Writes staged ticks until none is left. */
  private async drain(writer: SinkWriter): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const snapshot = this.engine.snapshot();
      let ticks: OutboxTick[];
      try {
        ticks = readTicks(snapshot, this.sink.id, BATCH_CHANGES);
      } finally {
        snapshot.release();
      }
      if (ticks.length === 0) return;
      const records = ticks.flatMap((t) => this.records(t.changes));
      const last = ticks[ticks.length - 1]!.tick;
      await bounded(writer.write(records, last), 'writing a Kafka transaction');
      this.committed = last;
      this.messagesWritten += records.length;
      for (const r of records) this.bytesWritten += (r.key?.length ?? 0) + (r.value?.length ?? 0);
      if (this.stopped || this.engine.catalog.get(this.sink.id) === undefined) return;
      this.engine.writeAux((txn) => dropThrough(txn, this.sink.id, last));
    }
  }

  /** The Kafka records of one tick's changes, by envelope. */
  private records(changes: readonly (readonly [Row, Diff])[]): OutRecord[] {
    const keyCols = this.sink.key;
    const keyOf = (row: Row): Row => keyCols.map((i) => row[i] ?? null);
    const encodeKey = (row: Row): Buffer | null =>
      this.encoders.key === null ? null : this.encoders.key.encode(keyOf(row));
    if (keyCols.length === 0) {
      // Without a key (DEBEZIUM only): each retraction and insertion on its own, once per unit
      // of its diff.
      const out: OutRecord[] = [];
      for (const [row, diff] of changes) {
        const value =
          diff < 0 ? this.encoders.debezium(row, null) : this.encoders.debezium(null, row);
        for (let i = 0; i < Math.abs(diff); i++) out.push({ key: null, value });
      }
      return out;
    }
    // With a key: per key, what it held before the tick and after it.
    const byKey = new Map<string, { key: Buffer | null; before: Row | null; after: Row | null }>();
    for (const [row, diff] of changes) {
      const key = encodeKey(row);
      const id = key === null ? '' : key.toString('latin1');
      let e = byKey.get(id);
      if (e === undefined) byKey.set(id, (e = { key, before: null, after: null }));
      if (diff < 0) e.before = row;
      else e.after = row;
    }
    const out: OutRecord[] = [];
    for (const e of byKey.values()) {
      if (this.sink.envelope === 'upsert')
        out.push({
          key: e.key,
          value: e.after === null ? null : this.encoders.value.encode(e.after),
        });
      else out.push({ key: e.key, value: this.encoders.debezium(e.before, e.after) });
    }
    return out;
  }
}
