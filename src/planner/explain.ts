// EXPLAIN: prints each stage of a query's plan as indented text — the bound plan (with
// subqueries), the lowered and optimized plan, and the dataflow it renders to (operators, the
// keys they arrange by, and the state they keep).
import { formatType } from '../repr/pgtypes.js';
import { formatText } from '../repr/io/text.js';
import { DEFAULT_IO_SETTINGS } from '../repr/io/settings.js';
import type { Rel, Scalar, SortKey } from '../sql/hir.js';
import { relTypes } from '../sql/rel-types.js';
import { extractJoinKeys } from './join-keys.js';

export function explainScalar(s: Scalar): string {
  switch (s.kind) {
    case 'column':
      return `#${s.index}`;
    case 'outer':
      return `^${s.level}#${s.index}`;
    case 'literal':
      if (s.param !== undefined) return `$${s.param}`;
      if (s.value === null) return 'null';
      return typeof s.value === 'string'
        ? `'${s.value}'`
        : formatText(s.value, s.type, DEFAULT_IO_SETTINGS);
    case 'call': {
      const name = s.func.name;
      if (/^[^a-z_]/i.test(name) && s.args.length === 2)
        return `(${explainScalar(s.args[0]!)} ${name} ${explainScalar(s.args[1]!)})`;
      if (/^[^a-z_]/i.test(name) && s.args.length === 1)
        return `(${name}${explainScalar(s.args[0]!)})`;
      return `${name}(${s.args.map(explainScalar).join(', ')})`;
    }
    case 'cast':
      return `${explainScalar(s.expr)}::${formatType(s.type)}`;
    case 'and':
    case 'or':
      return `(${s.args.map(explainScalar).join(` ${s.kind.toUpperCase()} `)})`;
    case 'not':
      return `NOT ${explainScalar(s.arg)}`;
    case 'isNull':
      return `(${explainScalar(s.arg)} IS NULL)`;
    case 'isBool':
      return `(${explainScalar(s.arg)} IS ${s.test.toUpperCase()})`;
    case 'case':
      return `CASE ${s.whens.map((w) => `WHEN ${explainScalar(w.cond)} THEN ${explainScalar(w.then)}`).join(' ')} ELSE ${explainScalar(s.else)} END`;
    case 'coalesce':
    case 'greatest':
    case 'least':
      return `${s.kind}(${s.args.map(explainScalar).join(', ')})`;
    case 'array':
      return `ARRAY[${s.elems.map(explainScalar).join(', ')}]`;
    case 'row':
      return `ROW(${s.fields.map(explainScalar).join(', ')})`;
    case 'error':
      return `error("${s.message}")`;
    case 'aggRef':
      return `agg#${s.index}`;
    case 'windowRef':
      return `window#${s.index}`;
    case 'subquery':
      return '(subquery)';
    case 'exists':
      return 'EXISTS(subquery)';
    case 'quantified':
      return `(${s.lhs.map(explainScalar).join(', ')}) ${s.all ? 'ALL' : 'ANY'}(subquery)`;
    default: {
      const never: never = s;
      return never;
    }
  }
}

function order(keys: readonly SortKey[]): string {
  return keys
    .map(
      (k) =>
        `${explainScalar(k.expr)}${k.desc ? ' DESC' : ''}${k.nullsFirst !== k.desc ? (k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`,
    )
    .join(', ');
}

/** One line per operator, children indented. `dataflow` adds join keys and arrangements. */
export function explainRel(rel: Rel, dataflow = false, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  const child = (r: Rel): string[] => explainRel(r, dataflow, depth + 1);
  switch (rel.kind) {
    case 'get':
      return [
        `${pad}${dataflow ? 'Read' : 'Get'} ${rel.name}${rel.lookup === undefined ? '' : ` (${rel.lookupIndex === undefined ? 'primary key' : `index ${rel.lookupIndex.name}`} lookup of ${rel.lookup.length} key${rel.lookup.length === 1 ? '' : 's'}${dataflow ? ', no scan' : ''})`}`,
      ];
    case 'constant':
      return [`${pad}Constant (${rel.rows.length} row${rel.rows.length === 1 ? '' : 's'})`];
    case 'map':
      return [`${pad}Map (${rel.exprs.map(explainScalar).join(', ')})`, ...child(rel.input)];
    case 'filter':
      return [
        `${pad}Filter ${rel.predicates.map(explainScalar).join(' AND ')}`,
        ...child(rel.input),
      ];
    case 'project':
      return [`${pad}Project (${rel.outputs.map((o) => `#${o}`).join(', ')})`, ...child(rel.input)];
    case 'flatMap':
      return [
        `${pad}FlatMap ${rel.func.name}(${rel.func.args.map(explainScalar).join(', ')})`,
        ...child(rel.input),
      ];
    case 'join': {
      let head = `${pad}Join ${rel.joinKind}${rel.lateral ? ' lateral' : ''} on=${explainScalar(rel.on)}`;
      if (dataflow) {
        const k = extractJoinKeys(rel.on, relTypes(rel.left).length);
        head = `${pad}Join ${rel.joinKind} keys=(${k.left.map(explainScalar).join(', ')}) = (${k.right.map(explainScalar).join(', ')})${k.residual ? ` residual=${explainScalar(k.residual)}` : ''}  [arranges both inputs by key]`;
      }
      return [head, ...child(rel.left), ...child(rel.right)];
    }
    case 'reduce': {
      const aggs = rel.aggregates.map(
        (a) =>
          `${a.func.name}(${a.distinct ? 'DISTINCT ' : ''}${a.args.length === 0 ? '*' : a.args.map(explainScalar).join(', ')})`,
      );
      return [
        `${pad}Reduce group=(${rel.groupKey.map(explainScalar).join(', ')}) aggregates=(${aggs.join(', ')})${dataflow ? '  [arranges input by group]' : ''}`,
        ...child(rel.input),
      ];
    }
    case 'distinct':
      return [`${pad}Distinct${dataflow ? '  [arranges input by row]' : ''}`, ...child(rel.input)];
    case 'topK':
      return [
        `${pad}TopK group=(${rel.groupKey.map(explainScalar).join(', ')}) order=(${order(rel.order)})${rel.limit ? ` limit=${explainScalar(rel.limit)}` : ''}${rel.withTies === true ? ' with ties' : ''}${rel.offset ? ` offset=${explainScalar(rel.offset)}` : ''}${dataflow ? '  [arranges input by group]' : ''}`,
        ...child(rel.input),
      ];
    case 'window':
      return [
        `${pad}Window (${rel.calls.map((c) => `${c.name === 'aggregate' ? c.aggregate?.func.name : c.name}(${c.args.map(explainScalar).join(', ')}) over (partition by ${c.partitionBy.map(explainScalar).join(', ')} order by ${order(c.orderBy)})`).join(', ')})`,
        ...child(rel.input),
      ];
    case 'union':
      return [`${pad}Union`, ...rel.inputs.flatMap(child)];
    case 'negate':
      return [`${pad}Negate`, ...child(rel.input)];
    case 'threshold':
      return [`${pad}Threshold${dataflow ? '  [arranges input by row]' : ''}`, ...child(rel.input)];
    case 'recursiveUnion':
      return [
        `${pad}RecursiveUnion ${rel.name}${rel.all ? ' all' : ''}`,
        ...child(rel.base),
        ...child(rel.step),
      ];
    case 'workTable':
      return [`${pad}WorkTable`];
    default: {
      const never: never = rel;
      return never;
    }
  }
}
