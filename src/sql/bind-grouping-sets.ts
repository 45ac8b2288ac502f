// GROUPING SETS, ROLLUP and CUBE, and GROUPING(): a query grouped by several sets of keys is the
// union of one grouping per set, each with every key outside its set as NULL:
//   GROUP BY a, ROLLUP(b, c)  →  sets (a, b, c), (a, b), (a)
//   CUBE(a, b)                →  (a, b), (a), (b), ()
//   GROUPING SETS (a, (b, c), (), ROLLUP(d))  →  (a), (b, c), (), (d), ()
// Elements of the GROUP BY list multiply: each set of one is joined with each set of the others.
// Every branch's rows are laid out alike — [keys..., aggregates..., mask] — where mask has bit j
// set when key j is outside the branch's set; GROUPING(args) reads it (the first argument is the
// most significant bit). A branch of the empty set is a global aggregate: one row even over no
// input, as in PostgreSQL. Being a union of reduces, such a query is maintained like any other.
import type { GroupingSet, Node, RowExpr } from '@pgsql/types';
import { groupingError, internalError } from '../errors/index.js';
import { T, type Datum, type SqlType } from '../repr/index.js';
import type { ScalarFunc } from '../expr/signature.js';
import { tagOf } from './ast.js';
import type { AggregateCall, Rel, Scalar } from './hir.js';
import { mapScalar, scalarKey } from './scalar-util.js';

/** The grouping sets of a GROUP BY list (keys bound by `bind`); null if it has none. */
export function groupingSets(list: readonly Node[], bind: (n: Node) => Scalar): Scalar[][] | null {
  if (!list.some((n) => tagOf(n)[0] === 'GroupingSet')) return null;
  let sets: Scalar[][] = [[]];
  for (const n of list) {
    const mine = setsOf(n, bind);
    sets = sets.flatMap((s) => mine.map((m) => [...s, ...m]));
  }
  return sets;
}

/** The sets one GROUP BY element stands for. */
function setsOf(n: Node, bind: (n: Node) => Scalar): Scalar[][] {
  const [tag, body] = tagOf(n);
  if (tag !== 'GroupingSet') return [unit(n, bind)];
  const g = body as GroupingSet;
  const content = g.content ?? [];
  switch (g.kind) {
    case 'GROUPING_SET_EMPTY':
      return [[]];
    case 'GROUPING_SET_SIMPLE':
      return [content.flatMap((c) => unit(c, bind))];
    case 'GROUPING_SET_ROLLUP': {
      const units = content.map((c) => unit(c, bind));
      return units.map((_, i) => units.slice(0, units.length - i).flat()).concat([[]]);
    }
    case 'GROUPING_SET_CUBE': {
      const units = content.map((c) => unit(c, bind));
      const out: Scalar[][] = [];
      // Every subset, the full one first.
      for (let m = (1 << units.length) - 1; m >= 0; m--)
        out.push(units.filter((_, i) => (m & (1 << (units.length - 1 - i))) !== 0).flat());
      return out;
    }
    case 'GROUPING_SET_SETS':
      return content.flatMap((c) => setsOf(c, bind));
    default:
      throw internalError(`grouping set kind ${String(g.kind)}`);
  }
}

/** The keys of one grouping unit: an expression, or a parenthesized list of them. */
function unit(n: Node, bind: (n: Node) => Scalar): Scalar[] {
  const [tag, body] = tagOf(n);
  if (tag === 'RowExpr' && (body as RowExpr).row_format === 'COERCE_IMPLICIT_CAST')
    return ((body as RowExpr).args ?? []).map(bind);
  return [bind(n)];
}

/** The distinct keys of all sets, in order of first appearance. */
export function setKeys(sets: readonly (readonly Scalar[])[]): Scalar[] {
  const seen = new Map<string, Scalar>();
  for (const s of sets) for (const k of s) if (!seen.has(scalarKey(k))) seen.set(scalarKey(k), k);
  return [...seen.values()];
}

const literal = (value: Datum, type: SqlType): Scalar => ({ kind: 'literal', value, type });

/** The union of one reduce per set: rows [keys..., aggregates..., mask]. */
export function groupingSetsRel(
  input: Rel,
  sets: readonly (readonly Scalar[])[],
  keys: readonly Scalar[],
  aggregates: readonly AggregateCall[],
): Rel {
  const branches = sets.map((set): Rel => {
    const inSet = new Set(set.map(scalarKey));
    let mask = 0;
    keys.forEach((k, j) => {
      if (!inSet.has(scalarKey(k))) mask |= 1 << j;
    });
    const maskCol = literal(mask, T.int4);
    if (set.length === 0) {
      // A global aggregate, then its keys (all NULL) moved before the aggregates.
      const a = aggregates.length;
      const reduced: Rel = { kind: 'reduce', input, groupKey: [], aggregates };
      return {
        kind: 'project',
        input: {
          kind: 'map',
          input: reduced,
          exprs: [...keys.map((k) => literal(null, k.type)), maskCol],
        },
        outputs: [...keys.map((_, j) => a + j), ...aggregates.map((_, i) => i), a + keys.length],
      };
    }
    const groupKey = keys.map((k) => (inSet.has(scalarKey(k)) ? k : literal(null, k.type)));
    const reduced: Rel = { kind: 'reduce', input, groupKey, aggregates };
    return { kind: 'map', input: reduced, exprs: [maskCol] };
  });
  return branches.length === 1 ? branches[0]! : { kind: 'union', inputs: branches };
}

/** GROUPING(args) as bound, until its query's grouping is known (then groupingValues). */
export const GROUPING: ScalarFunc = {
  name: 'grouping',
  args: [],
  ret: T.int4,
  strict: false,
  volatility: 'immutable',
  impl: () => {
    throw internalError('GROUPING evaluated before its query was grouped');
  },
};

/**
 * Replaces GROUPING(args) in `e` by its value: from the mask column at `maskIndex` (grouping
 * sets), or 0 (plain GROUP BY: every key is in the one set). Each argument must be a key.
 */
export function groupingValues(
  e: Scalar,
  keys: readonly Scalar[],
  maskIndex: number | null,
): Scalar {
  return mapScalar(e, (x) => {
    if (x.kind !== 'call' || x.func !== GROUPING) return undefined;
    const bits = groupingKeys(x.args, keys);
    if (maskIndex === null) return literal(0, T.int4);
    const n = bits.length;
    const func: ScalarFunc = {
      ...GROUPING,
      args: ['int4'],
      strict: true,
      impl: ([mask]) =>
        bits.reduce((acc, j, i) => acc | ((((mask as number) >> j) & 1) << (n - 1 - i)), 0),
    };
    return {
      kind: 'call',
      func,
      args: [{ kind: 'column', index: maskIndex, type: T.int4 }],
      type: T.int4,
    };
  });
}

/** Which key each GROUPING argument is (42803 if one is none). */
function groupingKeys(args: readonly Scalar[], keys: readonly Scalar[]): number[] {
  const index = new Map(keys.map((k, j) => [scalarKey(k), j]));
  return args.map((a) => {
    const j = index.get(scalarKey(a));
    if (j === undefined)
      throw groupingError(
        'arguments to GROUPING must be grouping expressions of the associated query level',
      );
    return j;
  });
}

/** Checks that the arguments of every GROUPING() in `e` (over the input) are keys. */
export function checkGrouping(e: Scalar, keys: readonly Scalar[]): void {
  mapScalar(e, (x) => {
    if (x.kind === 'call' && x.func === GROUPING) groupingKeys(x.args, keys);
    return undefined;
  });
}
