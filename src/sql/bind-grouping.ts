// GROUP BY support for the binder: group keys named by output position or name, rewriting
// select-list / HAVING / ORDER BY expressions onto the reduce's output (keys, then aggregates),
// and PostgreSQL's functional dependency on primary keys.
import type { A_Const } from '@pgsql/types';
import { groupingError, invalidColumnReference } from '../errors/index.js';
import { names, positionOf, tagOf, type Node } from './ast.js';
import type { Binder } from './binder.js';
import type { Scalar } from './hir.js';
import { mapScalar, mapScalarDeep, scalarKey } from './scalar-util.js';
import type { Scope } from './scope.js';

export function groupOutputRef(
  n: Node,
  scope: Scope,
  targets: readonly { name: string; expr: Scalar }[],
): Scalar | null {
  const [tag, body] = tagOf(n);
  if (tag === 'A_Const' && (body as A_Const).ival !== undefined) {
    const i = ((body as A_Const).ival!.ival ?? 0) - 1;
    const t = targets[i];
    if (t === undefined)
      throw invalidColumnReference(`GROUP BY position ${i + 1} is not in select list`, {
        position: positionOf(n),
      });
    return t.expr;
  }
  if (tag === 'ColumnRef') {
    const f = names(body.fields as Node[]);
    if (f.length === 1 && !scope.unqualified.some((c) => c.name === f[0])) {
      const t = targets.find((x) => x.name === f[0]);
      if (t !== undefined) return t.expr;
    }
  }
  return null;
}

/** Rewrites an expression over the input into one over the reduce output [keys..., aggs...]. */
export function groupRewriter(groupKey: readonly Scalar[], scope: Scope): (e: Scalar) => Scalar {
  const keys = new Map(groupKey.map((k, i) => [scalarKey(k), i]));
  const nameOf = (index: number): string =>
    scope.star.find((c) => c.index === index)?.name ??
    scope.unqualified.find((c) => c.index === index)?.name ??
    `?column?`;
  const rewrite = (e: Scalar): Scalar =>
    mapScalar(e, (x) => {
      const k = keys.get(scalarKey(x));
      if (k !== undefined) return { kind: 'column', index: k, type: x.type };
      if (x.kind === 'aggRef')
        return { kind: 'column', index: groupKey.length + x.index, type: x.type };
      if (x.kind === 'column') {
        throw groupingError(
          `column "${qualifiedName(scope, x.index) ?? nameOf(x.index)}" must appear in the GROUP BY clause or be used in an aggregate function`,
        );
      }
      if (x.kind === 'subquery' || x.kind === 'exists' || x.kind === 'quantified') {
        // Correlated references from subqueries into this (grouped) query must be grouped too.
        const fix = (s: Scalar, depth: number): Scalar => {
          if (s.kind !== 'outer' || s.level !== depth) return s;
          const kk = keys.get(scalarKey({ kind: 'column', index: s.index, type: s.type }));
          if (kk === undefined) {
            throw groupingError(
              `subquery uses ungrouped column "${nameOf(s.index)}" from outer query`,
            );
          }
          return { ...s, index: kk };
        };
        const lhs = x.kind === 'quantified' ? { lhs: x.lhs.map(rewrite) } : {};
        return { ...(mapScalarDeep({ ...x, ...lhs } as Scalar, fix, 0) as Scalar) };
      }
      return undefined;
    });
  return rewrite;
}

/**
 * Columns that may appear ungrouped because their table's primary key is grouped (PostgreSQL's
 * functional dependency rule); they become extra group keys, which changes no group.
 */
export function functionallyDependent(
  binder: Binder,
  scope: Scope,
  groupKey: readonly Scalar[],
  exprs: readonly Scalar[],
): Scalar[] {
  const grouped = new Set(groupKey.flatMap((k) => (k.kind === 'column' ? [k.index] : [])));
  const extra: Scalar[] = [];
  const seen = new Set<number>();
  for (const e of exprs) {
    mapScalar(e, (x) => {
      if (x.kind !== 'column' || grouped.has(x.index) || seen.has(x.index)) return undefined;
      const item = scope.items.find((i) => i.cols.some((c) => c.index === x.index));
      const col = item?.cols.find((c) => c.index === x.index);
      if (item === undefined || col === undefined || col.tableOid === 0) return undefined;
      const rel = binder.catalog.relationByOid(col.tableOid);
      if (rel?.kind !== 'table' || rel.primaryKey.length === 0) return undefined;
      const pkGrouped = rel.primaryKey.every((p) =>
        item.cols.some(
          (c) => c.attnum === p + 1 && c.tableOid === col.tableOid && grouped.has(c.index),
        ),
      );
      if (pkGrouped) {
        seen.add(x.index);
        extra.push({ kind: 'column', index: x.index, type: x.type });
      }
      return undefined;
    });
  }
  return extra;
}

export function qualifiedName(scope: Scope, index: number): string | undefined {
  for (const item of scope.items) {
    const c = item.cols.find((x) => x.index === index);
    if (c !== undefined) return item.alias !== null ? `${item.alias}.${c.name}` : c.name;
  }
  return undefined;
}
