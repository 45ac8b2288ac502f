// WITH RECURSIVE in one-shot queries. The recursive unions of a lowered plan are evaluated before
// the plan around them, as PostgreSQL evaluates them: the non-recursive term's rows, then round
// after round the recursive term over the rows the last round found, until a round finds none
// (with UNION, a row found before, or twice in a round, is dropped); the union is then the
// constant relation of all the rows found. The recursive term is rendered once for all rounds:
// its other inputs are fed once, and each round feeds its work table the new rows and retracts
// the last round's, so a round costs what changed (a join with a table arranges the table once).
// Between rounds the event loop runs and a cancel or statement_timeout stops the query; a
// recursion that never ends runs until then, as in PostgreSQL, except that the rows a LIMIT
// without ORDER BY over the union asks for end it. Maintained views refuse recursion (render.ts).
import { SLICE_ROWS, takeSlice, type RowSource } from '../../dataflow/slice.js';
import { EddyError, featureNotSupported, queryCanceled } from '../../errors/index.js';
import { directPlan } from '../../planner/direct.js';
import { render, workTableInput } from '../../planner/render.js';
import { rowKey, type Diff, type Row } from '../../repr/index.js';
import type { Rel } from '../../sql/hir.js';
import { relTypes } from '../../sql/rel-types.js';
import { mapRelInputs } from '../../sql/scalar-util.js';
import { pickError, yieldToEventLoop, type ExecEnv } from './query.js';

type RecursiveUnion = Extract<Rel, { kind: 'recursiveUnion' }>;

/** Evaluates a lowered relation to its rows (query.ts). */
export type Evaluate = (rel: Rel, env: ExecEnv) => Promise<Row[]>;

/**
 * `rel` (lowered) with each recursive union replaced by the constant relation of its rows;
 * `enough`: the query needs only that many rows of `rel` (a LIMIT over rows passed through).
 */
export async function withoutRecursion(
  rel: Rel,
  env: ExecEnv,
  evaluate: Evaluate,
  enough?: number,
): Promise<Rel> {
  if (outermostUnions(rel).length === 0) return rel;
  const found = new Map<number, Rel>();
  const resolve = async (r: Rel, stop?: Stop): Promise<Rel> => {
    for (const u of outermostUnions(r)) {
      if (found.has(u.id)) continue;
      // A recursive query in another's recursive term would have to run again every round.
      if (freeWorkTables(u).size > 0)
        throw featureNotSupported(
          'a recursive query reading the recursive query whose recursive term holds it is not supported',
        );
      const union = { ...u, base: await resolve(u.base), step: await resolve(u.step) };
      const rows = await rounds(union, env, evaluate, stop);
      found.set(u.id, { kind: 'constant', rows, types: relTypes(u.base) });
    }
    return replaceUnions(r, found);
  };
  return resolve(rel, enough === undefined ? undefined : stopWhenEnough(rel, env, enough));
}

/** Says, given the rows a round added, whether the rows found so far are all the query needs. */
type Stop = (added: readonly Row[]) => boolean;

/**
 * When `rel` only filters, maps and projects the rows of one recursive union: a Stop counting
 * the rows those steps keep of the union's rows, true once there are `enough`.
 */
function stopWhenEnough(rel: Rel, env: ExecEnv, enough: number): Stop | undefined {
  let r = rel;
  while (r.kind === 'map' || r.kind === 'filter' || r.kind === 'project') r = r.input;
  if (r.kind !== 'recursiveUnion') return undefined;
  const union = r;
  const empty: Rel = { kind: 'constant', rows: [], types: relTypes(union.base) };
  const steps = directPlan(replaceUnions(rel, new Map([[union.id, empty]])), env.evalCtx);
  if (steps === null) return undefined;
  let kept = 0;
  return (added) => {
    for (const row of added) {
      try {
        if (steps.apply(row) !== null) kept++;
      } catch (e) {
        // The row's error is raised when the query runs over the rows found.
        if (!(e instanceof EddyError)) throw e;
        kept++;
      }
    }
    return kept >= enough;
  };
}

/** The rows of a recursive union (whose terms hold no recursive union of their own). */
async function rounds(
  u: RecursiveUnion,
  env: ExecEnv,
  evaluate: Evaluate,
  stop: Stop | undefined,
): Promise<Row[]> {
  const seen = u.all ? null : new Set<string>();
  const fresh = (rows: readonly Row[]): Row[] => {
    if (seen === null) return [...rows];
    const out: Row[] = [];
    for (const row of rows) {
      const k = rowKey(row);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(row);
    }
    return out;
  };
  let working = fresh(await evaluate(u.base, env));
  const all = [...working];
  if (working.length === 0 || (stop !== undefined && stop(working))) return all;

  const step = render(u.step, env.evalCtx, 'recursive term');
  const output = step.output.capture();
  const workName = workTableInput(u.id);
  const canceled = (): boolean => env.signal?.aborted === true;
  let tick = 0;
  const runTick = (inputs: Record<string, [Row, Diff][]>): void => {
    step.dataflow.runTick(++tick, inputs);
    const errors = step.dataflow.liveErrors();
    if (errors.length > 0) throw pickError(errors.map(([e]) => e));
  };
  // The term's other inputs, once (in slices, as evaluate() feeds a query's).
  const sources: RowSource[] = [...step.reads].map(([name, read]) => [
    [name],
    env.readRelation(read.id, read.lookup, read.index)[Symbol.iterator](),
  ]);
  for (;;) {
    if (canceled()) throw queryCanceled();
    const slice = takeSlice(sources, SLICE_ROWS);
    runTick(slice.inputs);
    if (!slice.full) break;
    await yieldToEventLoop();
  }
  let previous: readonly Row[] = [];
  while (working.length > 0) {
    if (canceled()) throw queryCanceled();
    const changes: [Row, Diff][] = [];
    for (const row of previous) changes.push([row, -1]);
    for (const row of working) changes.push([row, 1]);
    runTick({ [workName]: changes });
    const next: Row[] = [];
    for (const [row, diff] of output.accumulated()) {
      if (diff < 0)
        throw new EddyError('XX000', 'internal error: negative multiplicity in a recursive term');
      for (let i = 0; i < diff; i++) next.push(row);
    }
    previous = working;
    working = fresh(next);
    for (const row of working) all.push(row);
    if (stop !== undefined && stop(working)) break;
    await yieldToEventLoop();
  }
  return all;
}

/** Ids of the work tables `rel` reads that belong to no recursive union inside it. */
function freeWorkTables(rel: Rel): Set<number> {
  const out = new Set<number>();
  if (rel.kind === 'workTable') out.add(rel.id);
  mapRelInputs(rel, (r) => {
    for (const id of freeWorkTables(r)) out.add(id);
    return r;
  });
  if (rel.kind === 'recursiveUnion') out.delete(rel.id);
  return out;
}

/** The recursive unions of `rel` that are not inside another one. */
function outermostUnions(rel: Rel, out: RecursiveUnion[] = []): RecursiveUnion[] {
  if (rel.kind === 'recursiveUnion') out.push(rel);
  else
    mapRelInputs(rel, (r) => {
      outermostUnions(r, out);
      return r;
    });
  return out;
}

/** `rel` with the recursive unions named in `by` (by id) replaced. */
function replaceUnions(rel: Rel, by: ReadonlyMap<number, Rel>): Rel {
  if (rel.kind === 'recursiveUnion') {
    const r = by.get(rel.id);
    if (r !== undefined) return r;
  }
  return mapRelInputs(rel, (r) => replaceUnions(r, by));
}
