// Runs a bound query once: lower, render into a dataflow, feed every relation it reads as one
// tick of inserts, and finish the result (ORDER BY, OFFSET, LIMIT, visible columns).
import { EddyError, queryCanceled } from '../../errors/index.js';
import { evalLimit } from '../../planner/limits.js';
import type { Row } from '../../repr/index.js';
import type { EvalContext } from '../../expr/signature.js';
import type { BoundQuery, Rel } from '../../sql/hir.js';
import { Lowerer } from '../../planner/lower.js';
import { render } from '../../planner/render.js';
import { compileTotalOrder } from '../../planner/sort.js';
import { optimize } from '../../planner/optimize.js';

export interface ExecEnv {
  readonly evalCtx: EvalContext;
  /** The rows of a relation (table, system relation) as of the statement's snapshot. */
  readRelation(id: string): Iterable<Row>;
  readonly signal?: AbortSignal;
}

/** Evaluates a relation to its rows (as a multiset, unordered). */
export function evaluate(rel: Rel, env: ExecEnv): Row[] {
  const lowered = optimize(new Lowerer(env.evalCtx).lower(rel));
  const r = render(lowered, env.evalCtx);
  const cap = r.output.capture();
  const inputs: Record<string, Iterable<readonly [Row, number]>> = {};
  for (const id of r.inputs.keys()) {
    if (env.signal?.aborted === true) throw queryCanceled();
    inputs[id] = withDiff(env.readRelation(id));
  }
  r.dataflow.runTick(1, inputs);
  const errors = r.dataflow.liveErrors();
  if (errors.length > 0) throw pickError(errors.map(([e]) => e));
  const out: Row[] = [];
  for (const [row, diff] of cap.accumulated()) {
    if (diff < 0) throw new EddyError('XX000', 'internal error: negative multiplicity in a query result');
    for (let i = 0; i < diff; i++) out.push(row);
  }
  return out;
}

function* withDiff(rows: Iterable<Row>): Iterable<readonly [Row, number]> {
  for (const r of rows) yield [r, 1];
}

/** Deterministic choice among several errors: the least by SQLSTATE then message. */
function pickError(errors: EddyError[]): EddyError {
  return [...errors].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.message < b.message ? -1 : 1))[0]!;
}

/** Runs a top-level query and returns its finished rows. */
export function runQuery(q: BoundQuery, env: ExecEnv): Row[] {
  let rows = evaluate(q.rel, env);
  if (q.order.length > 0) rows.sort(compileTotalOrder(q.order, env.evalCtx));
  const offset = evalLimit(q.offset, env.evalCtx, 'OFFSET') ?? 0;
  const limit = evalLimit(q.limit, env.evalCtx, 'LIMIT');
  if (offset > 0 || limit !== null) rows = rows.slice(offset, limit === null ? undefined : offset + limit);
  const width = q.visible;
  if (rows.length > 0 && rows[0]!.length !== width) rows = rows.map((r) => r.slice(0, width));
  return rows;
}
