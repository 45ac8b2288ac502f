// One SUBSCRIBE: a relation followed live. Its query runs in a dataflow of its own (operator
// state in memory, dropped with the subscription) that is first fed a snapshot of what it reads,
// then every sealed tick's changes from the change feed, in tick order. Each tick's consolidated
// output becomes rows (mz_timestamp, [mz_progressed,] mz_diff, columns...) queued for the client.
//
// Ticks arriving while the snapshot is being fed are buffered and applied after it, so the output
// is exactly the snapshot at tick T followed by the changes of each later tick. The queue is
// bounded: a client that does not keep up is failed with 53000 rather than growing memory.
import { SLICE_ROWS, takeSlice, type RowSource } from '../../dataflow/slice.js';
import { EddyError, queryCanceled } from '../../errors/index.js';
import {
  consolidateRows,
  exactRowKey,
  Numeric,
  rowKey,
  type Datum,
  type Diff,
  type Row,
} from '../../repr/index.js';
import type { Rendered } from '../../planner/render.js';
import type { FeedListener, TickChanges } from './feed.js';

export interface SubscribeOptions {
  readonly snapshot: boolean;
  readonly progress: boolean;
  readonly upTo?: number;
  /** ENVELOPE UPSERT: positions of the key columns and of the others (the value). */
  readonly upsert?: { readonly key: readonly number[]; readonly value: readonly number[] };
  /** The plan reads one relation as it is: no dataflow needed. */
  readonly passthrough?: boolean;
  /** Most rows waiting for the client before the subscription fails (53000). */
  readonly maxBacklog: number;
  /** WITHIN TIMESTAMP ORDER BY: the order of a tick's output rows. */
  readonly orderWithin?: (a: Row, b: Row) => number;
}

export class Subscription implements FeedListener {
  readonly reads: ReadonlySet<string>;
  /** Relation id → the dataflow input names reading it. */
  private readonly names = new Map<string, string[]>();
  private readonly queue: Row[] = [];
  private readonly pending: [number, TickChanges][] = [];
  private wake: (() => void) | null = null;
  private failure: EddyError | null = null;
  private finished = false;
  private ready = false;
  private readonly width: number;
  private time = 0;
  /** The last tick seen from the feed. */
  private lastTick = 0;
  /** The dataflow's output since it was last emitted (each tick's batch is consolidated). */
  private output: (readonly [Row, Diff])[] = [];

  constructor(
    private readonly r: Rendered,
    width: number,
    private readonly options: SubscribeOptions,
    private readonly stop: () => void,
  ) {
    this.width = width;
    this.reads = new Set([...r.reads.values()].map((read) => read.id));
    for (const [name, read] of r.reads)
      this.names.set(read.id, [...(this.names.get(read.id) ?? []), name]);
    r.dataflow.observe(r.output, (batch) => {
      for (const [row, , diff] of batch) this.output.push([row, diff]);
    });
  }

  /**
   * Feeds the snapshot (rows of each relation read, at tick `at`), yielding between slices;
   * then the ticks that arrived meanwhile.
   */
  async hydrate(at: number, rows: (id: string) => Iterable<Row>): Promise<void> {
    const sources = [...this.names].map(([id, ns]): RowSource => [ns, rows(id)[Symbol.iterator]()]);
    for (;;) {
      const { inputs, full } = takeSlice(sources, SLICE_ROWS);
      this.run(inputs);
      if (!full) break;
      await new Promise((resolve) => setImmediate(resolve));
      if (this.finished) return;
    }
    this.checkErrors();
    this.lastTick = Math.max(this.lastTick, at);
    const upTo = this.options.upTo;
    if (upTo !== undefined && at >= upTo) return this.finish();
    if (this.options.snapshot) this.emitOutput(at);
    else this.output = [];
    this.emitProgress(at);
    this.ready = true;
    for (const [tick, changes] of this.pending.splice(0)) this.apply(tick, changes);
    if (upTo !== undefined) this.endAt(upTo);
  }

  /**
   * UP TO: ends once every tick before `upTo` was delivered. Ticks are milliseconds on the
   * server's clock, so once the clock reaches `upTo` (and the last sealed tick is below it)
   * every later tick is at or after it.
   */
  private endAt(upTo: number): void {
    if (this.finished) return;
    const wait = upTo - Date.now();
    if (wait <= 0 && this.lastTick < upTo) return this.finish();
    setTimeout(() => this.endAt(upTo), Math.max(wait, 1)).unref();
  }

  /** Ticks from a view's retained history (AS OF), applied before the live ones. */
  replay(ticks: readonly [number, TickChanges][]): void {
    this.pending.unshift(...ticks);
  }

  onTick(tick: number, changes: TickChanges): void {
    if (this.finished) return;
    if (!this.ready) this.pending.push([tick, changes]);
    else this.apply(tick, changes);
  }

  private apply(tick: number, changes: TickChanges): void {
    if (this.finished) return;
    this.lastTick = tick;
    if (this.options.upTo !== undefined && tick >= this.options.upTo) return this.finish();
    try {
      const inputs: Record<string, readonly (readonly [Row, Diff])[]> = {};
      let any = false;
      for (const [id, ns] of this.names) {
        const c = changes.get(id);
        const live = c?.errors.find(([, d]) => d > 0);
        if (live !== undefined) throw live[0];
        if (c !== undefined && c.rows.length > 0) any = true;
        for (const n of ns) inputs[n] = c?.rows ?? [];
      }
      if (any) {
        this.run(inputs);
        this.checkErrors();
        this.emitOutput(tick);
      }
      this.emitProgress(tick);
    } catch (e) {
      this.fail(e instanceof EddyError ? e : new EddyError('XX000', String(e)));
    }
  }

  /**
   * One pass of the dataflow; a subscription to a relation as it is (its plan is a plain read)
   * skips the dataflow and takes the changes as they are.
   */
  private run(inputs: Record<string, readonly (readonly [Row, Diff])[]>): void {
    if (this.options.passthrough === true) {
      for (const rows of Object.values(inputs)) for (const r of rows) this.output.push(r);
      return;
    }
    this.r.dataflow.runTick(++this.time, inputs);
  }

  private checkErrors(): void {
    const errors = this.r.dataflow.liveErrors();
    if (errors.length > 0) throw errors[0]![0];
  }

  private emitOutput(tick: number): void {
    const ts = Numeric.fromBigInt(BigInt(tick));
    const head = (x: Datum): Datum[] => (this.options.progress ? [ts, false, x] : [ts, x]);
    const changes = consolidateRows(this.output);
    this.output = [];
    const rows: Row[] =
      this.options.upsert === undefined
        ? changes.map(([row, diff]) => [...head(BigInt(diff)), ...row])
        : this.upsertRows(changes, this.options.upsert).map(([state, row]) => [
            ...head(state),
            ...row,
          ]);
    if (this.options.orderWithin !== undefined) rows.sort(this.options.orderWithin);
    for (const row of rows) this.push(row);
  }

  /** Per key: the rows the relation holds now, for ENVELOPE UPSERT. */
  private readonly byKey = new Map<string, Map<string, [Row, number]>>();

  /**
   * ENVELOPE UPSERT: each key the tick changed becomes one row — 'upsert' with its value when
   * the key has one row now, 'delete' when it has none, 'key_violation' when it has several.
   */
  private upsertRows(
    changes: readonly (readonly [Row, Diff])[],
    upsert: NonNullable<SubscribeOptions['upsert']>,
  ): [string, Row][] {
    const touched = new Map<string, readonly Datum[]>();
    for (const [row, diff] of changes) {
      const keyVals = upsert.key.map((i) => row[i] ?? null);
      const k = rowKey(keyVals);
      touched.set(k, keyVals);
      let rows = this.byKey.get(k);
      if (rows === undefined) this.byKey.set(k, (rows = new Map()));
      const rk = exactRowKey(row);
      const n = (rows.get(rk)?.[1] ?? 0) + diff;
      if (n === 0) rows.delete(rk);
      else rows.set(rk, [row, n]);
      if (rows.size === 0) this.byKey.delete(k);
    }
    const nullValue = upsert.value.map(() => null);
    const out: [string, Row][] = [];
    for (const [k, keyVals] of touched) {
      const rows = [...(this.byKey.get(k)?.values() ?? [])];
      const total = rows.reduce((a, [, n]) => a + n, 0);
      if (total === 0) out.push(['delete', [...keyVals, ...nullValue]]);
      else if (total === 1 && rows.length === 1)
        out.push(['upsert', [...keyVals, ...upsert.value.map((i) => rows[0]![0][i] ?? null)]]);
      else out.push(['key_violation', [...keyVals, ...nullValue]]);
    }
    return out;
  }

  private emitProgress(tick: number): void {
    if (!this.options.progress) return;
    this.push([Numeric.fromBigInt(BigInt(tick + 1)), true, null, ...Array(this.width).fill(null)]);
  }

  private push(row: Row): void {
    this.queue.push(row);
    if (this.queue.length > this.options.maxBacklog) {
      this.fail(
        new EddyError('53000', 'subscription backlog exceeded', {
          detail: `More than ${this.options.maxBacklog} rows were waiting for the client.`,
          hint: 'Read the subscription faster, subscribe to fewer changes, or raise subscribe_backlog_rows.',
        }),
      );
    }
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  fail(e: EddyError): void {
    if (this.failure !== null || this.finished) return;
    this.failure = e;
    this.queue.length = 0;
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.stop();
    this.notify();
  }

  /**
   * Up to `max` rows (0: all there are), waiting until some are there (or the subscription
   * ends) — at most `waitMs` milliseconds if given, then returning none.
   */
  async fetch(
    max: number,
    signal: AbortSignal,
    waitMs: number | null = null,
  ): Promise<{ rows: Row[]; done: boolean }> {
    const deadline = waitMs === null ? null : Date.now() + waitMs;
    for (;;) {
      if (signal.aborted) {
        this.close();
        throw queryCanceled();
      }
      if (this.failure !== null) throw this.failure;
      if (this.queue.length > 0) {
        const rows = this.queue.splice(0, max > 0 ? max : this.queue.length);
        return { rows, done: this.finished && this.queue.length === 0 && this.failure === null };
      }
      if (this.finished) return { rows: [], done: true };
      if (deadline !== null && Date.now() >= deadline) return { rows: [], done: false };
      let onAbort: (() => void) | undefined;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        onAbort = resolve;
        signal.addEventListener('abort', onAbort, { once: true });
        if (deadline !== null) timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      });
      // The signal outlives this wait (a connection's statements share it).
      signal.removeEventListener('abort', onAbort!);
      clearTimeout(timer);
    }
  }

  /** Ends the subscription (client closed it or went away). */
  close(): void {
    this.queue.length = 0;
    this.finish();
  }
}
