// EXPLAIN [ ( options ) ] statement: the bound plan, the optimized plan and the dataflow.
import type { DefElem, ExplainStmt, SelectStmt } from '@pgsql/types';
import { featureNotSupported } from '../../errors/index.js';
import { T } from '../../repr/index.js';
import { tagOf } from '../../sql/ast.js';
import type { Binder } from '../../sql/binder.js';
import { bindQuery } from '../../sql/bind-select.js';
import { explainRel } from '../../planner/explain.js';
import { Lowerer } from '../../planner/lower.js';
import { optimize } from '../../planner/optimize.js';
import type { ResultColumn, StatementResult } from '../api.js';
import type { EddySession } from '../session.js';
import { column, rowsResult } from './rows.js';

export function describeExplain(): ResultColumn[] {
  return [column('QUERY PLAN', T.text)];
}

export function executeExplain(s: EddySession, binder: Binder, e: ExplainStmt): StatementResult {
  for (const o of e.options ?? []) {
    const d = tagOf(o)[1] as DefElem;
    if (d.defname === 'analyze') throw featureNotSupported('EXPLAIN ANALYZE is not supported');
  }
  const [tag, body] = tagOf(e.query!);
  if (tag !== 'SelectStmt') throw featureNotSupported('EXPLAIN is supported for SELECT only');
  const q = bindQuery(binder, body as SelectStmt, null);
  const lowered = optimize(new Lowerer(s.evalContext()).lower(q.rel));
  const lines = [
    'Bound plan:',
    ...explainRel(q.rel, false, 1),
    'Optimized plan:',
    ...explainRel(lowered, false, 1),
    'Dataflow:',
    ...explainRel(lowered, true, 1),
  ];
  if (q.order.length > 0 || q.limit !== null || q.offset !== null)
    lines.push('Finishing: sort, offset and limit of the result');
  return rowsResult(
    describeExplain(),
    lines.map((l) => [l]),
    () => 'EXPLAIN',
  );
}
