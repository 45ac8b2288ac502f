// Templates of views over several tables for the materialized-view differential test: set
// operations, joins of every kind (NULL-extended rows retracted and restored), joins under
// aggregates, EXISTS / IN / NOT IN / correlated scalar subqueries, CTEs, constant rows, and
// views over views (materialized views reading materialized views, plain views over them).
import { CMP, k, mv, not, type Template, type ViewDef } from './view-def.js';

export const setOp: Template = (rng, name) => {
  const sides = [
    `SELECT a, c FROM t1 WHERE b ${rng.pick(CMP)} ${k(rng)}`,
    'SELECT b, c FROM t1',
    'SELECT a, f FROM t2 WHERE g',
    'SELECT e, f FROM t2',
    'SELECT x, y FROM t3',
    `SELECT k, w FROM t4 WHERE k ${rng.pick(CMP)} ${k(rng)}`,
    'SELECT a, max(c) FROM t1 GROUP BY a',
    'SELECT count(*)::int, min(f) FROM t2',
  ];
  const ops = ['UNION', 'UNION ALL', 'EXCEPT', 'EXCEPT ALL', 'INTERSECT', 'INTERSECT ALL'];
  let sql = `(${rng.pick(sides)}) ${rng.pick(ops)} (${rng.pick(sides)})`;
  if (rng.chance(0.3)) sql = `(${sql}) ${rng.pick(ops)} (${rng.pick(sides)})`;
  return [mv(name(), 'set-op', sql)];
};

const JOINS = ['JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN'];

export const join: Template = (rng, name) => {
  const j = rng.pick(JOINS);
  const shapes = [
    `SELECT t1.a AS a1, t1.b, t1.c, t2.a AS a2, t2.e, t2.f FROM t1 ${j} t2 ON t1.a = t2.a`,
    `SELECT t1.a AS a1, t1.b, t2.a AS a2, t2.e, t2.g FROM t1 ${j} t2 ON t1.a = t2.a AND ${rng.pick(['t2.g', 't1.b < t2.e', 't1.c = t2.f'])}`,
    `SELECT t1.a, t1.b, t3.x, t3.y FROM t1 ${j} t3 ON t1.b = t3.x`,
    `SELECT t2.a, t2.e, t2.f, t4.k, t4.w FROM t2 ${j} t4 ON t2.e = t4.k`,
    `SELECT t3.x, t3.y, t4.k, t4.w FROM t3 ${j} t4 ON t3.x = t4.k AND t3.y = t4.w`,
    `SELECT t1.a, t1.c, t2.e, t3.y FROM t1 ${j} t2 ON t1.a = t2.a ${rng.pick(JOINS)} t3 ON t2.e = t3.x`,
    `SELECT t1.a AS a1, t1.c, t2.a AS a2, t2.f FROM t1 ${j} t2 ON t1.a IS NOT DISTINCT FROM t2.a`,
    // A join on an inequality (PostgreSQL has no FULL JOIN on one).
    `SELECT t1.a, t1.b, t3.x, t3.y FROM t1 ${j === 'FULL JOIN' ? 'LEFT JOIN' : j} t3 ON t1.b < t3.x`,
  ];
  let sql = rng.pick(shapes);
  if (rng.chance(0.2) && sql.includes('t2.e')) sql += ` WHERE t2.e IS ${not(rng)}NULL`;
  return [mv(name(), `join (${j.toLowerCase()})`, sql)];
};

export const joinAgg: Template = (rng, name) => [
  mv(
    name(),
    'join-agg',
    `SELECT t1.a, count(t2.e) AS n, sum(t2.e) AS s, max(t2.f) AS mf, count(*) AS nrows FROM t1 ${rng.pick(JOINS)} t2 ON t1.a = t2.a GROUP BY t1.a`,
  ),
];

export const subquery: Template = (rng, name) => [
  mv(
    name(),
    'subquery',
    rng.pick([
      `SELECT a, b, c FROM t1 WHERE ${not(rng)}EXISTS (SELECT 1 FROM t2 WHERE t2.a = t1.a AND t2.e ${rng.pick(CMP)} t1.b)`,
      `SELECT a, b FROM t1 WHERE b ${not(rng)}IN (SELECT e FROM t2 WHERE g IS NOT FALSE)`,
      `SELECT x, y FROM t3 WHERE x ${not(rng)}IN (SELECT k FROM t4 WHERE w <> '')`,
      `SELECT a, c FROM t1 WHERE (a, c) ${not(rng)}IN (SELECT a, f FROM t2)`,
      'SELECT a, b, (SELECT max(e) FROM t2 WHERE t2.a = t1.a) AS mx, (SELECT count(*) FROM t3 WHERE t3.x = t1.b) AS n, (SELECT w FROM t4 WHERE t4.k = t1.a) AS w FROM t1',
      'SELECT a, b, c FROM t1 WHERE b > (SELECT avg(e) FROM t2 WHERE t2.a = t1.a)',
      'SELECT a, b, c FROM t1 WHERE b = (SELECT min(x) FROM t3 WHERE t3.y = t1.c)',
      'SELECT k, w FROM t4 WHERE k > (SELECT count(*) FROM t1)',
    ]),
  ),
];

export const cte: Template = (rng, name) => [
  mv(
    name(),
    'cte',
    rng.pick([
      `WITH s AS (SELECT a, sum(b) AS sb, count(*) AS n FROM t1 GROUP BY a), u AS (SELECT a, max(e) AS me FROM t2 GROUP BY a) SELECT s.a, s.sb, s.n, u.me FROM s LEFT JOIN u ON s.a = u.a WHERE s.n ${rng.pick(CMP)} ${rng.int(0, 2)}`,
      `WITH big AS (SELECT * FROM t1 WHERE b >= ${k(rng)}) SELECT x.a, x.b, y.c FROM big x JOIN big y ON x.a = y.a`,
      'WITH d AS (SELECT DISTINCT a FROM t2) SELECT t1.a, t1.b FROM t1 WHERE t1.a IN (SELECT a FROM d)',
    ]),
  ),
];

/** Constant rows, alone or combined with tables. */
export const constants: Template = (rng, name) => [
  mv(
    name(),
    'constants',
    rng.pick([
      "SELECT 42 AS answer, 'x' AS s",
      "SELECT 1 AS k, 'const' AS w UNION ALL SELECT k, w FROM t4",
      "SELECT v.x, v.y FROM (VALUES (1, 'a'), (2, NULL), (3, 'b')) AS v(x, y) WHERE v.x NOT IN (SELECT a FROM t1 WHERE a IS NOT NULL)",
      'SELECT v.x, count(t1.a) AS n FROM (VALUES (0), (1), (2)) AS v(x) LEFT JOIN t1 ON t1.a = v.x GROUP BY v.x',
      "SELECT 'total' AS label, count(*) AS n, sum(e) AS s FROM t2",
      'SELECT x FROM generate_series(1, 4) AS x EXCEPT SELECT a FROM t1',
    ]),
  ),
];

/** Views over views: materialized views reading materialized views, plain views over them. */
export const chain: Template = (rng, name) => {
  const a = name();
  const b = name();
  const p = name();
  const plain = (sql: string, reads: string[]): Omit<ViewDef, 'createdAt'> => ({
    name: p,
    sql,
    materialized: false,
    reads,
    label: 'plain view over mv',
  });
  const label = 'mv over mv';
  switch (rng.int(0, 4)) {
    case 0:
      return [
        mv(a, label, "SELECT a, b, c FROM t1 WHERE b IS NOT NULL OR c <> ''"),
        mv(b, label, `SELECT a, count(*) AS n, sum(b) AS s, max(c) AS mc FROM ${a} GROUP BY a`, [
          a,
        ]),
        plain(`SELECT * FROM ${b} WHERE n > 1`, [b]),
      ];
    case 1:
      return [
        mv(a, label, 'SELECT a, count(*) AS n, max(b) AS mb FROM t1 GROUP BY a'),
        mv(b, label, `SELECT x.a, x.n, x.mb, t2.e FROM ${a} x LEFT JOIN t2 ON x.a = t2.a`, [a]),
        plain(`SELECT n, count(*) AS k FROM ${b} GROUP BY n`, [b]),
      ];
    case 2:
      return [
        mv(a, label, 'SELECT a AS v, c AS s FROM t1 UNION SELECT e, f FROM t2'),
        mv(b, label, `SELECT v, s FROM ${a} ORDER BY v NULLS FIRST, s DESC LIMIT 3`, [a]),
        plain(`SELECT s, count(*) AS n FROM ${a} GROUP BY s`, [a]),
      ];
    case 3:
      return [
        mv(a, label, 'SELECT t1.a, t1.b, t2.e FROM t1 LEFT JOIN t2 ON t1.a = t2.a'),
        mv(b, label, `SELECT count(*) AS n, count(e) AS ne, sum(b) AS sb FROM ${a}`, [a]),
        plain(`SELECT a, b FROM ${a} WHERE e IS NULL`, [a]),
      ];
    default:
      // An error in the middle view: reading it, or anything over it, fails alike.
      return [
        mv(a, label, 'SELECT a, b FROM t1 WHERE a IS NOT NULL'),
        mv(b, 'error', `SELECT a, 10 / (b - 6) AS q FROM ${a}`, [a]),
        plain(`SELECT q, count(*) AS n FROM ${b} GROUP BY q`, [b]),
      ];
  }
};
