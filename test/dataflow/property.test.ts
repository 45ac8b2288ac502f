// Seeded random property tests: random ticks of inserts and deletes (retractions of existing
// rows, duplicates, NULL keys) into each stateful operator; after every tick the accumulated
// output and the live errors must equal the naive twin's over the accumulated input. Closures
// throw on some rows, so errors come and go. A failure names its seed and tick.
import { describe, expect, it } from 'vitest';
import { consolidate } from '../../src/repr/index.js';
import { divisionByZero, numericValueOutOfRange } from '../../src/errors/index.js';
import { keepStateInRows } from '../../src/dataflow/reduce-accumulate.js';
import type { GroupRows } from '../../src/dataflow/state.js';
import {
  DEFAULT_FRAME,
  Dataflow,
  antiJoin,
  distinct,
  intersectAll,
  join,
  map,
  negate,
  reduce,
  semiJoin,
  threshold,
  topK,
  union,
  window,
  type Collection,
  type FrameBound,
  type JoinKind,
  type JoinSpec,
  type ReduceSpec,
  type SemiJoinSpec,
  type TopKSpec,
  type WindowSpec,
} from '../../src/dataflow/index.js';
import { rowKey, type Datum, type Row } from '../../src/repr/index.js';
import {
  agg,
  byCol,
  col,
  countApply,
  divide,
  listApply,
  maxApply,
  minApply,
  norm,
  normErrors,
  prng,
  smallSumApply,
  sumApply,
  type Multiset,
} from './helpers.js';
import {
  naiveDistinct,
  naiveJoin,
  naiveReduce,
  naiveSemiJoin,
  naiveThreshold,
  naiveTopK,
  naiveWindow,
  type NaiveResult,
} from './naive.js';

const SEEDS = 20;
const TICKS = 20;

interface Case {
  readonly inputs: number;
  build(df: Dataflow, inputs: Collection[]): Collection;
  naive(acc: Multiset[]): NaiveResult;
  /** Checks made after every tick, besides the output's (given the accumulated output). */
  check?(output: Multiset, where: string): void;
}

/** Rows (k, v, w): few keys and values, with NULLs, so groups collide and change often. */
function randomRow(rng: ReturnType<typeof prng>): Row {
  return [rng.pick([0, 1, 2, null]), rng.pick([0, 1, 2, 3, 4, null]), rng.pick(['a', 'b'])];
}

function runCase(c: Case, seed: number): void {
  const rng = prng(seed);
  const df = new Dataflow();
  const handles = Array.from({ length: c.inputs }, (_, i) => df.input(`in${i}`));
  const out = c.build(
    df,
    handles.map((h) => h.collection),
  );
  const cap = out.capture();
  // What observers receive is consolidated: by the graph, or by the operator itself when it
  // says its output always is (then the graph passes it on as it is).
  df.observe(out, (batch) => {
    expect(consolidate(batch), `seed ${seed}: an output batch repeats a row`).toHaveLength(
      batch.length,
    );
  });
  const acc = handles.map(() => new Map<string, [Row, number]>());
  for (let tick = 1; tick <= TICKS; tick++) {
    handles.forEach((h, i) => {
      const state = acc[i]!;
      const updates: [Row, number][] = [];
      const apply = (row: Row, d: number): void => {
        updates.push([row, d]);
        const k = rowKey(row);
        const cur = state.get(k) ?? [row, 0];
        cur[1] += d;
        if (cur[1] === 0) state.delete(k);
        else state.set(k, cur);
      };
      const inserts = rng.int(4);
      for (let j = 0; j < inserts; j++) apply(randomRow(rng), rng.int(3) === 0 ? 2 : 1);
      const deletes = rng.int(3);
      for (let j = 0; j < deletes && state.size > 0; j++) {
        const [row, n] = rng.pick([...state.values()]);
        apply(row, -Math.min(n, 1 + rng.int(2)));
      }
      h.pushAll(updates);
    });
    df.runTick(tick);
    const expected = c.naive(acc.map((m) => [...m.values()]));
    const where = `seed ${seed}, tick ${tick}`;
    expect(norm(cap.accumulated()), where).toEqual(norm(expected.rows));
    expect(normErrors(df.liveErrors()), where).toEqual(normErrors(expected.errors));
    c.check?.(cap.accumulated(), where);
    for (const [, , d] of df.errorBatch()) {
      if (d > 0) seen.errorsRaised++;
      else seen.errorsRetracted++;
    }
  }
}

/** Across all runs: evidence that errors really came and went. */
const seen = { errorsRaised: 0, errorsRetracted: 0, groupsWithoutRow: 0 };

function property(name: string, c: Case): void {
  it(name, () => {
    for (let seed = 1; seed <= SEEDS; seed++) runCase(c, seed * 7919 + name.length);
  });
}

/** A key closure that throws for (k = 2, v = 0). */
const keyK = (r: Row): Datum[] => {
  if (r[0] === 2 && r[1] === 0) throw divisionByZero();
  return [r[0]!];
};

/** count(*), sum(v) (NULL when no non-null input) and count(*) FILTER (w = 'a'), accumulated. */
const countAcc = {
  zero: () => [0n],
  add: (st: readonly Datum[], _a: readonly Datum[], d: number) => [(st[0] as bigint) + BigInt(d)],
  finish: (st: readonly Datum[]) => st[0]!,
};
const sumAcc = {
  zero: () => [0, 0],
  add: (st: readonly Datum[], a: readonly Datum[], d: number) => [
    (st[0] as number) + (a[0] as number) * d,
    (st[1] as number) + d,
  ],
  finish: (st: readonly Datum[]) => ((st[1] as number) === 0 ? null : st[0]!),
};
const accumulateSpec: ReduceSpec = {
  key: keyK,
  aggregates: [
    agg(countApply, () => [], { strict: false, accumulate: countAcc }),
    agg(sumApply, (r) => [r[1]!], { accumulate: sumAcc }),
    agg(countApply, () => [], {
      strict: false,
      filter: (r) => (r[2] === null ? null : r[2] === 'a'),
      accumulate: countAcc,
    }),
  ],
};

/** A sum whose result throws above 12, accumulated (groups' errors come and go in finish). */
const smallSumAcc = {
  ...sumAcc,
  finish: (st: readonly Datum[]) => {
    const s = sumAcc.finish(st);
    if (typeof s === 'number' && s > 12) throw numericValueOutOfRange('smallint out of range');
    return s;
  },
};
const rowKeptSpec: ReduceSpec = {
  ...accumulateSpec,
  aggregates: [
    ...accumulateSpec.aggregates,
    agg(smallSumApply, (r) => [r[1]!], { accumulate: smallSumAcc }),
  ],
};

/**
 * GroupRows in a map, laid out as a view's contents keep them (views/storage.ts groupRows):
 * [1, ...row, ...state], or [0, width nulls, ...state] for a group without a row.
 */
function mapRows(width: number): { rows: GroupRows; entries: Map<string, Row> } {
  const entries = new Map<string, Row>();
  const none: Datum[] = new Array<Datum>(width).fill(null);
  const rows: GroupRows = {
    slot: (key) => {
      const k = rowKey(key);
      return {
        get: () => entries.get(k)?.slice(1 + width),
        set: (state, output) =>
          void entries.set(k, output === null ? [0, ...none, ...state] : [1, ...output, ...state]),
        delete: () => void entries.delete(k),
      };
    },
  };
  return { rows, entries };
}

/** A reduce keeping its state in a mapRows; its entries checked against its output. */
function rowKeptCase(): Case {
  const width = 1 + rowKeptSpec.aggregates.length;
  let kept = mapRows(width);
  return {
    inputs: 1,
    build: (_df, [a]) => {
      kept = mapRows(width);
      const out = reduce(a!, rowKeptSpec);
      expect(keepStateInRows(out, kept.rows)).toBe(true);
      return out;
    },
    naive: ([a]) => naiveReduce(a!, rowKeptSpec),
    check: (output, where) => {
      // The entries with a row are the output; the others hold groups that output an error.
      const withRow = [...kept.entries.values()].filter((e) => e[0] === 1);
      expect(norm(withRow.map((e) => [e.slice(1, 1 + width), 1] as const)), where).toEqual(
        norm(output),
      );
      for (const e of kept.entries.values()) {
        if (e[0] === 0) seen.groupsWithoutRow++;
        expect(e.slice(1, 1 + width).every((v) => v === null) || e[0] === 1, where).toBe(true);
      }
    },
  };
}

const reduceSpec: ReduceSpec = {
  key: keyK,
  aggregates: [
    agg(countApply, () => [], { strict: false }),
    agg(sumApply, (r) => [r[1]!]),
    agg(minApply, (r) => [r[1]!]),
    agg(maxApply, (r) => [r[2]!]),
    agg(countApply, (r) => [r[1]!], { distinct: true }),
    agg(listApply, (r) => [r[1]!], {
      orderBy: byCol(1, true),
      filter: (r) => (r[2] === null ? null : r[2] === 'a'),
    }),
    agg(listApply, (r) => [r[2]!], { distinct: true, orderBy: byCol(2) }),
    agg(smallSumApply, (r) => [r[1]!]),
  ],
};

const globalSpec: ReduceSpec = {
  key: () => [],
  emptyGroupRow: true,
  aggregates: [
    agg(countApply, () => [], { strict: false }),
    agg(listApply, (r) => [r[1]!]),
    agg(smallSumApply, (r) => [r[1]!]),
  ],
};

const joinSpec = (kind: JoinKind): JoinSpec => ({
  kind,
  leftKey: (r) => [r[0]!],
  rightKey: (r) => [r[0]!],
  leftArity: 3,
  rightArity: 3,
  residual: (r) => {
    if (r[1] === 0 && r[4] === 0) throw divisionByZero();
    return r[1] === null || r[4] === null ? null : (r[1] as number) <= (r[4] as number);
  },
});

const semiSpec: SemiJoinSpec = {
  leftKey: keyK,
  rightKey: (r) => [r[0]!],
  residual: (r) => (r[2] === null || r[5] === null ? null : r[2] !== r[5] || r[4] === 1),
};

const topKSpecs: TopKSpec[] = [
  { key: keyK, compare: byCol(1, true), limit: 2, offset: 1 },
  { key: () => [], compare: byCol(2), limit: null, offset: 3 },
  { key: (r) => [r[2]!], compare: byCol(1), limit: 1, offset: 0 },
];

const rangeOnV = (n: number, start: boolean): FrameBound => ({
  kind: 'range',
  test: (c, cur) => {
    const x = c[1] as number | null;
    const y = cur[1] as number | null;
    if (y === null) return start ? x === null : true;
    return start ? x === null || x >= y - n : x !== null && x <= y + n;
  },
});

const windowSpec: WindowSpec = {
  partitionKey: keyK,
  orderBy: byCol(1),
  functions: [
    { kind: 'row_number' },
    { kind: 'rank' },
    { kind: 'dense_rank' },
    { kind: 'percent_rank' },
    { kind: 'cume_dist' },
    { kind: 'ntile', buckets: () => 3 },
    { kind: 'lag', value: col(2), offset: null, default: null },
    { kind: 'lead', value: col(1), offset: () => 2, default: col(2) },
    { kind: 'first_value', value: col(2), frame: DEFAULT_FRAME },
    {
      kind: 'last_value',
      value: col(2),
      frame: {
        mode: 'groups',
        start: { kind: 'preceding', offset: 1 },
        end: { kind: 'following', offset: 1 },
        exclude: 'group',
      },
    },
    {
      kind: 'nth_value',
      value: col(2),
      n: () => 2,
      frame: {
        mode: 'rows',
        start: { kind: 'unboundedPreceding' },
        end: { kind: 'following', offset: 1 },
        exclude: 'ties',
      },
    },
    {
      kind: 'aggregate',
      aggregate: agg(sumApply, (r) => [r[1]!]),
      frame: {
        mode: 'rows',
        start: { kind: 'preceding', offset: 2 },
        end: { kind: 'currentRow' },
        exclude: 'currentRow',
      },
    },
    {
      kind: 'aggregate',
      aggregate: agg(listApply, (r) => [r[2]!]),
      frame: {
        mode: 'range',
        start: rangeOnV(1, true),
        end: rangeOnV(1, false),
        exclude: 'noOthers',
      },
    },
    {
      kind: 'aggregate',
      aggregate: agg(countApply, () => [], { strict: false }),
      frame: DEFAULT_FRAME,
    },
  ],
};

/** A window whose frame aggregate overflows for some partitions (partition-level errors). */
const erroringWindow: WindowSpec = {
  partitionKey: (r) => [r[2]!],
  orderBy: null,
  functions: [
    { kind: 'aggregate', aggregate: agg(smallSumApply, (r) => [r[1]!]), frame: DEFAULT_FRAME },
  ],
};

/** The naive twin of map(r => [r[0], 100 / r[1]]) with its errors. */
function naiveDivide(input: Multiset): NaiveResult {
  const res: NaiveResult = { rows: [], errors: [] };
  for (const [r, d] of input) {
    if (r[1] === 0) res.errors.push([divisionByZero(), d]);
    else res.rows.push([[r[0]!, divide(r[1]!)], d]);
  }
  return res;
}

describe('operators agree with their naive twins on random updates', () => {
  property('reduce', {
    inputs: 1,
    build: (_df, [a]) => reduce(a!, reduceSpec),
    naive: ([a]) => naiveReduce(a!, reduceSpec),
  });
  property('reduce by accumulation (count, sum, filtered count)', {
    inputs: 1,
    build: (_df, [a]) => reduce(a!, accumulateSpec),
    naive: ([a]) => naiveReduce(a!, accumulateSpec),
  });
  property('reduce by accumulation, its state kept in its output rows', rowKeptCase());
  it('keeps no MIN/MAX or global aggregate state in its output rows', () => {
    const df = new Dataflow();
    const a = df.input('a').collection;
    expect(keepStateInRows(reduce(a, reduceSpec), mapRows(7).rows)).toBe(false);
    const global = reduce(a, { ...accumulateSpec, key: () => [], emptyGroupRow: true });
    expect(keepStateInRows(global, mapRows(4).rows)).toBe(false);
    expect(
      keepStateInRows(
        map(a, (r) => r),
        mapRows(3).rows,
      ),
    ).toBe(false);
  });
  property('reduce by accumulation (global, emptyGroupRow)', {
    inputs: 1,
    build: (_df, [a]) => reduce(a!, { ...accumulateSpec, key: () => [], emptyGroupRow: true }),
    naive: ([a]) => naiveReduce(a!, { ...accumulateSpec, key: () => [], emptyGroupRow: true }),
  });
  property('reduce (global, emptyGroupRow)', {
    inputs: 1,
    build: (_df, [a]) => reduce(a!, globalSpec),
    naive: ([a]) => naiveReduce(a!, globalSpec),
  });
  property('map errors then reduce', {
    inputs: 1,
    build: (_df, [a]) =>
      reduce(
        map(a!, (r) => [r[0]!, divide(r[1]!)]),
        { key: (r) => [r[0]!], aggregates: [agg(sumApply, (r) => [r[1]!])] },
      ),
    naive: ([a]) => {
      const m = naiveDivide(a!);
      const r = naiveReduce(m.rows, {
        key: (r) => [r[0]!],
        aggregates: [agg(sumApply, (r) => [r[1]!])],
      });
      return { rows: r.rows, errors: [...m.errors, ...r.errors] };
    },
  });
  property('distinct', {
    inputs: 1,
    build: (_df, [a]) => distinct(a!),
    naive: ([a]) => naiveDistinct(a!),
  });
  property('threshold (EXCEPT ALL)', {
    inputs: 2,
    build: (_df, [a, b]) => threshold(union([a!, negate(b!)])),
    naive: ([a, b]) => naiveThreshold([...a!, ...b!.map(([r, d]) => [r, -d] as const)]),
  });
  property('intersectAll', {
    inputs: 2,
    build: (_df, [a, b]) => intersectAll(a!, b!),
    naive: ([a, b]) => {
      const bc = new Map(b!.map(([r, d]) => [rowKey(r), d]));
      return {
        rows: a!.map(([r, d]) => [r, Math.min(d, bc.get(rowKey(r)) ?? 0)] as const),
        errors: [],
      };
    },
  });
  for (const kind of ['inner', 'left', 'right', 'full'] as const) {
    property(`join ${kind}`, {
      inputs: 2,
      build: (_df, [a, b]) => join(a!, b!, joinSpec(kind)),
      naive: ([a, b]) => naiveJoin(a!, b!, joinSpec(kind)),
    });
  }
  property('cross join', {
    inputs: 2,
    build: (_df, [a, b]) =>
      join(a!, b!, { ...joinSpec('inner'), leftKey: () => [], rightKey: () => [] }),
    naive: ([a, b]) =>
      naiveJoin(a!, b!, { ...joinSpec('inner'), leftKey: () => [], rightKey: () => [] }),
  });
  property('semiJoin', {
    inputs: 2,
    build: (_df, [a, b]) => semiJoin(a!, b!, semiSpec),
    naive: ([a, b]) => naiveSemiJoin(a!, b!, semiSpec, false),
  });
  property('antiJoin', {
    inputs: 2,
    build: (_df, [a, b]) => antiJoin(a!, b!, semiSpec),
    naive: ([a, b]) => naiveSemiJoin(a!, b!, semiSpec, true),
  });
  property('antiJoin without residual', {
    inputs: 2,
    build: (_df, [a, b]) => antiJoin(a!, b!, { leftKey: (r) => [r[0]!], rightKey: (r) => [r[0]!] }),
    naive: ([a, b]) =>
      naiveSemiJoin(a!, b!, { leftKey: (r) => [r[0]!], rightKey: (r) => [r[0]!] }, true),
  });
  topKSpecs.forEach((spec, i) => {
    property(`topK ${i}`, {
      inputs: 1,
      build: (_df, [a]) => topK(a!, spec),
      naive: ([a]) => naiveTopK(a!, spec),
    });
  });
  property('window', {
    inputs: 1,
    build: (_df, [a]) => window(a!, windowSpec),
    naive: ([a]) => naiveWindow(a!, windowSpec),
  });
  it('saw errors raised and retracted', () => {
    expect(seen.errorsRaised).toBeGreaterThan(100);
    expect(seen.errorsRetracted).toBeGreaterThan(100);
    // Groups whose output was an error kept their state in an entry without a row.
    expect(seen.groupsWithoutRow).toBeGreaterThan(10);
  });
  property('window with erroring partitions', {
    inputs: 1,
    build: (_df, [a]) => window(a!, erroringWindow),
    naive: ([a]) => naiveWindow(a!, erroringWindow),
  });
});
