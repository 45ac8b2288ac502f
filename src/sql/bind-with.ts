// WITH clauses: each common table expression is bound once and visible by name to the ones
// after it and to the query. With RECURSIVE, a CTE may also come after the ones it reads (they
// are bound in the order of what reads what; a cycle between two is refused, as in PostgreSQL),
// and a CTE that reads itself is a recursive union: non-recursive term UNION [ALL] recursive
// term, where the recursive term reads the rows the previous round found (hir recursiveUnion and
// workTable). The shape PostgreSQL requires of it is checked on the syntax tree, with its errors:
// one reference to itself, in the recursive term, not inside a subquery expression, an outer
// join's NULL-extended side, INTERSECT or EXCEPT; no ORDER BY / LIMIT / OFFSET; no aggregate
// over the recursive reference; the recursive term's column types must not widen the
// non-recursive term's.
import type { CommonTableExpr, SelectStmt, WithClause } from '@pgsql/types';
import {
  datatypeMismatch,
  duplicateAlias,
  featureNotSupported,
  invalidColumnReference,
  invalidRecursion,
  syntaxError,
} from '../errors/index.js';
import { typeEquals, type SqlType } from '../repr/index.js';
import { formatType } from '../repr/pgtypes.js';
import { names, tagOf } from './ast.js';
import type { Binder, CteBinding } from './binder.js';
import { coerceTo, type ExprCtx } from './bind-expr.js';
import { bindQueryRel } from './bind-select.js';
import { commonType } from './coerce.js';
import type { Rel } from './hir.js';
import { Scope } from './scope.js';

/** `binder` with the WITH clause's CTEs visible. */
export function withCtes(binder: Binder, w: WithClause, parent: Scope | null): Binder {
  const ctes = (w.ctes ?? []).map((n) => tagOf(n)[1] as CommonTableExpr);
  const seen = new Set<string>();
  for (const cte of ctes) {
    const name = cte.ctename!;
    if (seen.has(name))
      throw duplicateAlias(`WITH query name "${name}" specified more than once`, {
        position: position(cte.location),
      });
    seen.add(name);
    if (tagOf(cte.ctequery!)[0] !== 'SelectStmt')
      throw featureNotSupported('data-modifying statements in WITH are not supported');
    if (cte.search_clause !== undefined || cte.cycle_clause !== undefined)
      throw featureNotSupported(
        `${cte.search_clause !== undefined ? 'SEARCH' : 'CYCLE'} clauses of WITH RECURSIVE are not supported`,
        { position: position(cte.location) },
      );
  }
  const recursive = w.recursive === true;
  let b = binder;
  for (const cte of recursive ? dependencyOrder(ctes) : ctes) {
    const body = tagOf(cte.ctequery!)[1] as SelectStmt;
    const binding =
      recursive && references(body, cte.ctename!)
        ? bindRecursive(b, cte, body, parent)
        : plainCte(cte, bindQueryRel(b, body, parent));
    b = b.withCtes(new Map([[binding.name, binding]]));
  }
  return b;
}

const position = (location: number | undefined): number | undefined =>
  location === undefined ? undefined : location + 1;

function plainCte(
  cte: CommonTableExpr,
  q: { rel: Rel; columns: readonly { name: string; type: SqlType }[] },
): CteBinding {
  return { name: cte.ctename!, rel: q.rel, columns: cteColumns(cte, q.columns) };
}

/** The CTE's columns: the query's, renamed by the column list given with its name. */
function cteColumns(
  cte: CommonTableExpr,
  columns: readonly { name: string; type: SqlType }[],
): { name: string; type: SqlType }[] {
  const aliases = names(cte.aliascolnames);
  if (aliases.length > columns.length)
    throw invalidColumnReference(
      `WITH query "${cte.ctename}" has ${columns.length} columns available but ${aliases.length} columns specified`,
      { position: position(cte.location) },
    );
  return columns.map((c, i) => ({ name: aliases[i] ?? c.name, type: c.type }));
}

/** Ids of recursive unions, unique within the process (a query may hold several). */
let nextRecursionId = 1;

function bindRecursive(
  binder: Binder,
  cte: CommonTableExpr,
  body: SelectStmt,
  parent: Scope | null,
): CteBinding {
  const name = cte.ctename!;
  if (body.op !== 'SETOP_UNION')
    throw invalidRecursion(
      `recursive query "${name}" does not have the form non-recursive-term UNION [ALL] recursive-term`,
      { position: position(cte.location) },
    );
  const inBase = refSites(body.larg, name);
  if (inBase.length > 0)
    throw invalidRecursion(
      `recursive reference to query "${name}" must not appear within its non-recursive term`,
      { position: position(inBase[0]!.location) },
    );
  checkRecursiveTerm(body.rarg, name);
  if ((body.sortClause ?? []).length > 0)
    throw featureNotSupported('ORDER BY in a recursive query is not implemented');
  if (body.limitOffset !== undefined)
    throw featureNotSupported('OFFSET in a recursive query is not implemented');
  if (body.limitCount !== undefined)
    throw featureNotSupported('LIMIT in a recursive query is not implemented');
  if ((body.lockingClause ?? []).length > 0)
    throw featureNotSupported('FOR UPDATE/SHARE in a recursive query is not implemented');

  const base = bindQueryRel(binder, body.larg!, parent);
  const columns = cteColumns(cte, base.columns);
  const types = columns.map((c) => c.type);
  const id = nextRecursionId++;
  const work: CteBinding = { name, rel: { kind: 'workTable', id, types }, columns };
  const step = bindQueryRel(binder.withCtes(new Map([[name, work]])), body.rarg!, parent);
  if (step.columns.length !== types.length)
    throw syntaxError('each UNION query must have the same number of columns');
  if (readsRecursionInReduce(step.rel, id))
    throw invalidRecursion(
      "aggregate functions are not allowed in a recursive query's recursive term",
    );
  const ctx: ExprCtx = {
    binder,
    scope: Scope.empty(parent),
    clause: 'UNION',
    aggs: null,
    windows: null,
  };
  const exprs = step.columns.map((c, i) => {
    const want = types[i]!;
    const overall = commonType([want, c.type], 'UNION');
    if (!typeEquals(overall, want))
      throw datatypeMismatch(
        `recursive query "${name}" column ${i + 1} has type ${formatType(want)} in non-recursive term but type ${formatType(overall)} overall`,
        { hint: 'Cast the output of the non-recursive term to the correct type.' },
      );
    return coerceTo(ctx, { kind: 'column', index: i, type: c.type }, want, 'implicit');
  });
  const width = step.columns.length;
  const stepRel: Rel = exprs.every((e, i) => e.kind === 'column' && e.index === i)
    ? step.rel
    : {
        kind: 'project',
        input: { kind: 'map', input: step.rel, exprs },
        outputs: exprs.map((_, i) => width + i),
      };
  return {
    name,
    rel: {
      kind: 'recursiveUnion',
      id,
      name,
      base: base.rel,
      step: stepRel,
      all: body.all === true,
    },
    columns,
  };
}

/** Where a reference to the recursive query sits, as far as PostgreSQL's rules care. */
type Place = 'plain' | 'subquery' | 'outer join' | 'INTERSECT' | 'EXCEPT';

interface RefSite {
  readonly location: number | undefined;
  readonly place: Place;
}

/** The references to `name` (a relation name without schema) in the syntax tree `node`. */
function refSites(
  node: unknown,
  name: string,
  place: Place = 'plain',
  out: RefSite[] = [],
): RefSite[] {
  if (Array.isArray(node)) {
    for (const n of node) refSites(n, name, place, out);
    return out;
  }
  if (node === null || typeof node !== 'object') return out;
  const obj = node as Record<string, unknown>;
  // A SelectStmt (as a node's value, or the bare larg / rarg of a set operation). As in
  // PostgreSQL, INTERSECT ALL and the left side of EXCEPT ALL may not hold the reference, nor the
  // right side of any EXCEPT; INTERSECT and EXCEPT's left side may.
  const all = obj['all'] === true;
  const keep = (p: Place): Place => (place === 'plain' ? p : place);
  const [left, right]: [Place, Place] =
    obj['op'] === 'SETOP_INTERSECT'
      ? all
        ? [keep('INTERSECT'), keep('INTERSECT')]
        : [place, place]
      : obj['op'] === 'SETOP_EXCEPT'
        ? [all ? keep('EXCEPT') : place, keep('EXCEPT')]
        : [place, place];
  for (const [key, value] of Object.entries(obj)) {
    const v = value as Record<string, unknown>;
    switch (key) {
      case 'larg':
        refSites(value, name, left, out);
        break;
      case 'rarg':
        refSites(value, name, right, out);
        break;
      case 'RangeVar':
        if (v['relname'] === name && v['schemaname'] === undefined)
          out.push({ location: v['location'] as number | undefined, place });
        break;
      case 'SubLink':
        refSites(v['testexpr'], name, place, out);
        refSites(v['subselect'], name, 'subquery', out);
        break;
      case 'JoinExpr': {
        const kind = v['jointype'];
        const inner = keep('outer join');
        refSites(
          v['larg'],
          name,
          kind === 'JOIN_RIGHT' || kind === 'JOIN_FULL' ? inner : place,
          out,
        );
        refSites(
          v['rarg'],
          name,
          kind === 'JOIN_LEFT' || kind === 'JOIN_FULL' ? inner : place,
          out,
        );
        refSites(v['quals'], name, place, out);
        break;
      }
      default:
        refSites(value, name, place, out);
    }
  }
  return out;
}

/** Whether the syntax tree `node` refers to `name`. */
const references = (node: unknown, name: string): boolean => refSites(node, name).length > 0;

/** The recursive term refers to the query once, where PostgreSQL allows it. */
function checkRecursiveTerm(rarg: unknown, name: string): void {
  let plain = 0;
  for (const site of refSites(rarg, name)) {
    const at = { position: position(site.location) };
    if (site.place !== 'plain')
      throw invalidRecursion(
        `recursive reference to query "${name}" must not appear within ${site.place === 'subquery' ? 'a subquery' : site.place === 'outer join' ? 'an outer join' : site.place}`,
        at,
      );
    if (++plain > 1)
      throw invalidRecursion(
        `recursive reference to query "${name}" must not appear more than once`,
        at,
      );
  }
}

/** Whether a reduce (aggregation) in `rel` reads the work table `id`. */
function readsRecursionInReduce(rel: Rel, id: number, underReduce = false): boolean {
  switch (rel.kind) {
    case 'workTable':
      return underReduce && rel.id === id;
    case 'get':
    case 'constant':
      return false;
    case 'reduce':
      return readsRecursionInReduce(rel.input, id, true);
    case 'join':
      return (
        readsRecursionInReduce(rel.left, id, underReduce) ||
        readsRecursionInReduce(rel.right, id, underReduce)
      );
    case 'union':
      return rel.inputs.some((r) => readsRecursionInReduce(r, id, underReduce));
    case 'recursiveUnion':
      return (
        readsRecursionInReduce(rel.base, id, underReduce) ||
        readsRecursionInReduce(rel.step, id, underReduce)
      );
    default:
      return readsRecursionInReduce(rel.input, id, underReduce);
  }
}

/**
 * The CTEs of a WITH RECURSIVE clause in an order where each comes after the others it reads
 * (as written where that is one); a cycle through two or more is refused.
 */
function dependencyOrder(ctes: readonly CommonTableExpr[]): CommonTableExpr[] {
  const byName = new Map(ctes.map((c) => [c.ctename!, c]));
  const reads = new Map(
    ctes.map((c) => [c, ctes.filter((d) => d !== c && references(c.ctequery, d.ctename!))]),
  );
  const out: CommonTableExpr[] = [];
  const state = new Map<CommonTableExpr, 'visiting' | 'done'>();
  const visit = (c: CommonTableExpr): void => {
    const s = state.get(c);
    if (s === 'done') return;
    if (s === 'visiting')
      throw featureNotSupported('mutual recursion between WITH items is not implemented', {
        position: position(c.location),
      });
    state.set(c, 'visiting');
    for (const d of reads.get(c)!) visit(d);
    state.set(c, 'done');
    out.push(c);
  };
  for (const c of byName.values()) visit(c);
  return out;
}
