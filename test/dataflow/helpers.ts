// Test helpers for the dataflow operators: a seeded PRNG, small aggregate functions (so these
// tests do not depend on src/expr), multiset normalisation and comparison.
import { EddyError, divisionByZero, numericValueOutOfRange } from '../../src/errors/index.js';
import {
  compareDatum,
  compareRows,
  rowKey,
  type Datum,
  type Diff,
  type Row,
} from '../../src/repr/index.js';
import type { AggInput, AggregateSpec } from '../../src/dataflow/index.js';
import { errorKey } from '../../src/dataflow/index.js';

/** mulberry32: a tiny seeded PRNG. */
export function prng(seed: number): {
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
} {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
  };
}

export type Multiset = (readonly [Row, Diff])[];

/** Consolidates and sorts (row, diff) pairs into a canonical, comparable form. */
export function norm(pairs: Iterable<readonly [Row, Diff]>): [string, Diff][] {
  const m = new Map<string, Diff>();
  for (const [row, d] of pairs) {
    const k = show(row);
    m.set(k, (m.get(k) ?? 0) + d);
  }
  return [...m.entries()]
    .filter(([, d]) => d !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Errors in a canonical, comparable form. */
export function normErrors(pairs: Iterable<readonly [EddyError, Diff]>): [string, Diff][] {
  const m = new Map<string, Diff>();
  for (const [e, d] of pairs) {
    const k = errorKey(e).replaceAll('\u0000', '|');
    m.set(k, (m.get(k) ?? 0) + d);
  }
  return [...m.entries()]
    .filter(([, d]) => d !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A readable rendering of a row for comparisons and failure messages. */
export function show(row: Row): string {
  return `(${row.map((d) => (d === null ? 'NULL' : typeof d === 'bigint' ? `${d}n` : String(d))).join(',')})`;
}

/** Rows repeated by multiplicity, sorted: what a SELECT would return, as strings. */
export function rowsOf(pairs: Iterable<readonly [Row, Diff]>): string[] {
  const out: string[] = [];
  for (const [k, d] of norm(pairs)) for (let i = 0; i < d; i++) out.push(k);
  return out;
}

export { rowKey, compareRows, compareDatum };

// Aggregates as AggregateFunc.apply would implement them (ctx/argTypes already bound).
export const countApply = (inputs: readonly AggInput[]): Datum =>
  BigInt(inputs.reduce((n, [, d]) => n + d, 0));
export const sumApply = (inputs: readonly AggInput[]): Datum =>
  inputs.length === 0 ? null : inputs.reduce((n, [a, d]) => n + (a[0] as number) * d, 0);
export const minApply = (inputs: readonly AggInput[]): Datum => {
  let best: Datum = null;
  for (const [[v]] of inputs) if (best === null || compareDatum(v!, best) < 0) best = v!;
  return best;
};
export const maxApply = (inputs: readonly AggInput[]): Datum => {
  let best: Datum = null;
  for (const [[v]] of inputs) if (best === null || compareDatum(v!, best) > 0) best = v!;
  return best;
};
/** string_agg(v::text, ',') — order-sensitive, keeps NULL out (strict). */
export const listApply = (inputs: readonly AggInput[]): Datum => {
  if (inputs.length === 0) return null;
  const parts: string[] = [];
  for (const [[v], d] of inputs) for (let i = 0; i < d; i++) parts.push(String(v));
  return parts.join(',');
};
/** A sum that overflows above 12 (to make group errors come and go). */
export const smallSumApply = (inputs: readonly AggInput[]): Datum => {
  const s = sumApply(inputs);
  if (typeof s === 'number' && s > 12) throw numericValueOutOfRange('smallint out of range');
  return s;
};

export const col =
  (i: number) =>
  (row: Row): Datum =>
    row[i] ?? null;

export function agg(
  apply: (inputs: readonly AggInput[]) => Datum,
  args: (row: Row) => readonly Datum[],
  opts: Partial<Omit<AggregateSpec, 'apply' | 'args'>> = {},
): AggregateSpec {
  return { apply, args, distinct: false, strict: true, ...opts };
}

/** 120 / v (exact for v in 1..6): throws division by zero for v = 0 (NULL stays NULL). */
export function divide(v: Datum): Datum {
  if (v === null) return null;
  if (v === 0) throw divisionByZero();
  return 120 / (v as number);
}

/** Ascending comparator on one column, NULLs last (PostgreSQL's default). */
export const byCol =
  (i: number, desc = false) =>
  (a: Row, b: Row): number => {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = compareDatum(x, y);
    return desc ? -c : c;
  };
