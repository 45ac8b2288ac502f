// The dataflow graph: nodes in topological (creation) order, driven one tick at a time.
//
// A Dataflow is built once — inputs, operators, outputs — and then `runTick(time)` is called for
// each tick, in strictly increasing time order. Within a tick every node, in creation order,
// takes its inputs' output batches for this tick (possibly empty, not necessarily consolidated:
// a row may appear several times, with diffs to be summed) and produces its own output batch.
// Only what leaves the dataflow (captures, observers) is consolidated; operators that need a
// consolidated input (distinct) consolidate it themselves. A node can only consume collections
// created before it, so
// creation order is a topological order; there are no cycles (WITH RECURSIVE will need an
// iteration scope, not supported yet).
//
// Errors are data: an operator whose closure throws an EddyError reports it through
// `ctx.error(err, diff)` with the diff of the update that caused it, so retracting that update
// retracts the error. The dataflow consolidates each tick's errors into an error batch and keeps
// the live (accumulated) set, which readers of a view return instead of rows. A non-EddyError
// throw is a bug and propagates out of runTick.
//
// State kept here: the pending input updates of the next tick, each node's operator (which keeps
// its own state between ticks in arrangements and value maps of the dataflow's state backend,
// see state.ts), and the live error set.
//
// Slicing: runTick is synchronous. To avoid stalling the event loop on a large hydration, the
// caller can split one tick's input into several runTick-like passes at the same time (operators
// are correct for any split of a tick's updates, since they only see diffs), or run the whole
// dataflow in a worker; that belongs in the driver (`runTick` here stays the unit of work).
import { internalError, type EddyError } from '../errors/index.js';
import {
  consolidate,
  exactRowKey,
  type Diff,
  type Row,
  type Timestamp,
  type Update,
} from '../repr/index.js';
import { ErrorSet, consolidateErrors, type ErrorUpdate } from './error-set.js';
import type { Arrangement } from './arrangement.js';
import { memoryState, type StateBackend, type OrderedValues, type ValueState } from './state.js';

/** What an operator sees while processing one tick. */
export interface TickContext {
  readonly time: Timestamp;
  /** Reports an evaluation error carried by an update with this diff. */
  error(err: EddyError, diff: Diff): void;
}

/** One node's computation. Operators keep their state between ticks in the dataflow's state. */
export interface Operator {
  readonly name: string;
  /**
   * Processes this tick's batches, one per input (same order as the node's inputs), each
   * stamped with ctx.time (equal rows may repeat). Returns updates at ctx.time, not necessarily
   * consolidated. Called on every tick, even when all input batches are empty.
   */
  step(inputs: readonly (readonly Update[])[], ctx: TickContext): Update[];
  /** Its output is always consolidated (no row twice): observers need not consolidate it. */
  readonly consolidated?: boolean;
}

/** A collection produced by a node of one dataflow. */
export class Collection {
  constructor(
    readonly dataflow: Dataflow,
    readonly id: number,
    readonly name: string,
  ) {}

  /** Records this collection's batches (see Capture). */
  capture(): Capture {
    return this.dataflow.output(this);
  }
}

/** Pushes updates into a dataflow input for the next tick. */
export class InputHandle {
  private pending: Update[] = [];

  constructor(
    readonly name: string,
    readonly collection: Collection,
  ) {}

  push(row: Row, diff: Diff = 1): void {
    this.pending.push([row, 0, diff]);
  }

  pushAll(updates: Iterable<readonly [Row, Diff]>): void {
    for (const [row, diff] of updates) this.pending.push([row, 0, diff]);
  }

  /** Takes the pending updates, stamped with `time` (used by the graph). */
  drain(time: Timestamp): Update[] {
    const out = this.pending.map(([row, , diff]): Update => [row, time, diff]);
    this.pending = [];
    return out;
  }
}

/** The batches of one collection: the last tick's, and the accumulated collection. */
export class Capture {
  /** The last tick's batch (consolidated; empty if the tick changed nothing). */
  last: readonly Update[] = [];
  lastTime: Timestamp | null = null;
  private readonly acc = new Map<string, [Row, Diff]>();

  constructor(
    readonly collection: Collection,
    private readonly onBatch?: (batch: readonly Update[], time: Timestamp) => void,
  ) {}

  /** Called by the graph after each tick. */
  /** The sum of the accumulated diffs (the number of rows, for a collection). */
  rowCount = 0;

  receive(batch: readonly Update[], time: Timestamp): void {
    this.last = batch;
    this.lastTime = time;
    for (const [row, , diff] of batch) {
      this.rowCount += diff;
      const k = exactRowKey(row);
      const cur = this.acc.get(k);
      if (cur === undefined) this.acc.set(k, [row, diff]);
      else if (cur[1] + diff === 0) this.acc.delete(k);
      else cur[1] += diff;
    }
    this.onBatch?.(batch, time);
  }

  /** The collection as of the last tick: every row with its non-zero accumulated diff. */
  accumulated(): (readonly [Row, Diff])[] {
    return [...this.acc.values()].map(([row, diff]) => [row, diff] as const);
  }
}

interface Node {
  readonly collection: Collection;
  readonly inputs: readonly Collection[];
  readonly op: Operator;
}

export class Dataflow {
  private readonly nodes: Node[] = [];
  private stateIds = 0;
  private readonly inputs = new Map<string, InputHandle>();
  private readonly captures: Capture[] = [];
  private readonly observers: [Collection, (batch: readonly Update[], t: Timestamp) => void][] = [];
  private readonly errorSet = new ErrorSet();
  private readonly errorListeners: ((batch: readonly ErrorUpdate[], t: Timestamp) => void)[] = [];
  private lastTime: Timestamp | null = null;
  private lastErrors: readonly ErrorUpdate[] = [];

  constructor(
    readonly name = 'dataflow',
    private readonly state: StateBackend = memoryState(),
  ) {}

  /**
   * A new arrangement for an operator's state (numbered in creation order, see state.ts);
   * `fewPerKey` as in StateBackend.arrangement.
   */
  arrangement(fewPerKey = false): Arrangement {
    return this.state.arrangement(this.stateIds++, fewPerKey);
  }

  /** A new key → row map for an operator's state (numbered in creation order). */
  ordered(): OrderedValues {
    return this.state.ordered(this.stateIds++);
  }

  values(): ValueState {
    return this.state.values(this.stateIds++);
  }

  /** A new input collection; push updates through the handle (or runTick's `inputs`). */
  input(name: string): InputHandle {
    if (this.inputs.has(name)) throw internalError(`dataflow input "${name}" already exists`);
    const holder: { handle?: InputHandle } = {};
    const collection = this.addNode(
      {
        name: `input ${name}`,
        step: (_inputs, ctx) => holder.handle!.drain(ctx.time),
      },
      [],
    );
    const handle = new InputHandle(name, collection);
    holder.handle = handle;
    this.inputs.set(name, handle);
    return handle;
  }

  /** Adds an operator consuming `inputs`; returns its output collection. */
  addNode(op: Operator, inputs: readonly Collection[]): Collection {
    for (const c of inputs) {
      if (c.dataflow !== this) throw internalError('collection belongs to another dataflow');
    }
    const collection = new Collection(this, this.nodes.length, op.name);
    this.nodes.push({ collection, inputs, op });
    return collection;
  }

  /** Records a collection's batch after each tick; `onBatch` is called with each batch. */
  output(
    collection: Collection,
    onBatch?: (batch: readonly Update[], time: Timestamp) => void,
  ): Capture {
    if (collection.dataflow !== this) throw internalError('collection belongs to another dataflow');
    const cap = new Capture(collection, onBatch);
    this.captures.push(cap);
    return cap;
  }

  /** Calls `listener` with each tick's batch of `collection` (nothing is accumulated). */
  observe(
    collection: Collection,
    listener: (batch: readonly Update[], time: Timestamp) => void,
  ): void {
    if (collection.dataflow !== this) throw internalError('collection belongs to another dataflow');
    this.observers.push([collection, listener]);
  }

  /** Calls `listener` with each tick's consolidated error batch (possibly empty). */
  onErrors(listener: (batch: readonly ErrorUpdate[], time: Timestamp) => void): void {
    this.errorListeners.push(listener);
  }

  /** The last tick's error batch. */
  errorBatch(): readonly ErrorUpdate[] {
    return this.lastErrors;
  }

  /** The live errors as of the last tick, each with its positive accumulated diff. */
  liveErrors(): (readonly [EddyError, Diff])[] {
    return this.errorSet.live();
  }

  /** Time of the last tick run, or null before the first. */
  get time(): Timestamp | null {
    return this.lastTime;
  }

  /**
   * Runs one tick: pending input updates (plus `inputs`, by input name) flow through every
   * node in order; captures and error listeners receive the tick's batches.
   */
  runTick(
    time: Timestamp,
    inputs?: Readonly<Record<string, Iterable<readonly [Row, Diff]>>>,
  ): void {
    if (this.lastTime !== null && time <= this.lastTime) {
      throw internalError(`dataflow tick ${time} is not after ${this.lastTime}`);
    }
    if (inputs !== undefined) {
      for (const [name, updates] of Object.entries(inputs)) {
        const handle = this.inputs.get(name);
        if (handle === undefined) throw internalError(`dataflow has no input "${name}"`);
        handle.pushAll(updates);
      }
    }
    this.lastTime = time;
    const errors: ErrorUpdate[] = [];
    const ctx: TickContext = {
      time,
      error: (err, diff) => {
        if (diff !== 0) errors.push([err, time, diff]);
      },
    };
    const batches: (readonly Update[])[] = [];
    const empty: readonly Update[] = [];
    for (const node of this.nodes) {
      const ins = node.inputs.map((c) => batches[c.id] ?? empty);
      batches.push(node.op.step(ins, ctx));
    }
    const errorBatch = consolidateErrors(errors);
    this.errorSet.apply(errorBatch);
    this.lastErrors = errorBatch;
    const output = (c: Collection): readonly Update[] => {
      const batch = batches[c.id] ?? empty;
      return this.nodes[c.id]!.op.consolidated === true ? batch : consolidate(batch);
    };
    for (const cap of this.captures) cap.receive(output(cap.collection), time);
    for (const [c, listener] of this.observers) listener(output(c), time);
    for (const listener of this.errorListeners) listener(errorBatch, time);
  }
}
