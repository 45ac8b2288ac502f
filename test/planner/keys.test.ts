// What the planner knows about a relation's rows beyond their types: unique keys (planner/keys.ts;
// a view with one stores changes without reading counts) and monotonicity (render.ts; MIN/MAX over
// a relation that only grows keep just the extreme so far). Both must be conservative: claiming a
// key or monotonicity that does not hold would corrupt a view.
import { describe, expect, it } from 'vitest';
import { T } from '../../src/repr/index.js';
import type { CatalogRelation } from '../../src/sql/catalog-api.js';
import type { Rel } from '../../src/sql/hir.js';
import { planSql, stubCatalog } from '../support/plan.js';
import { uniqueKeys } from '../../src/planner/keys.js';
import { monotonic } from '../../src/planner/render.js';
import { lowerMaintained, maintainedCatalog } from '../../src/session/views/maintained.js';
import { Binder, Params } from '../../src/sql/binder.js';
import { bindQueryRel } from '../../src/sql/bind-select.js';
import { parseStatements } from '../../src/sql/parser.js';
import { tagOf } from '../../src/sql/ast.js';

const table = (
  name: string,
  oid: number,
  appendOnly: boolean,
  primaryKey: number[] = [],
): CatalogRelation => ({
  kind: 'table',
  id: name,
  oid,
  schema: 'public',
  name,
  primaryKey,
  ...(appendOnly ? { appendOnly: true } : {}),
  columns: ['a', 'b', 'c'].map((n) => ({
    name: n,
    type: T.int4,
    nullable: true,
    defaultSql: null,
  })),
});

// t: a table (rows change); s: an append-only source; p, q: tables with primary keys (a), (a, b).
const catalog = stubCatalog([
  table('t', 16_400, false),
  table('s', 16_401, true),
  table('p', 16_402, false, [0]),
  table('q', 16_403, false, [0, 1]),
]);

function plan(sql: string): Rel {
  return planSql(catalog, sql);
}

describe('unique keys', () => {
  it('a GROUP BY output is keyed by its group columns while they are kept', () => {
    expect(uniqueKeys(plan('SELECT a, count(*) FROM t GROUP BY a'))).toEqual([[0]]);
    expect(uniqueKeys(plan('SELECT b, a, sum(c) FROM t GROUP BY a, b'))).toEqual([[1, 0]]);
    expect(
      uniqueKeys(
        plan('SELECT a, n FROM (SELECT a, count(*) AS n FROM t GROUP BY a) x WHERE n > 1'),
      ),
    ).toEqual([[0]]);
    expect(uniqueKeys(plan('SELECT count(*) FROM t GROUP BY a'))).toEqual([]);
    expect(uniqueKeys(plan('SELECT sum(c) FROM t GROUP BY a, b'))).toEqual([]);
  });

  it('DISTINCT rows are a key; plain rows, unions and joins have none', () => {
    expect(uniqueKeys(plan('SELECT DISTINCT a, b FROM t')).length).toBe(1);
    expect(uniqueKeys(plan('SELECT a, b FROM t'))).toEqual([]);
    expect(uniqueKeys(plan('SELECT a FROM t UNION ALL SELECT a FROM t'))).toEqual([]);
    expect(uniqueKeys(plan('SELECT x.a FROM t x JOIN t y ON x.a = y.a'))).toEqual([]);
  });

  it('a primary key is a key, kept through joins that match each row at most once', () => {
    expect(uniqueKeys(plan('SELECT * FROM p'))).toEqual([[0]]);
    expect(uniqueKeys(plan('SELECT b, a FROM p WHERE c > 1'))).toEqual([[1]]);
    expect(uniqueKeys(plan('SELECT * FROM q'))).toEqual([[0, 1]]);
    // p's key (a) is covered by the join columns: each t row meets at most one p row.
    expect(uniqueKeys(plan('SELECT * FROM p x JOIN p y ON x.b = y.a'))).toEqual([[0]]);
    expect(uniqueKeys(plan('SELECT * FROM p x JOIN p y ON x.a = y.a'))).toEqual([[0], [3]]);
    expect(uniqueKeys(plan('SELECT * FROM p x LEFT JOIN p y ON x.b = y.a'))).toEqual([[0]]);
    expect(uniqueKeys(plan('SELECT * FROM p x RIGHT JOIN p y ON x.a = y.b'))).toEqual([[3]]);
    expect(uniqueKeys(plan('SELECT * FROM p x FULL JOIN p y ON x.a = y.a'))).toEqual([]);
    // Covering only part of q's key (a, b): a p row may meet several q rows.
    expect(uniqueKeys(plan('SELECT * FROM p x JOIN q y ON x.b = y.a'))).toEqual([]);
    expect(uniqueKeys(plan('SELECT * FROM p x JOIN q y ON x.b = y.a AND x.c = y.b'))).toEqual([
      [0],
    ]);
    // Each t row meets at most one p row, but t has no key to keep.
    expect(uniqueKeys(plan('SELECT * FROM t x JOIN p y ON x.b = y.a'))).toEqual([]);
    // The join column of a key-less table: p rows may meet many t rows.
    expect(uniqueKeys(plan('SELECT * FROM p x JOIN t y ON x.a = y.a'))).toEqual([]);
  });
});

describe('maintained plans (views, subscriptions)', () => {
  /** A query as a view binds and lowers it. */
  const maintained = (sql: string): Rel => {
    const stmt = parseStatements(sql)[0]!;
    const binder = new Binder(maintainedCatalog(catalog), new Params([], []));
    return lowerMaintained(bindQueryRel(binder, tagOf(stmt.ast)[1] as never, null).rel, 'UTC')
      .lowered;
  };
  /** Whether some read of the plan is a point lookup. */
  const hasLookup = (r: Rel): boolean =>
    r.kind === 'get'
      ? r.lookup !== undefined
      : r.kind === 'constant' || r.kind === 'workTable'
        ? false
        : r.kind === 'recursiveUnion'
          ? hasLookup(r.base) || hasLookup(r.step)
          : r.kind === 'join'
            ? hasLookup(r.left) || hasLookup(r.right)
            : r.kind === 'union'
              ? r.inputs.some(hasLookup)
              : hasLookup(r.input);

  it("know a table's primary key, as one-shot plans do", () => {
    expect(uniqueKeys(maintained('SELECT a, c FROM p'))).toEqual([[0]]);
    expect(uniqueKeys(maintained('SELECT t.a, p.b FROM t JOIN p ON p.a = t.b'))).toEqual([]);
    expect(
      uniqueKeys(
        maintained('SELECT p.a, t.c FROM p JOIN q ON q.a = p.b AND q.b = p.c JOIN t ON t.a = p.a'),
      ),
    ).toEqual([]);
    expect(
      uniqueKeys(maintained('SELECT p.a, q.c FROM p JOIN q ON q.a = p.b AND q.b = p.c')),
    ).toEqual([[0]]);
  });

  it('read every change: no point lookup, the predicate stays', () => {
    const oneShot = plan('SELECT a, c FROM p WHERE a = 5');
    expect(hasLookup(oneShot)).toBe(true);
    const view = maintained('SELECT a, c FROM p WHERE a = 5');
    expect(hasLookup(view)).toBe(false);
    expect(view.kind === 'project' && view.input.kind === 'filter').toBe(true);
    expect(
      hasLookup(maintained('SELECT p.c FROM t JOIN p ON p.a = t.b WHERE p.a = 5 AND t.a = 1')),
    ).toBe(false);
  });
});

describe('monotonic relations', () => {
  it('an append-only source through maps, filters, inner joins and unions only grows', () => {
    expect(monotonic(plan('SELECT a, b + 1 FROM s WHERE c > 0'))).toBe(true);
    expect(monotonic(plan('SELECT x.a, y.b FROM s x JOIN s y ON x.a = y.a'))).toBe(true);
    expect(monotonic(plan('SELECT a FROM s UNION ALL SELECT b FROM s'))).toBe(true);
  });

  it('tables, outer joins, aggregates, DISTINCT and EXCEPT do not', () => {
    expect(monotonic(plan('SELECT a FROM t'))).toBe(false);
    expect(monotonic(plan('SELECT x.a FROM s x JOIN t y ON x.a = y.a'))).toBe(false);
    expect(monotonic(plan('SELECT x.a, y.b FROM s x LEFT JOIN s y ON x.a = y.a'))).toBe(false);
    expect(monotonic(plan('SELECT a, count(*) FROM s GROUP BY a'))).toBe(false);
    expect(monotonic(plan('SELECT DISTINCT a FROM s'))).toBe(false);
    expect(monotonic(plan('SELECT a FROM s EXCEPT ALL SELECT a FROM s WHERE b > 1'))).toBe(false);
  });
});
