// Array operations with PostgreSQL's semantics: dimensions and bounds, append/prepend/concat
// (including N-D with (N-1)-D), search (IS NOT DISTINCT FROM), containment and overlap (NULL
// elements never match), subscripts and slices, and three-valued ANY/ALL for the binder.
import {
  arraySubscriptError,
  dataException,
  featureNotSupported,
  nullValueNotAllowed,
  programLimitExceeded,
} from '../../errors/index.js';
import { PgArray, compareDatum, type Datum } from '../../repr/index.js';

const eq = (a: Datum, b: Datum): boolean => a !== null && b !== null && compareDatum(a, b) === 0;
/** IS NOT DISTINCT FROM */
const same = (a: Datum, b: Datum): boolean => (a === null ? b === null : eq(a, b));

export function arrayLength(a: PgArray, dim: number): number | null {
  return a.dims[dim - 1]?.length ?? null;
}
export function arrayLower(a: PgArray, dim: number): number | null {
  return a.dims[dim - 1]?.lower ?? null;
}
export function arrayUpper(a: PgArray, dim: number): number | null {
  const d = a.dims[dim - 1];
  return d === undefined ? null : d.lower + d.length - 1;
}
export function arrayDims(a: PgArray): string | null {
  if (a.dims.length === 0) return null;
  return a.dims.map((d) => `[${d.lower}:${d.lower + d.length - 1}]`).join('');
}

function oneDim(a: PgArray): void {
  if (a.dims.length > 1) throw dataException('argument must be empty or one-dimensional array');
}

export function arrayAppend(a: PgArray, v: Datum): PgArray {
  oneDim(a);
  const lower = a.dims[0]?.lower ?? 1;
  return new PgArray([...a.elements, v], [{ length: a.elements.length + 1, lower }]);
}

export function arrayPrepend(v: Datum, a: PgArray): PgArray {
  oneDim(a);
  const lower = a.dims[0]?.lower ?? 1;
  return new PgArray([v, ...a.elements], [{ length: a.elements.length + 1, lower }]);
}

function incompatible(detail: string): Error {
  return arraySubscriptError('cannot concatenate incompatible arrays', { detail });
}

export function arrayCat(a: PgArray, b: PgArray): PgArray {
  if (a.dims.length === 0) return b;
  if (b.dims.length === 0) return a;
  const na = a.dims.length;
  const nb = b.dims.length;
  if (na === nb) {
    for (let i = 1; i < na; i++) {
      if (a.dims[i]!.length !== b.dims[i]!.length) {
        throw incompatible(
          'Arrays with differing element dimensions are not compatible for concatenation.',
        );
      }
    }
    return new PgArray(
      [...a.elements, ...b.elements],
      [
        { length: a.dims[0]!.length + b.dims[0]!.length, lower: a.dims[0]!.lower },
        ...a.dims.slice(1),
      ],
    );
  }
  if (na === nb + 1 || nb === na + 1) {
    const [big, small] = na > nb ? [a, b] : [b, a];
    if (small.dims.some((d, i) => d.length !== big.dims[i + 1]!.length)) {
      throw incompatible('Arrays with differing dimensions are not compatible for concatenation.');
    }
    const elements = na > nb ? [...a.elements, ...b.elements] : [...a.elements, ...b.elements];
    return new PgArray(elements, [
      { length: big.dims[0]!.length + 1, lower: big.dims[0]!.lower },
      ...big.dims.slice(1),
    ]);
  }
  throw incompatible(`Arrays of ${na} and ${nb} dimensions are not compatible for concatenation.`);
}

function noMultiSearch(a: PgArray): void {
  if (a.dims.length > 1)
    throw featureNotSupported('searching for elements in multidimensional arrays is not supported');
}

export function arrayPosition(a: PgArray, v: Datum, start?: number): number | null {
  noMultiSearch(a);
  const lower = a.dims[0]?.lower ?? 1;
  const from = start === undefined ? 0 : Math.max(0, start - lower);
  for (let i = from; i < a.elements.length; i++) if (same(a.elements[i]!, v)) return i + lower;
  return null;
}

export function arrayPositions(a: PgArray, v: Datum): PgArray {
  noMultiSearch(a);
  const lower = a.dims[0]?.lower ?? 1;
  const out: number[] = [];
  a.elements.forEach((x, i) => {
    if (same(x, v)) out.push(i + lower);
  });
  return PgArray.of(out);
}

export function arrayRemove(a: PgArray, v: Datum): PgArray {
  if (a.dims.length > 1)
    throw featureNotSupported('removing elements from multidimensional arrays is not supported');
  return PgArray.of(a.elements.filter((x) => !same(x, v)));
}

export function arrayReplace(a: PgArray, from: Datum, to: Datum): PgArray {
  return new PgArray(
    a.elements.map((x) => (same(x, from) ? to : x)),
    a.dims,
  );
}

/** a @> b: every non-null element of b equals some element of a (NULLs never match). */
export function arrayContains(a: PgArray, b: PgArray): boolean {
  return b.elements.every((x) => a.elements.some((y) => eq(x, y)));
}

export function arrayOverlaps(a: PgArray, b: PgArray): boolean {
  return a.elements.some((x) => b.elements.some((y) => eq(x, y)));
}

export function stringToArray(s: string, delim: string | null, nullString: string | null): PgArray {
  if (s === '') return PgArray.of([]);
  let parts: string[];
  if (delim === null) parts = [...s];
  else if (delim === '') parts = [s];
  else parts = s.split(delim);
  return PgArray.of(parts.map((p) => (nullString !== null && p === nullString ? null : p)));
}

export function arrayFill(v: Datum, dims: PgArray, lowers: PgArray | null): PgArray {
  if (dims.elements.some((d) => d === null) || lowers?.elements.some((d) => d === null)) {
    throw nullValueNotAllowed('dimension values cannot be null');
  }
  if (lowers !== null && lowers.elements.length !== dims.elements.length) {
    throw arraySubscriptError('wrong number of array subscripts', {
      detail: 'Low bound array has different size than dimensions array.',
    });
  }
  const ds = dims.elements as number[];
  if (ds.length === 0 || ds.some((d) => d <= 0)) return PgArray.of([]);
  const total = ds.reduce((x, y) => x * y, 1);
  if (total > 134_217_727)
    throw programLimitExceeded('array size exceeds the maximum allowed (134217727)');
  return new PgArray(
    new Array<Datum>(total).fill(v),
    ds.map((length, i) => ({ length, lower: (lowers?.elements[i] as number | undefined) ?? 1 })),
  );
}

/** a[i][j]...: NULL when out of bounds or when the subscript count differs from the dims. */
export function arraySubscript(a: PgArray, idx: readonly number[]): Datum {
  if (idx.length !== a.dims.length) return null;
  let off = 0;
  for (let k = 0; k < idx.length; k++) {
    const d = a.dims[k]!;
    const i = idx[k]! - d.lower;
    if (i < 0 || i >= d.length) return null;
    off = off * d.length + i;
  }
  return a.elements[off] ?? null;
}

/** a[lo:hi] on a 1-D array (NULL bounds mean the array's own bounds); result lower bound is 1. */
export function arraySlice(a: PgArray, lo: number | null, hi: number | null): PgArray {
  if (a.dims.length === 0) return a;
  if (a.dims.length === 1) {
    const d = a.dims[0]!;
    const from = Math.max(lo ?? d.lower, d.lower);
    const to = Math.min(hi ?? d.lower + d.length - 1, d.lower + d.length - 1);
    if (to < from) return PgArray.of([]);
    return PgArray.of(a.elements.slice(from - d.lower, to - d.lower + 1));
  }
  // Multi-dimensional: slice the first dimension, keep the others whole.
  const d = a.dims[0]!;
  const inner = a.elements.length / d.length;
  const from = Math.max(lo ?? d.lower, d.lower);
  const to = Math.min(hi ?? d.lower + d.length - 1, d.lower + d.length - 1);
  if (to < from) return PgArray.of([]);
  return new PgArray(a.elements.slice((from - d.lower) * inner, (to - d.lower + 1) * inner), [
    { length: to - from + 1, lower: 1 },
    ...a.dims.slice(1).map((x) => ({ length: x.length, lower: 1 })),
  ]);
}

/** x op ANY(array): true if any comparison is true; else NULL if any is NULL; else false. */
export function arrayAny(
  values: readonly Datum[],
  pred: (v: Datum) => boolean | null,
): boolean | null {
  let sawNull = false;
  for (const v of values) {
    const r = pred(v);
    if (r === true) return true;
    if (r === null) sawNull = true;
  }
  return sawNull ? null : false;
}

/** x op ALL(array): false if any comparison is false; else NULL if any is NULL; else true. */
export function arrayAll(
  values: readonly Datum[],
  pred: (v: Datum) => boolean | null,
): boolean | null {
  let sawNull = false;
  for (const v of values) {
    const r = pred(v);
    if (r === false) return false;
    if (r === null) sawNull = true;
  }
  return sawNull ? null : true;
}
