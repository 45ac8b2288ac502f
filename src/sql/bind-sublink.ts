// Binds subqueries used as expressions: EXISTS, scalar (SELECT ...), IN / op ANY / op ALL, and
// ARRAY(SELECT ...). The subquery's references to this query become `outer` references; the
// planner's lowering decorrelates them.
import type { SubLink, SelectStmt } from '@pgsql/types';
import { EddyError, featureNotSupported, syntaxError } from '../errors/index.js';
import { T, arrayOf, type ScalarType } from '../repr/index.js';
import { aggregateCandidates } from '../expr/registry.js';
import { names, tagOf, type Node } from './ast.js';
import { bindExpr, bindOperator, coerceBool, type ExprCtx } from './bind-expr.js';
import { bindQuery, bindQueryRel, limited } from './bind-select.js';
import type { Rel, Scalar } from './hir.js';
import { relTypes } from './rel-types.js';
import { Scope } from './scope.js';

export function bindSubLink(ctx: ExprCtx, s: SubLink): Scalar {
  const position = s.location !== undefined ? s.location + 1 : undefined;
  const select = tagOf(s.subselect!)[1] as SelectStmt;
  switch (s.subLinkType) {
    case 'EXISTS_SUBLINK': {
      const q = bindQueryRel(ctx.binder, select, ctx.scope);
      return { kind: 'exists', rel: q.rel, type: T.bool };
    }
    case 'EXPR_SUBLINK': {
      const q = bindQueryRel(ctx.binder, select, ctx.scope);
      if (q.columns.length !== 1)
        throw syntaxError('subquery must return only one column', { position });
      return { kind: 'subquery', rel: q.rel, type: q.columns[0]!.type };
    }
    case 'ANY_SUBLINK':
    case 'ALL_SUBLINK': {
      const q = bindQueryRel(ctx.binder, select, ctx.scope);
      const op = s.operName === undefined ? '=' : names(s.operName).pop()!;
      const [ltag, lbody] = tagOf(s.testexpr!);
      const lhs =
        ltag === 'RowExpr'
          ? ((lbody.args as Node[]) ?? []).map((n) => bindExpr(ctx, n))
          : [bindExpr(ctx, s.testexpr!)];
      if (lhs.length !== q.columns.length) {
        throw syntaxError(
          lhs.length < q.columns.length
            ? 'subquery has too many columns'
            : 'subquery has too few columns',
          { position },
        );
      }
      // The comparison is evaluated over [lhs values..., subquery row...].
      const cols = [
        ...lhs.map((l, i) => ({ name: `l${i}`, index: i, type: l.type, tableOid: 0, attnum: 0 })),
        ...q.columns.map((c, i) => ({
          name: `r${i}`,
          index: lhs.length + i,
          type: c.type,
          tableOid: 0,
          attnum: 0,
        })),
      ];
      const cmpCtx: ExprCtx = {
        ...ctx,
        scope: Scope.of([{ alias: null, cols }], null),
        aggs: null,
        windows: null,
      };
      const parts = lhs.map((l, i) =>
        bindOperator(
          cmpCtx,
          op,
          { kind: 'column', index: i, type: l.type },
          { kind: 'column', index: lhs.length + i, type: q.columns[i]!.type },
          position,
        ),
      );
      let cmp: Scalar =
        parts.length === 1
          ? parts[0]!
          : { kind: op === '<>' ? 'or' : 'and', args: parts, type: T.bool };
      cmp = coerceBool(cmpCtx, cmp, 'ANY/ALL', position);
      return {
        kind: 'quantified',
        all: s.subLinkType === 'ALL_SUBLINK',
        cmp,
        lhs,
        rel: q.rel,
        type: T.bool,
      };
    }
    case 'ARRAY_SUBLINK': {
      const q = bindQuery(ctx.binder, select, ctx.scope);
      if (q.visible !== 1) throw syntaxError('subquery must return only one column', { position });
      const elem = q.columns[0]!.type;
      if (elem.kind !== 'scalar')
        throw featureNotSupported('ARRAY(subquery) of arrays is not supported', { position });
      const agg = aggregateCandidates('array_agg').find(
        (a) => a.args[0] === 'anynonarray' || a.args[0] === 'anyelement',
      );
      if (agg === undefined) throw featureNotSupported('ARRAY(subquery) is not supported');
      const rel: Rel = limited(q);
      const type = arrayOf(elem as ScalarType);
      const reduce: Rel = {
        kind: 'reduce',
        input: rel,
        groupKey: [],
        aggregates: [
          {
            func: agg,
            args: [{ kind: 'column', index: 0, type: elem }],
            argTypes: [elem],
            distinct: false,
            filter: null,
            orderBy: q.order,
            type,
          },
        ],
      };
      // array_agg over no rows is NULL; ARRAY(subquery) over no rows is '{}'.
      void relTypes;
      return {
        kind: 'coalesce',
        args: [
          { kind: 'subquery', rel: reduce, type },
          { kind: 'literal', value: emptyArray(), type },
        ],
        type,
      };
    }
    default:
      throw new EddyError('0A000', `subquery type ${s.subLinkType ?? '?'} is not supported`, {
        position,
      });
  }
}

import { PgArray } from '../repr/index.js';
function emptyArray(): PgArray {
  return PgArray.of([]);
}
