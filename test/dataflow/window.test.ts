// Exact window-function cases; expected values are PostgreSQL 15's output for the same data:
//   t(p, o, v) = (1,1,10),(1,2,20),(1,2,25),(1,3,NULL),(1,NULL,40),(2,5,50),(2,5,50),(2,7,70)
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FRAME,
  Dataflow,
  window,
  type FrameBound,
  type WindowFrame,
  type WindowFuncSpec,
  type WindowSpec,
} from '../../src/dataflow/index.js';
import type { Datum, Row } from '../../src/repr/index.js';
import { agg, byCol, col, countApply, normErrors, sumApply } from './helpers.js';

const T: Row[] = [
  [1, 1, 10],
  [1, 2, 20],
  [1, 2, 25],
  [1, 3, null],
  [1, null, 40],
  [2, 5, 50],
  [2, 5, 50],
  [2, 7, 70],
];

const byOV = (a: Row, b: Row): number => byCol(1)(a, b) || byCol(2)(a, b);
const v = col(2);
const lit = (d: Datum) => (): Datum => d;

/** Runs a window over T (partition by p) and returns the output rows in (p, o, v) order. */
function run(orderBy: WindowSpec['orderBy'], functions: WindowFuncSpec[]): string[] {
  const df = new Dataflow();
  const a = df.input('a');
  const cap = window(a.collection, { partitionKey: (r) => [r[0]!], orderBy, functions }).capture();
  df.runTick(1, { a: T.map((r) => [r, 1] as const) });
  const rows: Row[] = [];
  for (const [r, d] of cap.accumulated()) for (let i = 0; i < d; i++) rows.push(r);
  const cmp = (a: Row, b: Row) =>
    byCol(0)(a, b) || byOV(a, b) || String(a).localeCompare(String(b));
  return rows.sort(cmp).map((r) =>
    r
      .slice(3)
      .map((d) => (d === null ? '' : String(d)))
      .join('|'),
  );
}

/** RANGE n PRECEDING / FOLLOWING on column o (ASC, NULLS LAST), as the planner would build. */
function rangeBound(n: number, start: boolean): FrameBound {
  return {
    kind: 'range',
    test: (c, cur) => {
      const x = c[1] as number | null;
      const y = cur[1] as number | null;
      if (y === null) return start ? x === null : true;
      if (start) return x === null || x >= y - n;
      return x !== null && x <= y + n;
    },
  };
}

describe('window', () => {
  it('ranking, offsets and default-frame functions', () => {
    const out = run(byOV, [
      { kind: 'row_number' },
      { kind: 'rank' },
      { kind: 'dense_rank' },
      { kind: 'percent_rank' },
      { kind: 'cume_dist' },
      { kind: 'ntile', buckets: lit(3) },
      { kind: 'lag', value: v, offset: null, default: null },
      { kind: 'lead', value: v, offset: lit(2), default: lit(-1) },
      { kind: 'lag', value: v, offset: lit(-1), default: null },
      { kind: 'first_value', value: v, frame: DEFAULT_FRAME },
      { kind: 'last_value', value: v, frame: DEFAULT_FRAME },
      { kind: 'nth_value', value: v, n: lit(2), frame: DEFAULT_FRAME },
      { kind: 'aggregate', aggregate: agg(sumApply, (r) => [r[2]!]), frame: DEFAULT_FRAME },
      {
        kind: 'aggregate',
        aggregate: agg(countApply, () => [], { strict: false }),
        frame: DEFAULT_FRAME,
      },
    ]);
    expect(out).toEqual([
      '1|1|1|0|0.2|1||25|20|10|10||10|1',
      '2|2|2|0.25|0.4|1|10||25|10|20|20|30|2',
      '3|3|3|0.5|0.6|2|20|40||10|25|20|55|3',
      '4|4|4|0.75|0.8|2|25|-1|40|10||20|55|4',
      '5|5|5|1|1|3||-1||10|40|20|95|5',
      '1|1|1|0|0.6666666666666666|1||70|50|50|50|50|100|2',
      '2|1|1|0|0.6666666666666666|2|50|-1|70|50|50|50|100|2',
      '3|3|2|1|1|3|50|-1||50|70|50|170|3',
    ]);
  });

  it('ROWS / GROUPS / RANGE frames with EXCLUDE', () => {
    const f = (
      mode: WindowFrame['mode'],
      start: FrameBound,
      end: FrameBound,
      exclude: WindowFrame['exclude'] = 'noOthers',
    ): WindowFrame => ({ mode, start, end, exclude });
    const sum = agg(sumApply, (r) => [r[2]!]);
    const out = run(byCol(1), [
      {
        kind: 'aggregate',
        aggregate: sum,
        frame: f(
          'rows',
          { kind: 'preceding', offset: 1 },
          { kind: 'following', offset: 1 },
          'currentRow',
        ),
      },
      {
        kind: 'aggregate',
        aggregate: sum,
        frame: f('groups', { kind: 'preceding', offset: 1 }, { kind: 'currentRow' }, 'group'),
      },
      {
        kind: 'aggregate',
        aggregate: sum,
        frame: f('range', rangeBound(1, true), rangeBound(1, false), 'ties'),
      },
      {
        kind: 'first_value',
        value: v,
        frame: f('rows', { kind: 'following', offset: 1 }, { kind: 'unboundedFollowing' }),
      },
      {
        kind: 'last_value',
        value: v,
        frame: f('groups', { kind: 'unboundedPreceding' }, { kind: 'preceding', offset: 1 }),
      },
      {
        kind: 'nth_value',
        value: v,
        n: lit(2),
        frame: f('range', { kind: 'currentRow' }, { kind: 'unboundedFollowing' }, 'ties'),
      },
      {
        kind: 'aggregate',
        aggregate: agg(countApply, () => [], { strict: false }),
        frame: f('rows', { kind: 'unboundedPreceding' }, { kind: 'unboundedFollowing' }),
      },
    ]);
    // Identical input rows (2,5,50) get different values; compare as multisets.
    expect(out.sort()).toEqual(
      [
        '20||55|20||20|5',
        '35|10|30|25|10||5',
        '20|10|35||10||5',
        '65|45|45|40|25|40|5',
        '||40||||5',
        '50||50|50||70|3',
        '120||50|70||70|3',
        '50|100|70||50||3',
      ].sort(),
    );
  });

  it('ntile reads its argument until it is not NULL; bad arguments are errors', () => {
    const df = new Dataflow();
    const a = df.input('a');
    const cap = window(a.collection, {
      partitionKey: () => [],
      orderBy: byCol(0),
      functions: [{ kind: 'ntile', buckets: (r) => ((r[0] as number) < 3 ? null : 2) }],
    }).capture();
    df.runTick(1, { a: [1, 2, 3, 4, 5].map((i) => [[i], 1] as const) });
    expect(
      cap
        .accumulated()
        .map(([r]) => r[1])
        .sort(),
    ).toEqual([1, 1, 1, null, null]);

    const df2 = new Dataflow();
    const b = df2.input('b');
    const cap2 = window(b.collection, {
      partitionKey: (r) => [r[0]!],
      orderBy: null,
      functions: [{ kind: 'ntile', buckets: (r) => r[1]! }],
    }).capture();
    df2.runTick(1, {
      b: [
        [[1, 0], 1],
        [[2, 3], 1],
      ],
    });
    expect(normErrors(df2.liveErrors())).toEqual([
      ['22014|argument of ntile must be greater than zero||', 1],
    ]);
    expect(cap2.accumulated()).toEqual([[[2, 3, 1], 1]]);
    df2.runTick(2, { b: [[[1, 0], -1]] });
    expect(df2.liveErrors()).toEqual([]);
  });

  it('updates only the changed partition, emitting new minus old', () => {
    const df = new Dataflow();
    const a = df.input('a');
    const cap = window(a.collection, {
      partitionKey: (r) => [r[0]!],
      orderBy: byCol(1),
      functions: [{ kind: 'row_number' }],
    }).capture();
    df.runTick(1, {
      a: [
        [[1, 5], 1],
        [[1, 7], 1],
        [[2, 1], 1],
      ],
    });
    df.runTick(2, { a: [[[1, 6], 1]] });
    const last = cap.last.map(([r, , d]) => `${r.join(',')}:${d}`).sort();
    expect(last).toEqual(['1,6,2:1', '1,7,2:-1', '1,7,3:1']);
  });
});
