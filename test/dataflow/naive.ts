// Naive twins of the stateful operators: the obviously correct, non-incremental computation
// over the accumulated input collection(s). Each returns the whole output collection and the
// errors it implies, with the same error discipline as the operators (a per-row error carries
// the row's multiplicity; a per-group error counts once). They share no code with the operators
// beyond repr.
import { EddyError } from '../../src/errors/index.js';
import { compareRows, rowKey, type Datum, type Diff, type Row } from '../../src/repr/index.js';
import type {
  AggInput,
  AggregateSpec,
  JoinSpec,
  ReduceSpec,
  SemiJoinSpec,
  TopKSpec,
  WindowFrame,
  WindowFuncSpec,
  WindowSpec,
} from '../../src/dataflow/index.js';
import type { Multiset } from './helpers.js';

export interface NaiveResult {
  rows: (readonly [Row, Diff])[];
  errors: (readonly [EddyError, Diff])[];
}

function tryRun<T>(fn: () => T): T | EddyError {
  try {
    return fn();
  } catch (e) {
    if (e instanceof EddyError) return e;
    throw e;
  }
}

function groupBy(
  input: Multiset,
  key: (row: Row) => readonly Datum[],
  res: NaiveResult,
): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const [row, d] of input) {
    const k = tryRun(() => key(row));
    if (k instanceof EddyError) {
      res.errors.push([k, d]);
      continue;
    }
    const gk = rowKey(k);
    const list = groups.get(gk) ?? [];
    for (let i = 0; i < d; i++) list.push(row);
    groups.set(gk, list);
  }
  for (const list of groups.values()) list.sort(compareRows);
  return groups;
}

function naiveAggregate(spec: AggregateSpec, rows: readonly Row[]): Datum {
  let kept = rows.filter((r) => spec.filter === undefined || spec.filter(r) === true);
  if (spec.orderBy !== undefined) kept = [...kept].sort(spec.orderBy);
  const inputs: AggInput[] = [];
  const seen = new Set<string>();
  for (const r of kept) {
    const args = spec.args(r);
    if (spec.strict && args.includes(null)) continue;
    if (spec.distinct) {
      if (seen.has(rowKey(args))) continue;
      seen.add(rowKey(args));
    }
    inputs.push([args, 1]);
  }
  return spec.apply(inputs);
}

export function naiveReduce(input: Multiset, spec: ReduceSpec): NaiveResult {
  const res: NaiveResult = { rows: [], errors: [] };
  const groups = groupBy(input, spec.key, res);
  if (spec.emptyGroupRow === true && groups.size === 0) {
    const r = tryRun(() => spec.aggregates.map((a) => a.apply([])));
    if (r instanceof EddyError) res.errors.push([r, 1]);
    else res.rows.push([r, 1]);
  }
  for (const rows of groups.values()) {
    const r = tryRun(() => [
      ...spec.key(rows[0]!),
      ...spec.aggregates.map((a) => naiveAggregate(a, rows)),
    ]);
    if (r instanceof EddyError) res.errors.push([r, 1]);
    else res.rows.push([r, 1]);
  }
  return res;
}

export function naiveDistinct(input: Multiset): NaiveResult {
  return {
    rows: sumRows(input)
      .filter(([, d]) => d > 0)
      .map(([r]) => [r, 1]),
    errors: [],
  };
}

export function naiveThreshold(input: Multiset): NaiveResult {
  return { rows: sumRows(input).filter(([, d]) => d > 0), errors: [] };
}

function sumRows(input: Multiset): [Row, Diff][] {
  const m = new Map<string, [Row, Diff]>();
  for (const [r, d] of input) {
    const cur = m.get(rowKey(r));
    if (cur) cur[1] += d;
    else m.set(rowKey(r), [r, d]);
  }
  return [...m.values()];
}

/** Join keys: null when the key has a NULL (matches nothing), or an error. */
function joinKeys(input: Multiset, key: (row: Row) => readonly Datum[], res: NaiveResult) {
  const out: { row: Row; d: Diff; k: string | null }[] = [];
  for (const [row, d] of input) {
    const k = tryRun(() => key(row));
    if (k instanceof EddyError) res.errors.push([k, d]);
    else out.push({ row, d, k: k.includes(null) ? null : rowKey(k) });
  }
  return out;
}

function test(
  pred: ((row: Row) => boolean | null) | undefined,
  row: Row,
  d: Diff,
  res: NaiveResult,
) {
  if (pred === undefined) return true;
  const ok = tryRun(() => pred(row));
  if (ok instanceof EddyError) {
    res.errors.push([ok, d]);
    return false;
  }
  return ok === true;
}

export function naiveJoin(left: Multiset, right: Multiset, spec: JoinSpec): NaiveResult {
  const res: NaiveResult = { rows: [], errors: [] };
  const ls = joinKeys(left, spec.leftKey, res);
  const rs = joinKeys(right, spec.rightKey, res);
  const rMatched = rs.map(() => false);
  for (const l of ls) {
    let matched = false;
    rs.forEach((r, j) => {
      if (l.k === null || l.k !== r.k) return;
      const row = [...l.row, ...r.row];
      if (test(spec.residual, row, l.d * r.d, res)) {
        res.rows.push([row, l.d * r.d]);
        matched = true;
        rMatched[j] = true;
      }
    });
    if (!matched && (spec.kind === 'left' || spec.kind === 'full')) {
      res.rows.push([[...l.row, ...Array<Datum>(spec.rightArity).fill(null)], l.d]);
    }
  }
  if (spec.kind === 'right' || spec.kind === 'full') {
    rs.forEach((r, j) => {
      if (!rMatched[j])
        res.rows.push([[...Array<Datum>(spec.leftArity).fill(null), ...r.row], r.d]);
    });
  }
  return res;
}

export function naiveSemiJoin(
  left: Multiset,
  right: Multiset,
  spec: SemiJoinSpec,
  anti: boolean,
): NaiveResult {
  const res: NaiveResult = { rows: [], errors: [] };
  const ls = joinKeys(left, spec.leftKey, res);
  const rs = joinKeys(right, spec.rightKey, res);
  for (const l of ls) {
    let matched = false;
    for (const r of rs) {
      if (l.k === null || l.k !== r.k) continue;
      if (test(spec.residual, [...l.row, ...r.row], l.d * r.d, res)) matched = true;
    }
    if (matched !== anti) res.rows.push([l.row, l.d]);
  }
  return res;
}

export function naiveTopK(input: Multiset, spec: TopKSpec): NaiveResult {
  const res: NaiveResult = { rows: [], errors: [] };
  for (const rows of groupBy(input, spec.key, res).values()) {
    const sorted = [...rows].sort((a, b) => spec.compare(a, b) || compareRows(a, b));
    const end = spec.limit === null ? undefined : spec.offset + spec.limit;
    for (const r of sorted.slice(spec.offset, end)) res.rows.push([r, 1]);
  }
  return res;
}

export function naiveWindow(input: Multiset, spec: WindowSpec): NaiveResult {
  const res: NaiveResult = { rows: [], errors: [] };
  for (const unsorted of groupBy(input, spec.partitionKey, res).values()) {
    const ord = spec.orderBy ?? (() => 0);
    const rows = [...unsorted].sort((a, b) => ord(a, b) || compareRows(a, b));
    const out = tryRun(() => {
      const cols = spec.functions.map((f) => rows.map((_, i) => naiveWindowValue(f, rows, i, ord)));
      return rows.map((r, i) => [...r, ...cols.map((c) => c[i]!)]);
    });
    if (out instanceof EddyError) res.errors.push([out, 1]);
    else for (const r of out) res.rows.push([r, 1]);
  }
  return res;
}

function naiveWindowValue(
  f: WindowFuncSpec,
  rows: readonly Row[],
  i: number,
  ord: (a: Row, b: Row) => number,
): Datum {
  const n = rows.length;
  const cur = rows[i]!;
  const before = rows.filter((r) => ord(r, cur) < 0).length;
  const upto = rows.filter((r) => ord(r, cur) <= 0).length;
  switch (f.kind) {
    case 'row_number':
      return BigInt(i + 1);
    case 'rank':
      return BigInt(before + 1);
    case 'dense_rank': {
      const distinctBefore = new Set(
        rows.filter((r) => ord(r, cur) < 0).map((r) => rows.findIndex((x) => ord(x, r) === 0)),
      );
      return BigInt(distinctBefore.size + 1);
    }
    case 'percent_rank':
      return n > 1 ? before / (n - 1) : 0;
    case 'cume_dist':
      return upto / n;
    case 'ntile': {
      const nb = Number(f.buckets(rows[0]!));
      const small = Math.floor(n / nb);
      const big = n % nb; // the first `big` buckets have small + 1 rows
      return i < big * (small + 1)
        ? Math.floor(i / (small + 1)) + 1
        : big + Math.floor((i - big * (small + 1)) / small) + 1;
    }
    case 'lag':
    case 'lead': {
      const off = f.offset === null ? 1 : f.offset(cur);
      if (off === null) return null;
      const t = f.kind === 'lag' ? i - Number(off) : i + Number(off);
      return t >= 0 && t < n ? f.value(rows[t]!) : f.default === null ? null : f.default(cur);
    }
    case 'first_value':
    case 'last_value': {
      const fr = naiveFrame(f.frame, rows, i, ord);
      if (fr.length === 0) return null;
      return f.value(rows[f.kind === 'first_value' ? fr[0]! : fr[fr.length - 1]!]!);
    }
    case 'nth_value': {
      const fr = naiveFrame(f.frame, rows, i, ord);
      const k = Number(f.n(cur));
      return k <= fr.length ? f.value(rows[fr[k - 1]!]!) : null;
    }
    case 'aggregate':
      return naiveAggregate(
        f.aggregate,
        naiveFrame(f.frame, rows, i, ord).map((j) => rows[j]!),
      );
  }
}

/** The indexes in the frame of row i, straight from the definitions. */
function naiveFrame(
  frame: WindowFrame,
  rows: readonly Row[],
  i: number,
  ord: (a: Row, b: Row) => number,
): number[] {
  // Peer group number of each row (GROUPS mode).
  const grp = rows.map(
    (r) =>
      new Set(rows.filter((x) => ord(x, r) < 0).map((x) => rows.findIndex((y) => ord(y, x) === 0)))
        .size,
  );
  const inBound = (j: number, start: boolean): boolean => {
    const b = start ? frame.start : frame.end;
    const cmp = (x: number, y: number) => (start ? x >= y : x <= y);
    switch (b.kind) {
      case 'unboundedPreceding':
        return !start ? false : true;
      case 'unboundedFollowing':
        return start ? false : true;
      case 'range':
        return b.test(rows[j]!, rows[i]!);
      case 'currentRow':
        if (frame.mode === 'rows') return cmp(j, i);
        return start ? ord(rows[j]!, rows[i]!) >= 0 : ord(rows[j]!, rows[i]!) <= 0;
      case 'preceding':
      case 'following': {
        const off = b.kind === 'preceding' ? -b.offset : b.offset;
        if (frame.mode === 'rows') return cmp(j, i + off);
        return cmp(grp[j]!, grp[i]! + off);
      }
    }
  };
  const out: number[] = [];
  for (let j = 0; j < rows.length; j++) {
    if (!inBound(j, true) || !inBound(j, false)) continue;
    const peer = ord(rows[j]!, rows[i]!) === 0;
    if (frame.exclude === 'currentRow' && j === i) continue;
    if (frame.exclude === 'group' && peer) continue;
    if (frame.exclude === 'ties' && peer && j !== i) continue;
    out.push(j);
  }
  return out;
}
