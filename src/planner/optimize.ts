// Plan optimizations on the lowered relation:
// - predicate push-down: a filter over an inner join becomes part of the join condition (where
//   render finds equi-join keys in it), conjuncts that read one side only move below the join
//   (for outer joins, only to the side whose rows are preserved... never to the NULL-padded side);
// - adjacent filters merge, projections fuse, literally-true predicates disappear.
// No decision reads the value of a parameter's literal (one marked `param`) other than to copy it
// into a point lookup, recorded as coming from that parameter: a plan made for one execution of a
// prepared statement serves the next with other values (session/exec/reusable.ts).
import { T, type Datum, type SqlType } from '../repr/index.js';
import type { Rel, Scalar } from '../sql/hir.js';
import { relTypes } from '../sql/rel-types.js';
import { columnSides, shiftColumns } from '../sql/scalar-util.js';

export function optimize(rel: Rel): Rel {
  switch (rel.kind) {
    case 'filter': {
      const input = optimize(rel.input);
      const preds = rel.predicates.flatMap(conjuncts).filter((p) => !isTrue(p));
      if (preds.length === 0) return input;
      return pushFilter(input, preds);
    }
    case 'project': {
      const input = optimize(rel.input);
      if (input.kind === 'project') {
        return optimize({
          kind: 'project',
          input: input.input,
          outputs: rel.outputs.map((o) => input.outputs[o]!),
        });
      }
      if (input.kind === 'map') {
        // Projecting a map's plain column copies is projecting its input.
        const width = relTypes(input.input).length;
        const direct = rel.outputs.map((o) => {
          if (o < width) return o;
          const e = input.exprs[o - width]!;
          return e.kind === 'column' && e.index < width ? e.index : -1;
        });
        if (direct.every((d) => d >= 0)) {
          if (direct.length === width && direct.every((d, i) => d === i)) return input.input;
          return { kind: 'project', input: input.input, outputs: direct };
        }
      }
      if (rel.outputs.length === relTypes(input).length && rel.outputs.every((o, i) => o === i)) {
        return input;
      }
      return { ...rel, input };
    }
    case 'join': {
      const left = optimize(rel.left);
      const right = optimize(rel.right);
      if (rel.joinKind !== 'inner') return { ...rel, left, right };
      // Conditions of an inner join that read one side only filter that side first.
      const la = relTypes(left).length;
      const keep: Scalar[] = [];
      const toLeft: Scalar[] = [];
      const toRight: Scalar[] = [];
      for (const c of conjuncts(rel.on)) {
        const s = columnSides(c, la);
        if (s.volatile || (s.left && s.right)) keep.push(c);
        else if (s.right) toRight.push(shiftColumns(c, la));
        else if (s.left) toLeft.push(c);
        else keep.push(c);
      }
      return {
        ...rel,
        left: toLeft.length > 0 ? pushFilter(left, toLeft) : left,
        right: toRight.length > 0 ? pushFilter(right, toRight) : right,
        on: and(keep),
      };
    }
    case 'map': {
      // Literals over constant rows are constant rows (a VALUES list binds as a union of such
      // maps; a parameter's literal stays a map: its value is the execution's).
      const input = optimize(rel.input);
      if (
        input.kind === 'constant' &&
        rel.exprs.every((e) => e.kind === 'literal' && e.param === undefined)
      ) {
        const values = rel.exprs.map((e) => (e.kind === 'literal' ? e.value : null));
        return {
          kind: 'constant',
          rows: input.rows.map((r) => [...r, ...values]),
          types: [...input.types, ...rel.exprs.map((e) => e.type)],
        };
      }
      return { ...rel, input };
    }
    case 'union': {
      const inputs = rel.inputs.map(optimize);
      if (inputs.length > 1 && inputs.every((i) => i.kind === 'constant')) {
        const rows: (readonly Datum[])[] = [];
        for (const i of inputs) if (i.kind === 'constant') for (const r of i.rows) rows.push(r);
        return {
          kind: 'constant',
          rows,
          types: (inputs[0] as Extract<Rel, { kind: 'constant' }>).types,
        };
      }
      return { ...rel, inputs };
    }
    case 'flatMap':
    case 'reduce':
    case 'distinct':
    case 'topK':
    case 'window':
    case 'negate':
    case 'threshold':
      return { ...rel, input: optimize(rel.input) } as Rel;
    case 'recursiveUnion':
      return { ...rel, base: optimize(rel.base), step: optimize(rel.step) };
    case 'get':
    case 'constant':
    case 'workTable':
      return rel;
    default: {
      const never: never = rel;
      return never;
    }
  }
}

/** Applies predicates over an (already optimized) relation, pushing them as deep as is safe. */
function pushFilter(input: Rel, preds: readonly Scalar[]): Rel {
  if (input.kind === 'filter') return pushFilter(input.input, [...input.predicates, ...preds]);
  if (input.kind === 'get' && input.primaryKey !== undefined && input.lookup === undefined) {
    const lookup = pointLookup(input.primaryKey, input.types, preds);
    if (lookup !== null)
      return { kind: 'filter', input: { ...input, ...lookup }, predicates: [...preds] };
  }
  if (input.kind === 'get' && input.indexes !== undefined && input.lookup === undefined) {
    for (const index of input.indexes) {
      const lookup = pointLookup(index.columns, input.types, preds);
      if (lookup !== null)
        return {
          kind: 'filter',
          input: { ...input, ...lookup, lookupIndex: index },
          predicates: [...preds],
        };
    }
  }
  if (input.kind === 'join' && !input.lateral) {
    const la = relTypes(input.left).length;
    const stay: Scalar[] = [];
    const toLeft: Scalar[] = [];
    const toRight: Scalar[] = [];
    const toOn: Scalar[] = [];
    const kind = input.joinKind;
    for (const p of preds) {
      const s = columnSides(p, la);
      if (s.volatile) stay.push(p);
      else if (s.left && !s.right && (kind === 'inner' || kind === 'left')) toLeft.push(p);
      else if (s.right && !s.left && (kind === 'inner' || kind === 'right'))
        toRight.push(shiftColumns(p, la));
      else if (kind === 'inner' && (s.left || s.right)) toOn.push(p);
      else stay.push(p);
    }
    if (toLeft.length + toRight.length + toOn.length > 0) {
      const joined: Rel = {
        ...input,
        left: toLeft.length > 0 ? pushFilter(input.left, toLeft) : input.left,
        right: toRight.length > 0 ? pushFilter(input.right, toRight) : input.right,
        on: and([...conjuncts(input.on), ...toOn]),
      };
      return stay.length > 0 ? { kind: 'filter', input: joined, predicates: stay } : joined;
    }
  }
  return { kind: 'filter', input, predicates: [...preds] };
}

/**
 * Primary-key values fixed by the predicates (`pk = literal` or `pk IN (literals)` for every key
 * column, literals of the column's own type), so only those rows need reading; null otherwise.
 * The predicates stay applied above the lookup.
 */
function pointLookup(
  pk: readonly number[],
  types: readonly SqlType[],
  preds: readonly Scalar[],
): { lookup: Datum[][]; lookupParams?: (number | undefined)[][] } | null {
  const values = new Map<number, Equality[]>();
  for (const p of preds) {
    const alternatives = p.kind === 'or' ? p.args : [p];
    let column: number | null = null;
    const vals: Equality[] = [];
    for (const a of alternatives) {
      const eq = equalityToLiteral(a, types);
      if (eq === null || (column !== null && eq.column !== column)) {
        column = null;
        break;
      }
      column = eq.column;
      vals.push(eq);
    }
    if (column !== null && pk.includes(column) && !values.has(column)) values.set(column, vals);
  }
  if (!pk.every((c) => values.has(c))) return null;
  let keys: Equality[][] = [[]];
  for (const c of pk) keys = keys.flatMap((k) => values.get(c)!.map((v) => [...k, v]));
  if (keys.length > 1000) return null;
  const lookup = keys.map((k) => k.map((e) => e.value));
  if (!keys.some((k) => k.some((e) => e.param !== undefined))) return { lookup };
  return { lookup, lookupParams: keys.map((k) => k.map((e) => e.param)) };
}

interface Equality {
  readonly column: number;
  readonly value: Datum;
  /** The parameter the value is of, if any. */
  readonly param: number | undefined;
}

function equalityToLiteral(s: Scalar, types: readonly SqlType[]): Equality | null {
  if (s.kind !== 'call' || s.func.name !== '=' || s.args.length !== 2) return null;
  const [a, b] = [s.args[0]!, s.args[1]!];
  const [c, l] = a.kind === 'column' ? [a, b] : [b, a];
  if (c.kind !== 'column' || l.kind !== 'literal' || l.value === null) return null;
  const t = types[c.index];
  if (t === undefined || !sameType(t, l.type) || !sameType(c.type, t)) return null;
  // bpchar equality ignores trailing blanks, which a key lookup would not.
  if (t.kind === 'scalar' && t.name === 'bpchar') return null;
  return { column: c.index, value: l.value, param: l.param };
}

/** Structural equality of two types (scalar types compared field by field, being exactly
 * { kind, name, typmod }). */
function sameType(a: SqlType, b: SqlType): boolean {
  if (a === b) return true;
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.name === b.name && a.typmod === b.typmod;
  return JSON.stringify(a) === JSON.stringify(b);
}

function conjuncts(s: Scalar): Scalar[] {
  if (s.kind === 'and') return s.args.flatMap(conjuncts);
  return [s];
}

/** A literal TRUE that is not a parameter's value (which the next execution may change). */
function isTrue(s: Scalar): boolean {
  return s.kind === 'literal' && s.value === true && s.param === undefined;
}

function and(args: readonly Scalar[]): Scalar {
  const real = args.filter((a) => !isTrue(a));
  if (real.length === 0) return { kind: 'literal', value: true, type: T.bool };
  return real.length === 1 ? real[0]! : { kind: 'and', args: real, type: T.bool };
}

/**
 * The plan without point lookups, for a dataflow that reads every change of its inputs (a
 * materialized view, a subscription): a lookup's predicates stay above it, so dropping the
 * lookup keeps the result. Primary keys stay on the plan for what they tell of its keys.
 */
export function withoutLookups(rel: Rel): Rel {
  switch (rel.kind) {
    case 'get': {
      if (rel.lookup === undefined) return rel;
      const { lookup: _l, lookupParams: _p, lookupIndex: _i, ...rest } = rel;
      return rest;
    }
    case 'constant':
    case 'workTable':
      return rel;
    case 'recursiveUnion':
      return { ...rel, base: withoutLookups(rel.base), step: withoutLookups(rel.step) };
    case 'join':
      return { ...rel, left: withoutLookups(rel.left), right: withoutLookups(rel.right) };
    case 'union':
      return { ...rel, inputs: rel.inputs.map(withoutLookups) };
    default:
      return { ...rel, input: withoutLookups(rel.input) } as Rel;
  }
}
