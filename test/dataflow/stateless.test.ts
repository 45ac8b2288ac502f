// Exact tests of the graph and the stateless operators, and of errors as data.
import { describe, expect, it } from 'vitest';
import {
  Dataflow,
  constant,
  filter,
  flatMap,
  map,
  negate,
  project,
  union,
} from '../../src/dataflow/index.js';
import type { Row } from '../../src/repr/index.js';
import { divide, normErrors, rowsOf } from './helpers.js';

describe('graph', () => {
  it('runs ticks in order and captures each batch and the accumulation', () => {
    const df = new Dataflow();
    const a = df.input('a');
    const doubled = map(a.collection, (r) => [(r[0] as number) * 2]);
    const cap = doubled.capture();
    a.push([1]);
    a.push([2]);
    a.push([2]);
    df.runTick(1);
    expect(cap.last).toEqual([
      [[2], 1, 1],
      [[4], 1, 2],
    ]);
    df.runTick(2, { a: [[[2], -1]] });
    expect(cap.last).toEqual([[[4], 2, -1]]);
    expect(rowsOf(cap.accumulated())).toEqual(['(2)', '(4)']);
    df.runTick(3);
    expect(cap.last).toEqual([]);
    expect(() => df.runTick(3)).toThrow(/not after/);
  });

  it('consolidates batches: cancelling updates disappear', () => {
    const df = new Dataflow();
    const a = df.input('a');
    const cap = a.collection.capture();
    df.runTick(1, {
      a: [
        [[1], 1],
        [[1], -1],
        [[2], 1],
        [[2], 1],
      ],
    });
    expect(cap.last).toEqual([[[2], 1, 2]]);
  });

  it('calls output listeners with every batch', () => {
    const df = new Dataflow();
    const a = df.input('a');
    const seen: number[] = [];
    df.output(a.collection, (batch, time) => seen.push(time, batch.length));
    df.runTick(5, { a: [[[1], 1]] });
    df.runTick(6);
    expect(seen).toEqual([5, 1, 6, 0]);
  });

  it('rejects unknown inputs', () => {
    const df = new Dataflow();
    expect(() => df.runTick(1, { nope: [] })).toThrow(/no input/);
  });
});

describe('stateless operators', () => {
  it('filter keeps only true (NULL drops)', () => {
    const df = new Dataflow();
    const a = df.input('a');
    const cap = filter(a.collection, (r) =>
      r[0] === null ? null : (r[0] as number) > 1,
    ).capture();
    df.runTick(1, {
      a: [
        [[1], 1],
        [[2], 1],
        [[null], 1],
        [[3], 2],
      ],
    });
    expect(rowsOf(cap.accumulated())).toEqual(['(2)', '(3)', '(3)']);
  });

  it('flatMap repeats the diff; project reorders; negate flips; union concatenates', () => {
    const df = new Dataflow();
    const a = df.input('a');
    const fm = flatMap(a.collection, (r) => {
      const out: Row[] = [];
      for (let i = 1; i <= (r[0] as number); i++) out.push([r[0]!, i]);
      return out;
    });
    const pr = project(fm, [1, 0, 1]);
    const all = union([pr, negate(project(fm, [1, 0, 1])), pr]);
    const cFm = fm.capture();
    const cAll = all.capture();
    df.runTick(1, { a: [[[2], 3]] });
    expect(rowsOf(cFm.accumulated())).toEqual(
      Array(3).fill('(2,1)').concat(Array(3).fill('(2,2)')),
    );
    expect(rowsOf(cAll.accumulated())).toEqual(
      Array(3).fill('(1,2,1)').concat(Array(3).fill('(2,2,2)')),
    );
    df.runTick(2, { a: [[[2], -3]] });
    expect(cAll.accumulated()).toEqual([]);
  });

  it('constant emits its rows once', () => {
    const df = new Dataflow();
    const cap = constant(df, [[1], [2]]).capture();
    df.runTick(1);
    df.runTick(2);
    expect(rowsOf(cap.accumulated())).toEqual(['(1)', '(2)']);
    expect(cap.last).toEqual([]);
  });
});

describe('errors as data', () => {
  it('a row that makes map throw yields an error that is retracted with the row', () => {
    const df = new Dataflow();
    const a = df.input('a');
    const cap = map(a.collection, (r) => [r[0]!, divide(r[0]!)]).capture();
    df.runTick(1, {
      a: [
        [[5], 1],
        [[0], 1],
        [[0], 1],
      ],
    });
    expect(rowsOf(cap.accumulated())).toEqual(['(5,24)']);
    expect(normErrors(df.liveErrors())).toEqual([['22012|division by zero||', 2]]);
    expect(df.errorBatch().map(([e, t, d]) => [e.code, t, d])).toEqual([['22012', 1, 2]]);
    df.runTick(2, { a: [[[0], -1]] });
    expect(normErrors(df.liveErrors())).toEqual([['22012|division by zero||', 1]]);
    df.runTick(3, { a: [[[0], -1]] });
    expect(df.liveErrors()).toEqual([]);
    expect(df.errorBatch().map(([e, t, d]) => [e.code, t, d])).toEqual([['22012', 3, -1]]);
  });

  it('filter and flatMap errors follow their rows', () => {
    const df = new Dataflow();
    const a = df.input('a');
    filter(a.collection, (r) => divide(r[0]!) !== null);
    flatMap(a.collection, (r) => [[r[0]!], [divide(r[0]!)]]);
    df.runTick(1, { a: [[[0], 3]] });
    expect(normErrors(df.liveErrors())).toEqual([['22012|division by zero||', 6]]);
    df.runTick(2, { a: [[[0], -3]] });
    expect(df.liveErrors()).toEqual([]);
  });

  it('non-Eddy errors are bugs and propagate', () => {
    const df = new Dataflow();
    const a = df.input('a');
    map(a.collection, () => {
      throw new TypeError('boom');
    });
    expect(() => df.runTick(1, { a: [[[1], 1]] })).toThrow(TypeError);
  });
});
