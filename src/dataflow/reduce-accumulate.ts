// reduce for accumulable aggregates (count, sum, avg, ... without DISTINCT or ORDER BY) and
// MIN/MAX: each group's rows are not kept, only a small state per aggregate that every update's
// diff is added to, plus the group's total multiplicity (a group whose multiplicity drops to zero
// retracts its row). MIN/MAX keep their argument values ordered per group (OrderedValues) and read
// the extreme at the end of the tick. Cost per update is O(number of aggregates), whatever the
// group's size.
//
// State: per group, the key values, the multiplicity and one accumulator state per aggregate (a
// ValueState row [count, key length, ...key, then per aggregate: state length, ...state]); with
// MIN/MAX over ordered values, also those values and the last output of every group
// (group-output.ts). Without them a group's previous output is computed again from its state as
// loaded, before the tick's changes: no second read and write per group.
//
// Kept in the output's rows (keepStateInRows): when the reduce's output is exactly what a
// materialized view stores, by its group key, each group's state entry is the group's row entry
// in the view's contents (GroupRows), not an entry of its own: one read and one write per changed
// group. Not with MIN/MAX (their ordered values and last outputs are entries of their own).
//
// Errors: a key closure that throws yields the error with the row's diff; an argument or filter
// closure that throws yields the error with the row's diff and the row is not added to that
// aggregate; a `finish` that throws makes the group's output that error until the group changes.
import { rowKey, type Datum, type Row, type Update } from '../repr/index.js';
import type { AggregateSpec } from './aggregate.js';
import { EddyError } from '../errors/index.js';
import { catchEddy } from './error-set.js';
import { emitChange, GroupOutputs, type GroupOutput } from './group-output.js';
import type { GroupRows, GroupRowSlot } from './state.js';
import type { Collection, TickContext } from './graph.js';
import type { ReduceSpec } from './reduce.js';

interface Group {
  readonly key: readonly Datum[];
  count: number;
  states: (readonly Datum[])[];
}

/** A group touched in a step: its state entry, the group as updated, its output as loaded. */
interface Touched {
  /** (A ValueSlot is one too: its set() takes the state and ignores the output row.) */
  readonly slot: GroupRowSlot;
  group: Group | undefined;
  readonly before: GroupOutput | undefined;
}

/** Whether every aggregate of the spec can be maintained by accumulation. */
export function accumulable(spec: ReduceSpec): boolean {
  return spec.aggregates.every(
    (a) =>
      a.extreme !== undefined ||
      (a.accumulate !== undefined && !a.distinct && a.orderBy === undefined),
  );
}

function encodeGroup(g: Group): Row {
  const row: Datum[] = [g.count, g.key.length, ...g.key];
  for (const s of g.states) row.push(s.length, ...s);
  return row;
}

function decodeGroup(row: Row, aggregates: number): Group {
  const count = row[0] as number;
  const keyLen = row[1] as number;
  const key = row.slice(2, 2 + keyLen);
  const states: (readonly Datum[])[] = [];
  let i = 2 + keyLen;
  for (let a = 0; a < aggregates; a++) {
    const n = row[i] as number;
    states.push(row.slice(i + 1, i + 1 + n));
    i += 1 + n;
  }
  return { key, count, states };
}

function hasNull(values: readonly Datum[]): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === null) return true;
  return false;
}

/** An EddyError is reported with the update's diff (as `attempt` does); anything else is a bug. */
function reportEddy(e: unknown, ctx: TickContext, diff: number): void {
  if (!(e instanceof EddyError)) throw e;
  ctx.error(e, diff);
}

/** The reduces that can keep their state in their output's rows, by output collection. */
const rowKeepers = new WeakMap<Collection, (rows: GroupRows) => void>();

/**
 * Makes the reduce whose output is `output` keep its groups' state in `rows` (from its next step
 * on; see the file comment); false if `output` is not such a reduce's output.
 */
export function keepStateInRows(output: Collection, rows: GroupRows): boolean {
  const keep = rowKeepers.get(output);
  keep?.(rows);
  return keep !== undefined;
}

export function reduceAccumulate(input: Collection, spec: ReduceSpec): Collection {
  const aggs = spec.aggregates;
  // (Numbered, state.ts, also when the state is kept in the output's rows.)
  const groups = input.dataflow.values();
  let rows: GroupRows | null = null;
  const ordered = aggs.some((a) => a.extreme !== undefined) ? input.dataflow.ordered() : null;
  // The value map stays numbered (state.ts) whether or not it is used.
  const lastOutputs = input.dataflow.values();
  const last = ordered === null ? null : new GroupOutputs(lastOutputs);
  const globalKey = rowKey([]);
  const zeroStates = (): (readonly Datum[])[] => aggs.map((a) => a.accumulate?.zero() ?? []);
  /** The ordered values of aggregate `i` of a group. */
  const valuesOf = (key: string, i: number): string => `${key}\u0001${i}`;
  const finish = (a: AggregateSpec, i: number, key: string, state: readonly Datum[]): Datum =>
    a.extreme !== undefined
      ? (ordered!.edge(valuesOf(key, i), a.extreme === 'max') ?? null)
      : a.accumulate!.finish(state);

  const output = (g: Group | undefined, key: string): GroupOutput | undefined => {
    if (g === undefined || g.count <= 0) {
      if (spec.emptyGroupRow === true && key === globalKey)
        return catchEddy(() => aggs.map((a) => a.apply([])));
      return undefined;
    }
    // A loop and an inline try/catch: this runs per changed group.
    try {
      const row: Datum[] = g.key.slice();
      for (let i = 0; i < aggs.length; i++) row.push(finish(aggs[i]!, i, key, g.states[i]!));
      return row;
    } catch (e) {
      if (e instanceof EddyError) return e;
      throw e;
    }
  };

  const node = input.dataflow.addNode(
    {
      name: 'reduce (accumulate)',
      // Per group at most the retraction of its old row and its new row, which differ; rows of
      // different groups differ in their key columns.
      consolidated: true,
      step: ([batch], ctx) => {
        // Groups touched this tick, loaded once and written back once at the end, and (without
        // a `last` state) what they output when loaded (a group not stored output nothing).
        const touched = new Map<string, Touched>();
        const load = (key: string, keyVals: readonly Datum[]): Touched => {
          const slot = rows === null ? groups.slot(key) : rows.slot(keyVals);
          const stored = slot.get();
          const g = stored === undefined ? undefined : decodeGroup(stored, aggs.length);
          // Before the tick's changes are added to g's states.
          const before = last === null && g !== undefined ? output(g, key) : undefined;
          const t: Touched = { slot, group: g, before };
          touched.set(key, t);
          return t;
        };
        // The global group is looked at every tick: its empty-input row appears on the first.
        if (spec.emptyGroupRow === true) load(globalKey, []);
        for (const [row, , diff] of batch as readonly Update[]) {
          // try/catch inline rather than `attempt` closures: this loop runs per input row.
          let keyVals: readonly Datum[];
          try {
            keyVals = spec.key(row);
          } catch (e) {
            reportEddy(e, ctx, diff);
            continue;
          }
          const key = rowKey(keyVals);
          const t = touched.get(key) ?? load(key, keyVals);
          const g = (t.group ??= { key: keyVals, count: 0, states: zeroStates() });
          g.count += diff;
          for (let i = 0; i < aggs.length; i++) {
            const a = aggs[i]!;
            let args: readonly Datum[];
            try {
              if (a.filter !== undefined && a.filter(row) !== true) continue;
              args = a.args(row);
            } catch (e) {
              reportEddy(e, ctx, diff);
              continue;
            }
            if (a.strict && hasNull(args)) continue;
            if (a.extreme !== undefined) {
              ordered!.add(valuesOf(key, i), args[0] ?? null, diff);
              continue;
            }
            try {
              g.states[i] = a.accumulate!.add(g.states[i]!, args, diff);
            } catch (e) {
              reportEddy(e, ctx, diff);
            }
          }
        }
        const out: Update[] = [];
        for (const [key, { slot, group: g, before }] of touched) {
          const after = output(g === undefined || g.count === 0 ? undefined : g, key);
          // The global group stays stored at count 0: it then has output its empty-input row.
          if (key === globalKey && spec.emptyGroupRow === true)
            slot.set(encodeGroup(g ?? { key: [], count: 0, states: zeroStates() }), null);
          else if (g === undefined || g.count === 0) slot.delete();
          else
            slot.set(
              encodeGroup(g),
              after === undefined || after instanceof EddyError ? null : after,
            );
          if (last !== null) last.replace(key, after, out, ctx);
          else emitChange(before, after, out, ctx);
        }
        return out;
      },
    },
    [input],
  );
  if (ordered === null && spec.emptyGroupRow !== true) rowKeepers.set(node, (r) => (rows = r));
  return node;
}
