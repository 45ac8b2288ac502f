// Built-in array functions and operators: array_length/lower/upper/ndims/dims, cardinality,
// array_append/prepend/cat and ||, array_position(s), array_remove/replace, array_to_string,
// string_to_array, array_fill, @> <@ &&, and unnest (one array, or several zipped),
// generate_subscripts and information_schema._pg_expandarray as table functions. Helpers for the binder (subscripts, slices, ANY/ALL) are re-exported from
// ./array-ops.ts.
import { Numeric, PgArray, T, arrayOf, type Datum, type SqlType } from '../../repr/index.js';
import { castDatum } from '../cast.js';
import type { FunctionModule } from '../registry.js';
import type { EvalContext, ParamType, ReturnType, ScalarFunc, TableFunc } from '../signature.js';
import * as A from './array-ops.js';

export { arrayAll, arrayAny, arraySlice, arraySubscript } from './array-ops.js';

type Impl = (a: readonly Datum[], ctx: EvalContext, types: readonly SqlType[]) => Datum;

function fn(
  name: string,
  args: readonly ParamType[],
  ret: ReturnType,
  impl: Impl,
  strict = true,
): ScalarFunc {
  return { name, args, ret, strict, volatility: 'immutable', impl };
}

const arr = (d: Datum | undefined): PgArray => d as PgArray;
const int = (d: Datum | undefined): number => d as number;
const txtOrNull = (d: Datum | undefined): string | null => (d ?? null) as string | null;

/** Text output of one element, as array_to_string prints it. */
function elementText(v: Datum, t: SqlType | undefined, ctx: EvalContext): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'bigint' || v instanceof Numeric) return v.toString();
  if (typeof v === 'number' && t?.kind === 'scalar' && ['int2', 'int4', 'oid'].includes(t.name))
    return String(v);
  if (t === undefined) return String(v);
  return castDatum(v, t, T.text, ctx, 'explicit') as string;
}

function arrayToString(
  a: PgArray,
  delim: string,
  nullString: string | null,
  t: SqlType | undefined,
  ctx: EvalContext,
): string {
  const elem = t?.kind === 'array' ? t.elem : undefined;
  const parts: string[] = [];
  for (const v of a.elements) {
    if (v === null) {
      if (nullString !== null) parts.push(nullString);
    } else parts.push(elementText(v, elem, ctx));
  }
  return parts.join(delim);
}

const elemOf = (args: readonly SqlType[]): SqlType => {
  const t = args[0];
  return t?.kind === 'array' ? t.elem : (t ?? T.text);
};

const scalars: ScalarFunc[] = [
  fn('array_length', ['anyarray', 'int4'], T.int4, (a) => A.arrayLength(arr(a[0]), int(a[1]))),
  fn('array_lower', ['anyarray', 'int4'], T.int4, (a) => A.arrayLower(arr(a[0]), int(a[1]))),
  fn('array_upper', ['anyarray', 'int4'], T.int4, (a) => A.arrayUpper(arr(a[0]), int(a[1]))),
  fn('cardinality', ['anyarray'], T.int4, (a) => arr(a[0]).elements.length),
  fn('array_ndims', ['anyarray'], T.int4, (a) =>
    arr(a[0]).dims.length === 0 ? null : arr(a[0]).dims.length,
  ),
  fn('array_dims', ['anyarray'], T.text, (a) => A.arrayDims(arr(a[0]))),
  fn(
    'array_append',
    ['anycompatiblearray', 'anycompatible'],
    'anycompatiblearray',
    (a) => (a[0] === null ? PgArray.of([a[1] ?? null]) : A.arrayAppend(arr(a[0]), a[1] ?? null)),
    false,
  ),
  fn(
    'array_prepend',
    ['anycompatible', 'anycompatiblearray'],
    'anycompatiblearray',
    (a) => (a[1] === null ? PgArray.of([a[0] ?? null]) : A.arrayPrepend(a[0] ?? null, arr(a[1]))),
    false,
  ),
  fn(
    'array_cat',
    ['anycompatiblearray', 'anycompatiblearray'],
    'anycompatiblearray',
    (a) => cat(a[0] ?? null, a[1] ?? null),
    false,
  ),
  fn(
    'array_position',
    ['anycompatiblearray', 'anycompatible'],
    T.int4,
    (a) => (a[0] === null ? null : A.arrayPosition(arr(a[0]), a[1] ?? null)),
    false,
  ),
  fn(
    'array_position',
    ['anycompatiblearray', 'anycompatible', 'int4'],
    T.int4,
    (a) =>
      a[0] === null || a[2] === null ? null : A.arrayPosition(arr(a[0]), a[1] ?? null, int(a[2])),
    false,
  ),
  fn(
    'array_positions',
    ['anycompatiblearray', 'anycompatible'],
    arrayOf(T.int4),
    (a) => (a[0] === null ? null : A.arrayPositions(arr(a[0]), a[1] ?? null)),
    false,
  ),
  fn(
    'array_remove',
    ['anycompatiblearray', 'anycompatible'],
    'anycompatiblearray',
    (a) => (a[0] === null ? null : A.arrayRemove(arr(a[0]), a[1] ?? null)),
    false,
  ),
  fn(
    'array_replace',
    ['anycompatiblearray', 'anycompatible', 'anycompatible'],
    'anycompatiblearray',
    (a) => (a[0] === null ? null : A.arrayReplace(arr(a[0]), a[1] ?? null, a[2] ?? null)),
    false,
  ),
  fn('array_to_string', ['anyarray', 'text'], T.text, (a, c, t) =>
    arrayToString(arr(a[0]), a[1] as string, null, t[0], c),
  ),
  fn(
    'array_to_string',
    ['anyarray', 'text', 'text'],
    T.text,
    (a, c, t) =>
      a[0] === null || a[1] === null
        ? null
        : arrayToString(arr(a[0]), a[1] as string, txtOrNull(a[2]), t[0], c),
    false,
  ),
  fn(
    'string_to_array',
    ['text', 'text'],
    arrayOf(T.text),
    (a) => (a[0] === null ? null : A.stringToArray(a[0] as string, txtOrNull(a[1]), null)),
    false,
  ),
  fn(
    'string_to_array',
    ['text', 'text', 'text'],
    arrayOf(T.text),
    (a) =>
      a[0] === null ? null : A.stringToArray(a[0] as string, txtOrNull(a[1]), txtOrNull(a[2])),
    false,
  ),
  fn(
    'array_fill',
    ['anyelement', { array: 'int4' }],
    'anyarray',
    (a) => (a[1] === null ? null : A.arrayFill(a[0] ?? null, arr(a[1]), null)),
    false,
  ),
  fn(
    'array_fill',
    ['anyelement', { array: 'int4' }, { array: 'int4' }],
    'anyarray',
    (a) =>
      a[1] === null || a[2] === null ? null : A.arrayFill(a[0] ?? null, arr(a[1]), arr(a[2])),
    false,
  ),
];

function cat(x: Datum, y: Datum): Datum {
  if (x === null) return y;
  if (y === null) return x;
  return A.arrayCat(arr(x), arr(y));
}

const operators: ScalarFunc[] = [
  fn(
    '||',
    ['anycompatiblearray', 'anycompatiblearray'],
    'anycompatiblearray',
    (a) => cat(a[0] ?? null, a[1] ?? null),
    false,
  ),
  fn(
    '||',
    ['anycompatiblearray', 'anycompatible'],
    'anycompatiblearray',
    (a) => (a[0] === null ? PgArray.of([a[1] ?? null]) : A.arrayAppend(arr(a[0]), a[1] ?? null)),
    false,
  ),
  fn(
    '||',
    ['anycompatible', 'anycompatiblearray'],
    'anycompatiblearray',
    (a) => (a[1] === null ? PgArray.of([a[0] ?? null]) : A.arrayPrepend(a[0] ?? null, arr(a[1]))),
    false,
  ),
  fn('@>', ['anyarray', 'anyarray'], T.bool, (a) => A.arrayContains(arr(a[0]), arr(a[1]))),
  fn('<@', ['anyarray', 'anyarray'], T.bool, (a) => A.arrayContains(arr(a[1]), arr(a[0]))),
  fn('&&', ['anyarray', 'anyarray'], T.bool, (a) => A.arrayOverlaps(arr(a[0]), arr(a[1]))),
];

/** unnest(anyarray), and unnest(a, b, ...) zipping arrays (shorter ones padded with NULLs). */
function unnestRows(arrays: readonly Datum[]): Datum[][] {
  const lists = arrays.map((a) => (a === null ? [] : arr(a).elements));
  const n = Math.max(0, ...lists.map((l) => l.length));
  const rows: Datum[][] = [];
  for (let i = 0; i < n; i++) rows.push(lists.map((l) => l[i] ?? null));
  return rows;
}

function unnestMulti(k: number): TableFunc {
  return {
    name: 'unnest',
    args: new Array<ParamType>(k).fill('any'),
    ret: T.text,
    columns: (types) =>
      types.map((t) => ({ name: 'unnest', type: t.kind === 'array' ? t.elem : t })),
    scalarResult: false,
    strict: false,
    impl: (a) => unnestRows(a),
  };
}

/** Set-returning array functions for the planner. */
export const tableFunctions: readonly TableFunc[] = [
  {
    name: 'unnest',
    args: ['anyarray'],
    ret: 'anyelement',
    columns: (types) => [{ name: 'unnest', type: elemOf(types) }],
    scalarResult: true,
    strict: true,
    impl: (a) => unnestRows(a),
  },
  ...[2, 3, 4, 5].map(unnestMulti),
  ...[false, true].map((reversible): TableFunc => ({
    // generate_subscripts(array, dim [, reverse]): the subscripts of one dimension.
    name: 'generate_subscripts',
    args: reversible ? ['anyarray', 'int4', 'bool'] : ['anyarray', 'int4'],
    ret: T.int4,
    columns: () => [{ name: 'generate_subscripts', type: T.int4 }],
    scalarResult: true,
    strict: true,
    impl: (a) => {
      const dim = arr(a[0]).dims[int(a[1]) - 1];
      if (dim === undefined) return [];
      const subs = Array.from({ length: dim.length }, (_, i) => [dim.lower + i]);
      return a[2] === true ? subs.reverse() : subs;
    },
  })),
  {
    // information_schema._pg_expandarray: each element of the first dimension with its 1-based
    // position (x, n); drivers (pgjdbc getPrimaryKeys, getIndexInfo) call it on pg_index.indkey.
    name: '_pg_expandarray',
    args: ['anyarray'],
    ret: 'anyelement',
    columns: (types) => [
      { name: 'x', type: elemOf(types) },
      { name: 'n', type: T.int4 },
    ],
    scalarResult: false,
    strict: true,
    impl: (a) => {
      const { elements, dims } = arr(a[0]);
      const length = dims[0]?.length ?? 0;
      return Array.from({ length }, (_, i) => [
        dims.length === 1 ? (elements[i] ?? null) : null,
        i + 1,
      ]);
    },
  },
];

export const module: FunctionModule = { scalars, operators, tables: tableFunctions };
