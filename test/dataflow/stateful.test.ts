// Exact small cases for reduce, distinct, threshold, set operations, joins, semi/anti joins and
// top-k, including retractions. Expected results were checked against PostgreSQL 15.
import { describe, expect, it } from 'vitest';
import {
  Dataflow,
  antiJoin,
  distinct,
  except,
  exceptAll,
  intersect,
  intersectAll,
  join,
  map,
  reduce,
  semiJoin,
  threshold,
  topK,
  type JoinKind,
} from '../../src/dataflow/index.js';
import type { Datum, Row } from '../../src/repr/index.js';
import {
  agg,
  byCol,
  countApply,
  divide,
  listApply,
  maxApply,
  minApply,
  normErrors,
  rowsOf,
  smallSumApply,
  sumApply,
} from './helpers.js';

const pairs = (...rows: Row[]): [Row, number][] => rows.map((r) => [r, 1]);

describe('reduce', () => {
  const build = (emptyGroupRow = false, key = (r: Row): Datum[] => [r[0]!]) => {
    const df = new Dataflow();
    const a = df.input('a');
    const out = reduce(a.collection, {
      key,
      emptyGroupRow,
      aggregates: [
        agg(countApply, () => [], { strict: false }),
        agg(sumApply, (r) => [r[1]!]),
        agg(minApply, (r) => [r[1]!]),
        agg(maxApply, (r) => [r[1]!]),
        agg(countApply, (r) => [r[1]!], { distinct: true }),
        agg(listApply, (r) => [r[1]!], { orderBy: byCol(1, true) }),
        agg(countApply, () => [], {
          strict: false,
          filter: (r) => (r[1] === null ? null : (r[1] as number) > 2),
        }),
      ],
    });
    return { df, cap: out.capture() };
  };

  it('groups (NULL keys together) and keeps MIN/MAX correct under deletes', () => {
    const { df, cap } = build();
    df.runTick(1, { a: pairs([1, 5], [1, 3], [1, 3], [null, 7], [null, null], [2, null]) });
    expect(rowsOf(cap.accumulated())).toEqual([
      '(1,3n,11,3,5,2n,5,3,3,3n)',
      '(2,1n,NULL,NULL,NULL,0n,NULL,0n)',
      '(NULL,2n,7,7,7,1n,7,1n)',
    ]);
    df.runTick(2, {
      a: [
        [[1, 3], -2],
        [[null, 7], -1],
        [[2, null], -1],
      ],
    });
    expect(rowsOf(cap.accumulated())).toEqual([
      '(1,1n,5,5,5,1n,5,1n)',
      '(NULL,1n,NULL,NULL,NULL,0n,NULL,0n)',
    ]);
    // Only the changed groups produce updates.
    df.runTick(3, { a: pairs([1, 1]) });
    expect(cap.last.map(([r, , d]) => [rowsOf([[r, 1]])[0], d])).toEqual([
      ['(1,1n,5,5,5,1n,5,1n)', -1],
      ['(1,2n,6,1,5,2n,5,1,1n)', 1],
    ]);
  });

  it('emptyGroupRow emits the empty-input row, including after everything is deleted', () => {
    const { df, cap } = build(true, () => []);
    df.runTick(1);
    expect(rowsOf(cap.accumulated())).toEqual(['(0n,NULL,NULL,NULL,0n,NULL,0n)']);
    df.runTick(2, { a: pairs([1, 4]) });
    expect(rowsOf(cap.accumulated())).toEqual(['(1n,4,4,4,1n,4,1n)']);
    df.runTick(3, { a: [[[1, 4], -1]] });
    expect(rowsOf(cap.accumulated())).toEqual(['(0n,NULL,NULL,NULL,0n,NULL,0n)']);
  });

  it('a group whose aggregate throws outputs the error until the group changes', () => {
    const df = new Dataflow();
    const a = df.input('a');
    const cap = reduce(a.collection, {
      key: (r) => [r[0]!],
      aggregates: [agg(smallSumApply, (r) => [r[1]!])],
    }).capture();
    df.runTick(1, { a: pairs([1, 10], [2, 1]) });
    expect(rowsOf(cap.accumulated())).toEqual(['(1,10)', '(2,1)']);
    df.runTick(2, { a: pairs([1, 5]) });
    expect(rowsOf(cap.accumulated())).toEqual(['(2,1)']);
    expect(normErrors(df.liveErrors())).toEqual([['22003|smallint out of range||', 1]]);
    df.runTick(3, { a: pairs([1, 6]) }); // still an error: no new error row
    expect(normErrors(df.liveErrors())).toEqual([['22003|smallint out of range||', 1]]);
    df.runTick(4, { a: [[[1, 10], -1]] });
    expect(df.liveErrors()).toEqual([]);
    expect(rowsOf(cap.accumulated())).toEqual(['(1,11)', '(2,1)']);
  });

  it('errors upstream of reduce are retracted with their rows', () => {
    const df = new Dataflow();
    const a = df.input('a');
    const m = map(a.collection, (r) => [r[0]!, divide(r[1]!)]);
    const cap = reduce(m, {
      key: () => [],
      aggregates: [agg(countApply, () => [], { strict: false })],
    }).capture();
    df.runTick(1, { a: pairs([1, 0], [1, 4]) });
    expect(rowsOf(cap.accumulated())).toEqual(['(1n)']);
    expect(df.liveErrors().length).toBe(1);
    df.runTick(2, { a: [[[1, 0], -1]] });
    expect(df.liveErrors()).toEqual([]);
  });
});

describe('distinct, threshold and set operations', () => {
  const setup = () => {
    const df = new Dataflow();
    return { df, a: df.input('a'), b: df.input('b') };
  };
  const A = pairs([1], [1], [1], [2], [null], [null]);

  it('distinct emits when counts cross zero', () => {
    const { df, a } = setup();
    const cap = distinct(a.collection).capture();
    df.runTick(1, { a: A });
    expect(rowsOf(cap.accumulated())).toEqual(['(1)', '(2)', '(NULL)']);
    df.runTick(2, { a: [[[1], -2]] });
    expect(cap.last).toEqual([]);
    df.runTick(3, { a: [[[1], -1]] });
    expect(cap.last).toEqual([[[1], 3, -1]]);
  });

  it('threshold keeps max(count, 0)', () => {
    const { df, a } = setup();
    const cap = threshold(a.collection).capture();
    df.runTick(1, {
      a: [
        [[1], -2],
        [[2], 3],
      ],
    });
    expect(rowsOf(cap.accumulated())).toEqual(['(2)', '(2)', '(2)']);
    df.runTick(2, { a: [[[1], 3]] });
    expect(rowsOf(cap.accumulated())).toEqual(['(1)', '(2)', '(2)', '(2)']);
  });

  it('EXCEPT ALL / INTERSECT ALL / INTERSECT / EXCEPT', () => {
    const { df, a, b } = setup();
    const ea = exceptAll(a.collection, b.collection).capture();
    const ia = intersectAll(a.collection, b.collection).capture();
    const i = intersect(a.collection, b.collection).capture();
    const e = except(a.collection, b.collection).capture();
    df.runTick(1, { a: A, b: pairs([1], [null], [3]) });
    expect(rowsOf(ea.accumulated())).toEqual(['(1)', '(1)', '(2)', '(NULL)']);
    df.runTick(2, { b: pairs([1]) });
    expect(rowsOf(ia.accumulated())).toEqual(['(1)', '(1)', '(NULL)']);
    expect(rowsOf(i.accumulated())).toEqual(['(1)', '(NULL)']);
    df.runTick(3, { b: [[[null], -1]] });
    expect(rowsOf(e.accumulated())).toEqual(['(2)', '(NULL)']);
  });
});

describe('join', () => {
  const L = pairs([1, 'x'], [1, 'y'], [2, 'z'], [null, 'n'], [3, 'w']);
  const R = pairs([1, 'p'], [1, 'q'], [2, 'z'], [null, 'm'], [4, 'v']);
  const build = (kind: JoinKind, residual?: (r: Row) => boolean | null) => {
    const df = new Dataflow();
    const l = df.input('l');
    const r = df.input('r');
    const cap = join(l.collection, r.collection, {
      kind,
      leftKey: (x) => [x[0]!],
      rightKey: (x) => [x[0]!],
      leftArity: 2,
      rightArity: 2,
      ...(residual ? { residual } : {}),
    }).capture();
    return { df, cap };
  };

  it('full join with a residual (PostgreSQL: ON l.k = r.k AND l.a <> r.b)', () => {
    const { df, cap } = build('full', (x) => x[1] !== x[3]);
    df.runTick(1, { l: L, r: R });
    expect(rowsOf(cap.accumulated())).toEqual([
      '(1,x,1,p)',
      '(1,x,1,q)',
      '(1,y,1,p)',
      '(1,y,1,q)',
      '(2,z,NULL,NULL)',
      '(3,w,NULL,NULL)',
      '(NULL,NULL,2,z)',
      '(NULL,NULL,4,v)',
      '(NULL,NULL,NULL,m)',
      '(NULL,n,NULL,NULL)',
    ]);
    // Deleting every right row of key 1 turns the left rows into padded ones.
    df.runTick(2, {
      r: [
        [[1, 'p'], -1],
        [[1, 'q'], -1],
        [[null, 'm'], -1],
      ],
    });
    expect(rowsOf(cap.accumulated())).toEqual([
      '(1,x,NULL,NULL)',
      '(1,y,NULL,NULL)',
      '(2,z,NULL,NULL)',
      '(3,w,NULL,NULL)',
      '(NULL,NULL,2,z)',
      '(NULL,NULL,4,v)',
      '(NULL,n,NULL,NULL)',
    ]);
  });

  it('left join with a residual on the right side', () => {
    const { df, cap } = build('left', (x) => x[3] === 'q');
    df.runTick(1, { l: L, r: R });
    expect(rowsOf(cap.accumulated())).toEqual([
      '(1,x,1,q)',
      '(1,y,1,q)',
      '(2,z,NULL,NULL)',
      '(3,w,NULL,NULL)',
      '(NULL,n,NULL,NULL)',
    ]);
  });

  it('inner join by the delta rule, with multiplicities and retractions', () => {
    const { df, cap } = build('inner');
    df.runTick(1, {
      l: [[[1, 'x'], 2]],
      r: [
        [[1, 'p'], 3],
        [[null, 'm'], 1],
      ],
    });
    expect(cap.last).toEqual([[[1, 'x', 1, 'p'], 1, 6]]);
    df.runTick(2, {
      l: [
        [[1, 'x'], -1],
        [[null, 'n'], 1],
      ],
      r: [[[1, 'q'], 1]],
    });
    expect(rowsOf(cap.accumulated())).toEqual(['(1,x,1,p)', '(1,x,1,p)', '(1,x,1,p)', '(1,x,1,q)']);
  });

  it('right join and a cross join (no key columns)', () => {
    const { df, cap } = build('right');
    df.runTick(1, { l: L, r: R });
    expect(rowsOf(cap.accumulated())).toEqual([
      '(1,x,1,p)',
      '(1,x,1,q)',
      '(1,y,1,p)',
      '(1,y,1,q)',
      '(2,z,2,z)',
      '(NULL,NULL,4,v)',
      '(NULL,NULL,NULL,m)',
    ]);
    const df2 = new Dataflow();
    const l = df2.input('l');
    const r = df2.input('r');
    const cross = join(l.collection, r.collection, {
      kind: 'inner',
      leftKey: () => [],
      rightKey: () => [],
      leftArity: 1,
      rightArity: 1,
    }).capture();
    df2.runTick(1, { l: pairs([1], [null]), r: pairs([2], [3]) });
    expect(rowsOf(cross.accumulated())).toEqual(['(1,2)', '(1,3)', '(NULL,2)', '(NULL,3)']);
  });
});

describe('semi and anti joins', () => {
  it('EXISTS / NOT EXISTS with a residual (checked against PostgreSQL)', () => {
    const df = new Dataflow();
    const l = df.input('l');
    const r = df.input('r');
    const spec = {
      leftKey: (x: Row) => [x[0]!],
      rightKey: (x: Row) => [x[0]!],
      residual: (x: Row) => x[3] !== x[1],
    };
    const semi = semiJoin(l.collection, r.collection, spec).capture();
    const anti = antiJoin(l.collection, r.collection, spec).capture();
    df.runTick(1, {
      l: pairs([1, 'x'], [1, 'y'], [2, 'z'], [null, 'n'], [3, 'w']),
      r: pairs([1, 'p'], [1, 'q'], [2, 'z'], [null, 'm'], [4, 'v']),
    });
    expect(rowsOf(semi.accumulated())).toEqual(['(1,x)', '(1,y)']);
    expect(rowsOf(anti.accumulated())).toEqual(['(2,z)', '(3,w)', '(NULL,n)']);
    df.runTick(2, { r: pairs([3, 'a'], [1, 'p']), l: pairs([3, 'w']) });
    expect(rowsOf(semi.accumulated())).toEqual(['(1,x)', '(1,y)', '(3,w)', '(3,w)']);
    expect(rowsOf(anti.accumulated())).toEqual(['(2,z)', '(NULL,n)']);
    df.runTick(3, {
      r: [
        [[1, 'p'], -2],
        [[1, 'q'], -1],
      ],
    });
    expect(rowsOf(semi.accumulated())).toEqual(['(3,w)', '(3,w)']);
  });
});

describe('topK', () => {
  it('per-group limit/offset with ties broken by the whole row', () => {
    const df = new Dataflow();
    const a = df.input('a');
    const cap = topK(a.collection, {
      key: (r) => [r[0]!],
      compare: byCol(1),
      limit: 2,
      offset: 1,
    }).capture();
    df.runTick(1, {
      a: [...pairs([1, 5, 'b'], [1, 5, 'a'], [1, 1, 'z'], [2, 9, 'q']), [[1, 7, 'c'], 2]],
    });
    expect(rowsOf(cap.accumulated())).toEqual(['(1,5,a)', '(1,5,b)']);
    df.runTick(2, {
      a: [
        [[1, 1, 'z'], -1],
        [[1, 5, 'a'], -1],
      ],
    });
    expect(rowsOf(cap.accumulated())).toEqual(['(1,7,c)', '(1,7,c)']);
    df.runTick(3, { a: pairs([2, 1, 'r'], [2, null, 's']) });
    expect(rowsOf(cap.accumulated())).toEqual(['(1,7,c)', '(1,7,c)', '(2,9,q)', '(2,NULL,s)']);
  });

  it('no limit means everything after the offset', () => {
    const df = new Dataflow();
    const a = df.input('a');
    const cap = topK(a.collection, {
      key: () => [],
      compare: byCol(0, true),
      limit: null,
      offset: 2,
    }).capture();
    df.runTick(1, { a: pairs([1], [2], [3], [4]) });
    expect(rowsOf(cap.accumulated())).toEqual(['(1)', '(2)']);
  });
});
