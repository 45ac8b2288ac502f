// Plan simplifications of planner/optimize.ts that decide which execution path a statement takes:
// literal rows (what a multi-row INSERT ... VALUES binds to: a union of one map of literals per
// row) become one constant relation, which direct evaluation reads without building a dataflow.
import { describe, expect, it } from 'vitest';
import { directPlan } from '../../src/planner/direct.js';
import { optimize } from '../../src/planner/optimize.js';
import { T, type Datum, type SqlType } from '../../src/repr/index.js';
import type { Rel, Scalar } from '../../src/sql/hir.js';
import { testEvalCtx } from '../support/plan.js';

const ONE: Rel = { kind: 'constant', rows: [[]], types: [] };
const lit = (value: Datum, type: SqlType, param?: number): Scalar =>
  param === undefined ? { kind: 'literal', value, type } : { kind: 'literal', value, type, param };
const row = (...exprs: Scalar[]): Rel => ({ kind: 'map', input: ONE, exprs });

describe('literal rows', () => {
  it('are one constant relation, rows in order, read directly', () => {
    const rel = optimize({
      kind: 'union',
      inputs: [
        row(lit(1, T.int4), lit('a', T.text)),
        row(lit(2, T.int4), lit(null, T.text)),
        row(lit(-3, T.int4), lit("it's", T.text)),
      ],
    });
    expect(rel).toEqual({
      kind: 'constant',
      rows: [
        [1, 'a'],
        [2, null],
        [-3, "it's"],
      ],
      types: [T.int4, T.text],
    });
    const d = directPlan(rel, testEvalCtx);
    expect(d !== null && 'rows' in d.read).toBe(true);
  });

  it("keep a parameter's literal (its value is the execution's) and any other expression", () => {
    const param = row(lit(5, T.int4, 1));
    expect(optimize(param).kind).toBe('map');
    const call: Scalar = { kind: 'column', index: 0, type: T.int4 };
    const withColumn = optimize({
      kind: 'union',
      inputs: [row(lit(1, T.int4)), { kind: 'map', input: row(lit(2, T.int4)), exprs: [call] }],
    });
    // Only literals are folded: a map reading a column stays, and so does the union.
    expect(withColumn.kind).toBe('union');
  });
});
