// Generic traversals over bound scalars and relations: structural equality, rewriting, and
// finding or shifting outer references.
import { assertNever, rowKey } from '../repr/index.js';
import type { Rel, Scalar } from './hir.js';

/** Rebuilds a scalar bottom-up; `f` may replace any node (return undefined to recurse). */
export function mapScalar(s: Scalar, f: (s: Scalar) => Scalar | undefined): Scalar {
  const hit = f(s);
  if (hit !== undefined) return hit;
  const m = (x: Scalar): Scalar => mapScalar(x, f);
  switch (s.kind) {
    case 'column':
    case 'outer':
    case 'literal':
    case 'error':
    case 'aggRef':
    case 'windowRef':
      return s;
    case 'call':
      return { ...s, args: s.args.map(m) };
    case 'cast':
      return { ...s, expr: m(s.expr) };
    case 'and':
    case 'or':
    case 'coalesce':
    case 'greatest':
    case 'least':
      return { ...s, args: s.args.map(m) };
    case 'not':
    case 'isNull':
    case 'isBool':
      return { ...s, arg: m(s.arg) };
    case 'case':
      return {
        ...s,
        whens: s.whens.map((w) => ({ cond: m(w.cond), then: m(w.then) })),
        else: m(s.else),
      };
    case 'array':
      return { ...s, elems: s.elems.map(m) };
    case 'row':
      return { ...s, fields: s.fields.map(m) };
    case 'subquery':
    case 'exists':
      return s;
    case 'quantified':
      return { ...s, lhs: s.lhs.map(m) };
    default:
      return assertNever(s);
  }
}

/** Visits every node of a scalar (not descending into subquery relations). */
export function visitScalar(s: Scalar, f: (s: Scalar) => void): void {
  mapScalar(s, (x) => {
    f(x);
    return undefined;
  });
}

const keyCache = new WeakMap<Scalar, string>();

/** A stable number per object (functions, subquery relations) for structural keys. */
const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;
function objectId(o: object): number {
  const known = objectIds.get(o);
  if (known !== undefined) return known;
  const id = nextObjectId++;
  objectIds.set(o, id);
  return id;
}

/**
 * Structural identity of a scalar (for matching GROUP BY / ORDER BY expressions with the select
 * list): equal keys mean the same computation. Functions are told apart by name and signature
 * (the binder's synthetic functions carry what they compute in their names); subquery relations
 * by identity.
 */
export function scalarKey(s: Scalar): string {
  const hit = keyCache.get(s);
  if (hit !== undefined) return hit;
  const keys = (xs: readonly Scalar[]): string => xs.map(scalarKey).join(',');
  const t = JSON.stringify(s.type);
  let k: string;
  switch (s.kind) {
    case 'column':
      k = `c${s.index}`;
      break;
    case 'outer':
      k = `o${s.level}.${s.index}`;
      break;
    case 'literal':
      k = `l${rowKey([s.value])}:${t}${s.param !== undefined ? `$${s.param}` : ''}`;
      break;
    case 'call':
      k = `f${s.func.name}/${JSON.stringify(s.func.args)}(${keys(s.args)}):${t}`;
      break;
    case 'cast':
      k = `cast:${s.mode}(${scalarKey(s.expr)}):${t}`;
      break;
    case 'aggRef':
    case 'windowRef':
      k = `${s.kind}${s.index}`;
      break;
    case 'and':
    case 'or':
    case 'coalesce':
    case 'greatest':
    case 'least':
    case 'array':
      k = `${s.kind}(${keys(s.kind === 'array' ? s.elems : s.args)}):${t}`;
      break;
    case 'row':
      k = `row(${keys(s.fields)}):${t}`;
      break;
    case 'not':
    case 'isNull':
      k = `${s.kind}(${scalarKey(s.arg)})`;
      break;
    case 'isBool':
      k = `is_${s.test}(${scalarKey(s.arg)})`;
      break;
    case 'case':
      k = `case(${s.whens.map((w) => `${scalarKey(w.cond)}=>${scalarKey(w.then)}`).join(';')};else ${scalarKey(s.else)}):${t}`;
      break;
    case 'error':
      k = `error(${s.code}:${s.message})`;
      break;
    case 'subquery':
    case 'exists':
      k = `${s.kind}#${objectId(s.rel)}`;
      break;
    case 'quantified':
      k = `${s.all ? 'all' : 'any'}#${objectId(s.rel)}(${keys(s.lhs)};${scalarKey(s.cmp)})`;
      break;
    default:
      k = assertNever(s);
  }
  keyCache.set(s, k);
  return k;
}

/** `rel` with each of its input relations replaced by `f` of it (scalars' subqueries untouched). */
export function mapRelInputs(rel: Rel, f: (r: Rel) => Rel): Rel {
  switch (rel.kind) {
    case 'get':
    case 'constant':
    case 'workTable':
      return rel;
    case 'join':
      return { ...rel, left: f(rel.left), right: f(rel.right) };
    case 'union':
      return { ...rel, inputs: rel.inputs.map(f) };
    case 'recursiveUnion':
      return { ...rel, base: f(rel.base), step: f(rel.step) };
    default:
      return { ...rel, input: f(rel.input) };
  }
}

/** Applies `f` to every scalar at depth `depth` within a relation (including subqueries, depth+1). */
export function mapRelScalars(rel: Rel, f: (s: Scalar, depth: number) => Scalar, depth = 1): Rel {
  const ms = (s: Scalar): Scalar => mapScalarDeep(s, f, depth);
  const mr = (r: Rel): Rel => mapRelScalars(r, f, depth);
  switch (rel.kind) {
    case 'get':
    case 'constant':
      return rel;
    case 'map':
      return { ...rel, input: mr(rel.input), exprs: rel.exprs.map(ms) };
    case 'filter':
      return { ...rel, input: mr(rel.input), predicates: rel.predicates.map(ms) };
    case 'project':
    case 'distinct':
    case 'negate':
    case 'threshold':
      return { ...rel, input: mr(rel.input) } as Rel;
    case 'flatMap':
      return { ...rel, input: mr(rel.input), func: { ...rel.func, args: rel.func.args.map(ms) } };
    case 'join':
      return {
        ...rel,
        left: mr(rel.left),
        right: rel.lateral ? mapRelScalars(rel.right, f, depth + 1) : mr(rel.right),
        on: ms(rel.on),
      };
    case 'reduce':
      return {
        ...rel,
        input: mr(rel.input),
        groupKey: rel.groupKey.map(ms),
        aggregates: rel.aggregates.map((a) => ({
          ...a,
          args: a.args.map(ms),
          filter: a.filter === null ? null : ms(a.filter),
          orderBy: a.orderBy.map((o) => ({ ...o, expr: ms(o.expr) })),
        })),
      };
    case 'topK':
      return {
        ...rel,
        input: mr(rel.input),
        groupKey: rel.groupKey.map(ms),
        order: rel.order.map((o) => ({ ...o, expr: ms(o.expr) })),
      };
    case 'window':
      return {
        ...rel,
        input: mr(rel.input),
        calls: rel.calls.map((c) => ({
          ...c,
          args: c.args.map(ms),
          partitionBy: c.partitionBy.map(ms),
          orderBy: c.orderBy.map((o) => ({ ...o, expr: ms(o.expr) })),
        })),
      };
    case 'union':
      return { ...rel, inputs: rel.inputs.map(mr) };
    case 'recursiveUnion':
      return { ...rel, base: mr(rel.base), step: mr(rel.step) };
    case 'workTable':
      return rel;
    default:
      return assertNever(rel);
  }
}

/** Like mapScalar, but descends into subquery relations with depth + 1. */
export function mapScalarDeep(
  s: Scalar,
  f: (s: Scalar, depth: number) => Scalar,
  depth: number,
): Scalar {
  return mapScalar(s, (x) => {
    if (x.kind === 'subquery' || x.kind === 'exists') {
      return { ...x, rel: mapRelScalars(x.rel, f, depth + 1) };
    }
    if (x.kind === 'quantified') {
      return {
        ...x,
        lhs: x.lhs.map((l) => mapScalarDeep(l, f, depth)),
        cmp: mapScalarDeep(x.cmp, f, depth + 1),
        rel: mapRelScalars(x.rel, f, depth + 1),
      };
    }
    const y = f(x, depth);
    return y === x ? undefined : y;
  });
}

/** Whether a relation refers to anything outside itself (outer refs reaching above depth 0). */
export function isCorrelated(rel: Rel): boolean {
  let found = false;
  mapRelScalars(rel, (s, depth) => {
    if (s.kind === 'outer' && s.level >= depth) found = true;
    return s;
  });
  return found;
}

/** Which sides of a join row [left (leftArity columns), right] a scalar reads, and whether it is volatile. */
export function columnSides(
  s: Scalar,
  leftArity: number,
): { left: boolean; right: boolean; volatile: boolean } {
  let left = false;
  let right = false;
  let volatile = false;
  mapScalar(s, (x) => {
    if (x.kind === 'column') {
      if (x.index < leftArity) left = true;
      else right = true;
    }
    if ((x.kind === 'call' && x.func.volatility === 'volatile') || x.kind === 'error')
      volatile = true;
    return undefined;
  });
  return { left, right, volatile };
}

/** Shifts column references down by `by` (a right-side expression onto the right row alone). */
export function shiftColumns(s: Scalar, by: number): Scalar {
  return mapScalar(s, (x) =>
    x.kind === 'column' ? { kind: 'column', index: x.index - by, type: x.type } : undefined,
  );
}
