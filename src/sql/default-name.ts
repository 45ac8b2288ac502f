// The column name PostgreSQL gives a select-list expression without AS.
import type { ResTarget, SelectStmt } from '@pgsql/types';
import { names, tagOf, type Node } from './ast.js';

/** The column name PostgreSQL gives an unnamed select-list expression. */
export function defaultName(node: Node): string {
  const [tag, body] = tagOf(node);
  switch (tag) {
    case 'ColumnRef': {
      const f = names(body.fields as Node[]);
      return f[f.length - 1]!;
    }
    case 'FuncCall': {
      const f = names(body.funcname as Node[]);
      return f[f.length - 1]!;
    }
    case 'TypeCast': {
      const inner = defaultName(body.arg as Node);
      if (inner !== '?column?') return inner;
      const tn = names((body.typeName as { names?: Node[] }).names);
      return tn[tn.length - 1]!;
    }
    case 'CaseExpr':
      return 'case';
    case 'GroupingFunc':
      return 'grouping';
    case 'CoalesceExpr':
      return 'coalesce';
    case 'MinMaxExpr':
      return (body.op as string) === 'IS_GREATEST' ? 'greatest' : 'least';
    case 'SubLink': {
      const t = body.subLinkType as string;
      if (t === 'EXISTS_SUBLINK') return 'exists';
      if (t === 'ARRAY_SUBLINK') return 'array';
      if (t === 'EXPR_SUBLINK') {
        const sel = tagOf(body.subselect as Node)[1] as SelectStmt;
        const first = sel.targetList?.[0];
        if (first !== undefined) {
          const rt = tagOf(first)[1] as ResTarget;
          return rt.name ?? defaultName(rt.val!);
        }
      }
      return '?column?';
    }
    case 'A_ArrayExpr':
      return 'array';
    case 'RowExpr':
      return 'row';
    case 'SQLValueFunction': {
      const op = String(body.op ?? '');
      return op.replace('SVFOP_', '').toLowerCase().replace(/_n$/, '');
    }
    case 'A_Indirection': {
      const ind = body.indirection as Node[];
      const last = ind[ind.length - 1]!;
      const [lt, lb] = tagOf(last);
      if (lt === 'String') return String(lb.sval);
      return defaultName(body.arg as Node);
    }
    default:
      return '?column?';
  }
}
