// Window functions over one sorted partition: ranking (row_number, rank, dense_rank,
// percent_rank, cume_dist, ntile), offsets (lag, lead) and frame-based functions (first_value,
// last_value, nth_value, and any aggregate over a frame, through the same AggregateSpec as
// reduce). Stateless: `evalWindowFunc` computes one output column for a whole partition.
//
// Argument closures are evaluated where PostgreSQL evaluates them: lag/lead's value at the
// target row and offset/default at the current row; nth_value's n at the current row; ntile's
// bucket count at the first row where it is not NULL (rows before get NULL).
import {
  invalidArgumentForNthValueFunction,
  invalidArgumentForNtileFunction,
} from '../errors/index.js';
import { assertNever, type Datum, type Row } from '../repr/index.js';
import { evalAggregate, type AggregateSpec } from './aggregate.js';
import type { Entry } from './arrangement.js';
import {
  frameRanges,
  type FrameRanges,
  type SortedPartition,
  type WindowFrame,
} from './window-frame.js';

type RowFn = (row: Row) => Datum;

export type WindowFuncSpec =
  | { readonly kind: 'row_number' }
  | { readonly kind: 'rank' }
  | { readonly kind: 'dense_rank' }
  | { readonly kind: 'percent_rank' }
  | { readonly kind: 'cume_dist' }
  | { readonly kind: 'ntile'; readonly buckets: RowFn }
  | {
      readonly kind: 'lag' | 'lead';
      readonly value: RowFn;
      /** Defaults to 1 when null. */
      readonly offset: RowFn | null;
      /** Defaults to NULL when null. */
      readonly default: RowFn | null;
    }
  | {
      readonly kind: 'first_value' | 'last_value';
      readonly value: RowFn;
      readonly frame: WindowFrame;
    }
  | {
      readonly kind: 'nth_value';
      readonly value: RowFn;
      readonly n: RowFn;
      readonly frame: WindowFrame;
    }
  | { readonly kind: 'aggregate'; readonly aggregate: AggregateSpec; readonly frame: WindowFrame };

/** One value per row of the partition (may throw an EddyError from a closure). */
export function evalWindowFunc(spec: WindowFuncSpec, p: SortedPartition): Datum[] {
  const n = p.rows.length;
  const out = new Array<Datum>(n);
  switch (spec.kind) {
    case 'row_number':
      for (let i = 0; i < n; i++) out[i] = BigInt(i + 1);
      return out;
    case 'rank':
      for (let i = 0; i < n; i++) out[i] = BigInt(p.groupStart[p.group[i]!]! + 1);
      return out;
    case 'dense_rank':
      for (let i = 0; i < n; i++) out[i] = BigInt(p.group[i]! + 1);
      return out;
    case 'percent_rank':
      for (let i = 0; i < n; i++) out[i] = n > 1 ? p.groupStart[p.group[i]!]! / (n - 1) : 0;
      return out;
    case 'cume_dist':
      for (let i = 0; i < n; i++) out[i] = (p.groupEnd[p.group[i]!]! + 1) / n;
      return out;
    case 'ntile':
      return ntile(spec.buckets, p);
    case 'lag':
    case 'lead':
      for (let i = 0; i < n; i++) {
        const cur = p.rows[i]!;
        const off = spec.offset === null ? 1 : spec.offset(cur);
        if (off === null) {
          out[i] = null;
          continue;
        }
        const target = spec.kind === 'lag' ? i - Number(off) : i + Number(off);
        if (target >= 0 && target < n) out[i] = spec.value(p.rows[target]!);
        else out[i] = spec.default === null ? null : spec.default(cur);
      }
      return out;
    case 'first_value':
    case 'last_value':
      return framed(spec.frame, p, (ranges) => {
        if (ranges.length === 0) return null;
        const idx = spec.kind === 'first_value' ? ranges[0]![0] : ranges[ranges.length - 1]![1];
        return spec.value(p.rows[idx]!);
      });
    case 'nth_value':
      for (let i = 0; i < n; i++) {
        const nth = spec.n(p.rows[i]!);
        if (nth === null) {
          out[i] = null;
          continue;
        }
        if (Number(nth) <= 0) {
          throw invalidArgumentForNthValueFunction(
            'argument of nth_value must be greater than zero',
          );
        }
        const idx = nthIndex(frameRanges(spec.frame, p, i), Number(nth) - 1);
        out[i] = idx === -1 ? null : spec.value(p.rows[idx]!);
      }
      return out;
    case 'aggregate':
      return framed(spec.frame, p, (ranges) => {
        const entries: Entry[] = [];
        for (const [a, b] of ranges) for (let j = a; j <= b; j++) entries.push([p.rows[j]!, 1]);
        return evalAggregate(spec.aggregate, entries);
      });
    default:
      return assertNever(spec);
  }
}

/** Evaluates `f` over each row's frame, reusing the last value while the frame is unchanged. */
function framed(frame: WindowFrame, p: SortedPartition, f: (r: FrameRanges) => Datum): Datum[] {
  const out: Datum[] = [];
  let lastKey: string | null = null;
  let lastValue: Datum = null;
  for (let i = 0; i < p.rows.length; i++) {
    const ranges = frameRanges(frame, p, i);
    const key = ranges.map(([a, b]) => `${a}-${b}`).join(',');
    if (key !== lastKey) {
      lastValue = f(ranges);
      lastKey = key;
    }
    out.push(lastValue);
  }
  return out;
}

function nthIndex(ranges: FrameRanges, k: number): number {
  for (const [a, b] of ranges) {
    if (k <= b - a) return a + k;
    k -= b - a + 1;
  }
  return -1;
}

/** PostgreSQL's window_ntile, step by step (the argument is read until it is non-NULL). */
function ntile(buckets: RowFn, p: SortedPartition): Datum[] {
  const total = p.rows.length;
  const out: Datum[] = [];
  let tile = 0;
  let rowsPerBucket = 0;
  let boundary = 0;
  let remainder = 0;
  for (let i = 0; i < total; i++) {
    if (tile === 0) {
      const nb = buckets(p.rows[i]!);
      if (nb === null) {
        out.push(null);
        continue;
      }
      const nbuckets = Number(nb);
      if (nbuckets <= 0) {
        throw invalidArgumentForNtileFunction('argument of ntile must be greater than zero');
      }
      tile = 1;
      rowsPerBucket = 0;
      boundary = Math.trunc(total / nbuckets);
      if (boundary <= 0) boundary = 1;
      else {
        remainder = total % nbuckets;
        if (remainder !== 0) boundary++;
      }
    }
    rowsPerBucket++;
    if (boundary < rowsPerBucket) {
      if (remainder !== 0 && tile === remainder) {
        remainder = 0;
        boundary -= 1;
      }
      tile += 1;
      rowsPerBucket = 1;
    }
    out.push(tile);
  }
  return out;
}
