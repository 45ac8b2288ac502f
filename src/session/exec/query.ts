// Runs a bound query once: lower, render into a dataflow, feed every relation it reads as one
// tick of inserts, and finish the result (ORDER BY, OFFSET, LIMIT, visible columns).
import { SLICE_ROWS, takeSlice, type RowSource } from '../../dataflow/slice.js';
import { EddyError, queryCanceled } from '../../errors/index.js';
import { evalLimit } from '../../planner/limits.js';
import type { Datum, Row } from '../../repr/index.js';
import type { EvalContext } from '../../expr/signature.js';
import type { BoundQuery, Rel } from '../../sql/hir.js';
import { Lowerer } from '../../planner/lower.js';
import { monotonic, render } from '../../planner/render.js';
import { compileOrder, compileTotalOrder } from '../../planner/sort.js';
import { optimize } from '../../planner/optimize.js';
import { directPlan, type DirectPlan } from '../../planner/direct.js';
import type { PreparedSelect } from '../plan-cache.js';
import { ReusablePlan } from './reusable.js';
import { withoutRecursion } from './recursive.js';

export interface ExecEnv {
  readonly evalCtx: EvalContext;
  /**
   * The rows of a relation (table, system relation) as of the statement's snapshot; with a
   * lookup, only the rows with those primary-key values.
   */
  readRelation(id: string, lookup?: readonly (readonly Datum[])[], index?: string): Iterable<Row>;
  readonly signal?: AbortSignal;
  /** Awaited once the dataflow has run (pg_sleep's requested sleep happens here). */
  readonly afterEvaluation?: () => Promise<void>;
}

/**
 * Evaluates a relation to its rows (as a multiset, unordered). The inputs are fed in slices of
 * ticks; operators are incremental, so the accumulated output is the same as with one tick, and
 * between slices the event loop runs (other sessions, CancelRequest).
 */
export async function evaluate(rel: Rel, env: ExecEnv, enough?: number): Promise<Row[]> {
  return evaluateLowered(optimize(new Lowerer(env.evalCtx).lower(rel)), env, enough);
}

/** evaluate() of a lowered, optimized relation. */
async function evaluateLowered(rel: Rel, env: ExecEnv, enough?: number): Promise<Row[]> {
  const lowered = await withoutRecursion(rel, env, evaluateLowered, enough);
  const direct = directPlan(lowered, env.evalCtx);
  if (direct !== null) return evaluateDirect(direct, env, enough);
  const r = render(lowered, env.evalCtx);
  const cap = r.output.capture();
  const sources: RowSource[] = [...r.reads].map(([name, read]) => [
    [name],
    env.readRelation(read.id, read.lookup, read.index)[Symbol.iterator](),
  ]);
  let tick = 0;
  for (;;) {
    if (env.signal?.aborted === true) throw queryCanceled();
    const slice = takeSlice(sources, SLICE_ROWS);
    r.dataflow.runTick(++tick, slice.inputs);
    if (!slice.full) break;
    // A monotone plan never retracts what it output: once there are enough rows, stop reading.
    if (enough !== undefined && cap.rowCount >= enough) break;
    await yieldToEventLoop();
  }
  const errors = r.dataflow.liveErrors();
  if (errors.length > 0) throw pickError(errors.map(([e]) => e));
  await env.afterEvaluation?.();
  const out: Row[] = [];
  for (const [row, diff] of cap.accumulated()) {
    if (diff < 0)
      throw new EddyError('XX000', 'internal error: negative multiplicity in a query result');
    for (let i = 0; i < diff; i++) out.push(row);
  }
  return out;
}

/**
 * Evaluates `q` through the plan kept in `reuse.slot` (made now if not yet tried); undefined when
 * there is none to keep or another execution is using it. `q.rel` is only read to make the plan.
 */
async function evaluateKept(
  q: BoundQuery,
  env: ExecEnv,
  enough: number | undefined,
  reuse: NonNullable<PreparedSelect['reuse']>,
): Promise<Row[] | undefined> {
  if (reuse.slot.plan === undefined) reuse.slot.plan = ReusablePlan.make(q.rel, env.evalCtx);
  return reuse.slot.plan?.with(env.evalCtx, reuse.values, (plan) =>
    evaluateDirect(plan, env, enough),
  );
}

/** A plan without a dataflow: each row read goes through `plan.apply`, in slices as above. */
async function evaluateDirect(plan: DirectPlan, env: ExecEnv, enough?: number): Promise<Row[]> {
  const read = plan.read;
  const rows = ('rows' in read ? read.rows : env.readRelation(read.id, read.lookup, read.index))[
    Symbol.iterator
  ]();
  const out: Row[] = [];
  const errors: EddyError[] = [];
  for (;;) {
    if (env.signal?.aborted === true) throw queryCanceled();
    let done = false;
    for (let n = 0; n < SLICE_ROWS; n++) {
      const next = rows.next();
      if (next.done === true) {
        done = true;
        break;
      }
      try {
        const row = plan.apply(next.value);
        if (row !== null) out.push(row);
      } catch (e) {
        if (!(e instanceof EddyError)) throw e;
        errors.push(e);
      }
    }
    if (done) break;
    // A direct plan only passes rows through: once there are enough rows, stop reading.
    if (enough !== undefined && out.length >= enough) break;
    await yieldToEventLoop();
  }
  if (errors.length > 0) throw pickError(errors);
  await env.afterEvaluation?.();
  return out;
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Deterministic choice among several errors: the least by SQLSTATE then message. */
export function pickError(errors: EddyError[]): EddyError {
  return [...errors].sort((a, b) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : a.message < b.message ? -1 : 1,
  )[0]!;
}

/**
 * Runs a top-level query and returns its finished rows; `reuse`: the plan slot of a prepared
 * statement and this execution's values, when `q` is its recorded query with those values.
 */
export async function runQuery(
  q: BoundQuery,
  env: ExecEnv,
  reuse?: PreparedSelect['reuse'],
): Promise<Row[]> {
  const offset = evalLimit(q.offset, env.evalCtx, 'OFFSET') ?? 0;
  const limit = evalLimit(q.limit, env.evalCtx, 'LIMIT', q.withTies === true);
  // LIMIT without ORDER BY over a plan that only passes rows through reads only what it needs.
  const enough =
    limit !== null && q.order.length === 0 && monotonic(q.rel, () => true)
      ? offset + limit
      : undefined;
  let rows =
    (reuse === undefined ? undefined : await evaluateKept(q, env, enough, reuse)) ??
    (await evaluate(q.rel, env, enough));
  if (q.order.length > 0) rows.sort(compileTotalOrder(q.order, env.evalCtx));
  if (offset > 0 || limit !== null) {
    let end = limit === null ? rows.length : offset + limit;
    if (q.withTies === true && limit !== null && limit > 0 && end < rows.length) {
      // FETCH FIRST ... WITH TIES: the rows after the last that tie with it in ORDER BY.
      const peers = compileOrder(q.order, env.evalCtx);
      const last = rows[end - 1]!;
      while (end < rows.length && peers(rows[end]!, last) === 0) end++;
    }
    rows = rows.slice(offset, end);
  }
  const width = q.visible;
  if (rows.length > 0 && rows[0]!.length !== width) rows = rows.map((r) => r.slice(0, width));
  return rows;
}
