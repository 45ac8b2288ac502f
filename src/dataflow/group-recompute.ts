// Group-at-a-time recomputation, shared by the operators whose output for a group is a function
// of the group's whole multiset (topK, window): the input is arranged by group key, and on each
// tick every group the batch touches is computed from its old multiset and from its new one, and
// new minus old is emitted (cost: one evaluation of the group function per touched group and
// side).
//
// State: the input arranged by group key (the per-group multiset).
//
// Errors: a key closure that throws yields the error with the row's diff (the row is not
// arranged); a group function that throws makes that group's output the error (diff +1),
// retracted when the group changes again. Empty groups output nothing.
import { EddyError } from '../errors/index.js';
import { rowKey, type Datum, type Row, type Update } from '../repr/index.js';
import { type Entry, type KeyedUpdate } from './arrangement.js';
import { FAILED, attempt, catchEddy } from './error-set.js';
import type { Collection, TickContext } from './graph.js';

/** Addresses each update to its group key (NULLs group together, unlike join keys). */
export function groupBatch(
  batch: readonly Update[],
  key: (row: Row) => readonly Datum[],
  ctx: TickContext,
): KeyedUpdate[] {
  const keyed: KeyedUpdate[] = [];
  for (const [row, , diff] of batch) {
    const k = attempt(ctx, diff, () => key(row));
    if (k !== FAILED) keyed.push([rowKey(k), row, diff]);
  }
  return keyed;
}

/**
 * An operator whose output per group is `output(entries)` (rows with multiplicities) of the
 * group's consolidated entries, maintained by recomputing touched groups.
 */
export function recomputeGroups(
  input: Collection,
  name: string,
  key: (row: Row) => readonly Datum[],
  output: (entries: readonly Entry[]) => readonly Entry[],
): Collection {
  const arranged = input.dataflow.arrangement();

  const emit = (entries: readonly Entry[], sign: number, out: Update[], ctx: TickContext) => {
    if (entries.length === 0) return;
    const rows = catchEddy(() => output(entries));
    if (rows instanceof EddyError) ctx.error(rows, sign);
    else for (const [row, d] of rows) out.push([row, ctx.time, sign * d]);
  };

  return input.dataflow.addNode(
    {
      name,
      step: ([batch], ctx) => {
        const keyed = groupBatch(batch!, key, ctx);
        const touched = [...new Set(keyed.map(([k]) => k))];
        const out: Update[] = [];
        for (const k of touched) emit(arranged.get(k), -1, out, ctx);
        arranged.apply(keyed);
        for (const k of touched) emit(arranged.get(k), 1, out, ctx);
        return out;
      },
    },
    [input],
  );
}
