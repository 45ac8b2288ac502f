// reduce for accumulable aggregates (count, sum, avg, ... without DISTINCT or ORDER BY): each
// group's rows are not kept, only a small state per aggregate that every update's diff is added
// to, plus the group's total multiplicity (a group whose multiplicity drops to zero retracts its
// row). Cost per update is O(number of aggregates), whatever the group's size.
//
// State: per group, the key values, the multiplicity and one accumulator state per aggregate.
//
// Errors: a key closure that throws yields the error with the row's diff; an argument or filter
// closure that throws yields the error with the row's diff and the row is not added to that
// aggregate; a `finish` that throws makes the group's output that error until the group changes.
import type { EddyError } from '../errors/index.js';
import { rowKey, type Datum, type Row, type Update } from '../repr/index.js';
import type { AggregateSpec } from './aggregate.js';
import { FAILED, attempt, catchEddy, errorKey } from './error-set.js';
import type { Collection } from './graph.js';
import type { ReduceSpec } from './reduce.js';

interface Group {
  readonly key: readonly Datum[];
  count: number;
  states: (readonly Datum[])[];
}

type Output = Row | EddyError;

/** Whether every aggregate of the spec can be maintained by accumulation. */
export function accumulable(spec: ReduceSpec): boolean {
  return spec.aggregates.every(
    (a) => a.accumulate !== undefined && !a.distinct && a.orderBy === undefined,
  );
}

export function reduceAccumulate(input: Collection, spec: ReduceSpec): Collection {
  const aggs = spec.aggregates as readonly (AggregateSpec &
    Required<Pick<AggregateSpec, 'accumulate'>>)[];
  const groups = new Map<string, Group>();
  const last = new Map<string, Output>();
  const globalKey = rowKey([]);
  let first = true;

  const output = (g: Group | undefined, key: string): Output | undefined => {
    if (g === undefined || g.count <= 0) {
      if (spec.emptyGroupRow === true && key === globalKey)
        return catchEddy(() => aggs.map((a) => a.apply([])));
      return undefined;
    }
    return catchEddy(() => [...g.key, ...aggs.map((a, i) => a.accumulate.finish(g.states[i]!))]);
  };

  return input.dataflow.addNode(
    {
      name: 'reduce (accumulate)',
      step: ([batch], ctx) => {
        const touched = new Set<string>();
        if (first) {
          first = false;
          if (spec.emptyGroupRow === true) touched.add(globalKey);
        }
        for (const [row, , diff] of batch as readonly Update[]) {
          const keyVals = attempt(ctx, diff, () => spec.key(row));
          if (keyVals === FAILED) continue;
          const key = rowKey(keyVals);
          let g = groups.get(key);
          if (g === undefined) {
            g = { key: keyVals, count: 0, states: aggs.map((a) => a.accumulate.zero()) };
            groups.set(key, g);
          }
          g.count += diff;
          for (let i = 0; i < aggs.length; i++) {
            const a = aggs[i]!;
            const args = attempt(ctx, diff, () => {
              if (a.filter !== undefined && a.filter(row) !== true) return null;
              const vals = a.args(row);
              return a.strict && vals.some((v) => v === null) ? null : vals;
            });
            if (args === FAILED || args === null) continue;
            const next = attempt(ctx, diff, () => a.accumulate.add(g!.states[i]!, args, diff));
            if (next !== FAILED) g.states[i] = next;
          }
          if (g.count === 0) groups.delete(key);
          touched.add(key);
        }
        const out: Update[] = [];
        for (const key of touched) {
          const before = last.get(key);
          const after = output(groups.get(key), key);
          if (same(before, after)) continue;
          if (before !== undefined) emit(before, -1);
          if (after !== undefined) {
            emit(after, 1);
            last.set(key, after);
          } else last.delete(key);
        }
        return out;

        function emit(o: Output, diff: number): void {
          if (Array.isArray(o)) out.push([o, ctx.time, diff]);
          else ctx.error(o as EddyError, diff);
        }
      },
    },
    [input],
  );
}

function same(a: Output | undefined, b: Output | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return rowKey(a) === rowKey(b as Row);
  return errorKey(a as EddyError) === errorKey(b as EddyError);
}
