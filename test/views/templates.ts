// The views of a case of the materialized-view differential test: templates with seeded choices
// over one table here (filters and maps, DISTINCT, grouped and global aggregates, HAVING, top-k,
// DISTINCT ON, windows, table functions, rows that raise errors), the templates over several
// tables in templates-multi.ts, and random queries from the one-shot oracle's generator. Every
// template keeps its result a well-defined multiset: ORDER BY ... LIMIT, DISTINCT ON, row_number()
// and ordered aggregates or frames order by every column that can show (and window functions read
// only those), so ties are rows that look the same.
import { Rng, advancedQuery, query } from '../oracle/generator.js';
import { chain, constants, cte, join, joinAgg, setOp, subquery } from './templates-multi.js';
import { CMP, k, mv, some, type Template, type ViewDef } from './view-def.js';

const mapFilter: Template = (rng, name) => [
  rng.chance(0.5)
    ? mv(
        name(),
        'map-filter',
        `SELECT a, b, b * 2 + 1 AS b2, upper(c) AS uc, coalesce(c, 'none') AS cc, d + 1 AS d1, b IS NULL AS bn FROM t1 WHERE b ${rng.pick(CMP)} ${k(rng)} OR c IS NULL`,
      )
    : mv(
        name(),
        'map-filter',
        `SELECT a, e, f || '!' AS f2, NOT g AS ng, CASE WHEN e > ${k(rng)} THEN 'hi' WHEN e IS NULL THEN NULL ELSE 'lo' END AS band FROM t2 WHERE g IS NOT FALSE`,
      ),
];

const distinct: Template = (rng, name) => [
  mv(
    name(),
    'distinct',
    rng.pick([
      'SELECT DISTINCT a, c FROM t1',
      `SELECT DISTINCT b % 3 AS m, c IS NULL AS cn FROM t1 WHERE a ${rng.pick(CMP)} ${k(rng)}`,
      'SELECT DISTINCT t2.f, t3.x FROM t2 JOIN t3 ON t2.e = t3.x',
      'SELECT DISTINCT g, e FROM t2',
    ]),
  ),
];

const T1_AGGS = [
  'count(*) AS n',
  'count(b) AS nb',
  'sum(b) AS sb',
  'avg(b) AS ab',
  'min(b) AS mnb',
  'max(b) AS mxb',
  'min(c) AS mnc',
  'max(c) AS mxc',
  'sum(d) AS sd',
  'max(d) AS mxd',
  'avg(d) AS ad',
  'count(DISTINCT b) AS ndb',
  'count(DISTINCT c) AS ndc',
  "string_agg(c, ',' ORDER BY c) AS sc",
  'array_agg(b ORDER BY b NULLS FIRST) AS ab2',
  'array_agg(c ORDER BY c DESC) AS ac',
  'bool_and(b > 2) AS ba',
  "bool_or(c = 'a') AS bo",
  'count(*) FILTER (WHERE b > 2) AS nf',
  'sum(b) FILTER (WHERE c IS NOT NULL) AS sf',
  "string_agg(DISTINCT c, ',' ORDER BY c) AS sdc",
  'array_agg(DISTINCT b ORDER BY b) AS adb',
];

const T2_AGGS = [
  'count(*) AS n',
  'bool_and(g) AS ba',
  'bool_or(g) AS bo',
  "string_agg(f, '|' ORDER BY f DESC) AS sf",
  'array_agg(e ORDER BY e DESC NULLS LAST) AS ae',
  'sum(e) AS se',
  'min(e) AS mne',
  'max(f) AS mxf',
  'count(DISTINCT f) AS ndf',
];

const grouped: Template = (rng, name) => {
  if (rng.chance(0.3)) {
    const key = rng.pick(['a', 'g', 'e % 2']);
    return [
      mv(
        name(),
        'group-by',
        `SELECT ${key} AS g0, ${some(rng, T2_AGGS, 5).join(', ')} FROM t2 GROUP BY ${key}`,
      ),
    ];
  }
  if (rng.chance(0.2)) {
    // One aggregate only: a change of its value's form alone (1.50 for 1.5) must show too.
    const key = rng.pick(['a', 'c', 'b']);
    const agg = rng.pick(['avg(d)', 'avg(b)', 'sum(d)', 'max(d)', 'min(d)']);
    return [mv(name(), 'group-by', `SELECT ${key} AS g0, ${agg} AS v FROM t1 GROUP BY ${key}`)];
  }
  const keys = rng.pick([['a'], ['c'], ['b % 2'], ['a', 'c']]);
  const where = rng.chance(0.3) ? ` WHERE b IS DISTINCT FROM ${k(rng)}` : '';
  return [
    mv(
      name(),
      'group-by',
      `SELECT ${keys.map((x, i) => `${x} AS g${i}`).join(', ')}, ${some(rng, T1_AGGS, 7).join(', ')} FROM t1${where} GROUP BY ${keys.join(', ')}`,
    ),
  ];
};

const globalAgg: Template = (rng, name) => [
  rng.chance(0.75)
    ? mv(
        name(),
        'global-agg',
        `SELECT ${some(rng, [...T1_AGGS, 'array_agg(a ORDER BY a) AS aa'], 6).join(', ')} FROM t1${rng.chance(0.4) ? ` WHERE a ${rng.pick(CMP)} ${k(rng)}` : ''}`,
      )
    : mv(
        name(),
        'global-agg',
        "SELECT count(*) AS n, max(k) AS mk, min(w) AS mw, string_agg(w, ',' ORDER BY w) AS sw FROM t4",
      ),
];

const having: Template = (rng, name) => {
  if (rng.chance(0.25))
    return [
      mv(
        name(),
        'having',
        `SELECT count(*) AS n, sum(b) AS s FROM t1 HAVING count(*) > ${rng.int(1, 4)}`,
      ),
    ];
  const cond = rng.pick([
    'count(*) > 1',
    `sum(b) > ${k(rng)}`,
    "min(c) < 'b'",
    `count(*) > 1 OR max(b) = ${k(rng)}`,
    'bool_or(b IS NULL)',
  ]);
  const key = rng.pick(['a', 'c']);
  return [
    mv(
      name(),
      'having',
      `SELECT ${key} AS g, count(*) AS n, sum(b) AS s, max(d) AS md FROM t1 GROUP BY ${key} HAVING ${cond}`,
    ),
  ];
};

const topK: Template = (rng, name) => {
  const n = rng.int(1, 4);
  const offset = rng.chance(0.3) ? ` OFFSET ${rng.int(1, 2)}` : '';
  const dir = (): string => rng.pick(['', ' DESC']);
  const nulls = (): string => rng.pick([' NULLS FIRST', ' NULLS LAST']);
  const [label, sql] = rng.pick<[string, string]>([
    [
      'top-k',
      `SELECT a, b, c FROM t1 ORDER BY b${dir()}${nulls()}, a${nulls()}, c${dir()} LIMIT ${n}${offset}`,
    ],
    [
      'top-k',
      `SELECT a, count(*) AS n FROM t1 GROUP BY a ORDER BY n DESC, a NULLS FIRST LIMIT ${n}`,
    ],
    ['top-k', `SELECT k, w FROM t4 ORDER BY w${nulls()}, k DESC LIMIT ${n}${offset}`],
    // (Ties make the result a well-defined multiset whatever the ORDER BY; not with an OFFSET,
    // which skips some of the rows that tie.)
    [
      'top-k with ties',
      `SELECT a, b FROM t1 ORDER BY b${dir()}${nulls()} FETCH FIRST ${n} ROWS WITH TIES`,
    ],
    [
      'top-k with ties',
      `SELECT g.a, l.b FROM (SELECT DISTINCT a FROM t1) g, LATERAL (SELECT b FROM t1 WHERE t1.a = g.a ORDER BY b${nulls()} FETCH FIRST ${n} ROWS WITH TIES) l`,
    ],
    [
      'top-k per group',
      `SELECT * FROM (SELECT a, b, c, row_number() OVER (PARTITION BY a ORDER BY b DESC NULLS LAST, c) AS rn FROM t1) s WHERE rn <= ${rng.int(1, 2)}`,
    ],
    [
      'top-k per group',
      `SELECT g.a, l.b, l.c FROM (SELECT DISTINCT a FROM t1) g, LATERAL (SELECT b, c FROM t1 WHERE t1.a = g.a ORDER BY b NULLS LAST, c LIMIT ${n}) l`,
    ],
    ['distinct-on', `SELECT DISTINCT ON (a) a, b, c FROM t1 ORDER BY a, b${dir()}${nulls()}, c`],
    [
      'distinct-on',
      `SELECT DISTINCT ON (e % 2) e % 2 AS p, f, e FROM t2 ORDER BY e % 2, f${nulls()}, e${dir()}`,
    ],
  ]);
  return [mv(name(), label, sql)];
};

const window: Template = (rng, name) => {
  if (rng.chance(0.15))
    return [
      mv(
        name(),
        'window',
        'SELECT a, count(*) AS n, rank() OVER (ORDER BY count(*) DESC) AS r FROM t1 GROUP BY a',
      ),
    ];
  if (rng.chance(0.35))
    return [
      mv(
        name(),
        'window',
        `SELECT e, f, ${some(rng, ['rank() OVER (ORDER BY e DESC NULLS LAST) AS rk', 'sum(e) OVER (PARTITION BY f) AS tot', 'count(*) OVER (PARTITION BY g ORDER BY e) AS cnt', 'dense_rank() OVER (PARTITION BY g ORDER BY f) AS dr'], 3).join(', ')} FROM t2`,
      ),
    ];
  // Functions of peers (the same for rows that tie on the ORDER BY) ...
  const fns = some(
    rng,
    [
      'rank() OVER (PARTITION BY a ORDER BY b) AS rk',
      'dense_rank() OVER (PARTITION BY a ORDER BY b DESC) AS dr',
      'sum(b) OVER (PARTITION BY a ORDER BY b) AS rs',
      'max(c) OVER (PARTITION BY a) AS mc',
      'first_value(c) OVER (PARTITION BY a ORDER BY b DESC, c) AS fv',
      'sum(d) OVER (PARTITION BY a ORDER BY b RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS rg',
      'count(c) OVER (PARTITION BY a ORDER BY b DESC RANGE BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE GROUP) AS rx',
      'max(b) OVER (PARTITION BY a ORDER BY d NULLS FIRST RANGE BETWEEN 1.5 PRECEDING AND 0.5 FOLLOWING) AS rd',
    ],
    2,
  );
  // ... and at most one of position (rows tying on (a, b, c) look the same, but which of them
  // gets which position is up to the system, so two such functions could pair up differently).
  if (rng.chance(0.7))
    fns.push(
      rng.pick([
        'row_number() OVER (PARTITION BY a ORDER BY b, c) AS rn',
        'lag(b) OVER (PARTITION BY a ORDER BY b, c) AS lg',
        'lead(c, 1) OVER (PARTITION BY a ORDER BY b, c) AS ld',
        'sum(b) OVER (PARTITION BY a ORDER BY b, c ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s2',
        'count(*) OVER (PARTITION BY a ORDER BY b, c ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS c2',
      ]),
    );
  const where = rng.chance(0.3) ? ` WHERE c IS NOT NULL` : '';
  return [mv(name(), 'window', `SELECT a, b, c, ${fns.join(', ')} FROM t1${where}`)];
};

const errors: Template = (rng, name) => [
  mv(
    name(),
    'error',
    rng.pick([
      'SELECT a, b, 10 / (b - 6) AS q FROM t1',
      'SELECT a, sum(100 / (b - 6)) AS s, count(*) AS n FROM t1 GROUP BY a',
      'SELECT a, c FROM t1 WHERE 10 / (b - 6) <= -2',
      'SELECT t1.a, t2.e, 60 / (t2.e - 6) AS q FROM t1 JOIN t2 ON t1.a = t2.a',
      'SELECT a, b * 400000000 AS big FROM t1',
      'SELECT a, d / (a - 6) AS r FROM t1',
      'SELECT 10 / (b - 6) AS g, count(*) AS n FROM t1 GROUP BY 1',
      'SELECT a, (SELECT e FROM t2 WHERE t2.a = t1.a AND t2.e >= 5) AS e5 FROM t1',
    ]),
  ),
];

const tableFunction: Template = (rng, name) => [
  mv(
    name(),
    'table function',
    rng.pick([
      'SELECT a, b, g FROM t1, generate_series(1, b) AS g',
      'SELECT a, u FROM t1, unnest(ARRAY[b, b + 1]) AS u',
      'SELECT k, x FROM t4, unnest(ARRAY[w, upper(w), w]) AS x',
    ]),
  ),
];

const generated: Template = (rng, name) => {
  const advanced = rng.chance(0.4);
  const q = advanced ? advancedQuery(rng, true) : query(rng);
  return [mv(name(), advanced ? 'generated (advanced)' : 'generated', q.sql)];
};

const TEMPLATES: readonly Template[] = [
  mapFilter,
  setOp,
  distinct,
  grouped,
  grouped,
  globalAgg,
  having,
  join,
  join,
  joinAgg,
  subquery,
  subquery,
  cte,
  topK,
  topK,
  window,
  chain,
  chain,
  errors,
  errors,
  constants,
  tableFunction,
];

/**
 * The views of one case: `templated` picks from the templates, then `generated` random ones;
 * about one family in four (never the first) is created after some of the `batches`, not before
 * the first.
 */
export function makeViews(
  rng: Rng,
  templated: number,
  generatedCount: number,
  batches: number,
): ViewDef[] {
  let n = 0;
  const name = (): string => `v${n++}`;
  const out: ViewDef[] = [];
  const families = [
    ...Array.from({ length: templated }, () => rng.pick(TEMPLATES)),
    ...Array.from({ length: generatedCount }, () => generated),
  ];
  for (const [i, family] of families.entries()) {
    const later = i > 0 && batches > 1 && rng.chance(0.25);
    const createdAt = later ? rng.int(1, batches - 1) : 0;
    out.push(...family(rng, name).map((v) => ({ ...v, createdAt })));
  }
  return out;
}
