// A seeded generator of tables, data and SELECT queries for differential testing against
// PostgreSQL. Queries stay inside what both systems define identically (no float rounding, no
// unordered LIMIT, no volatile functions) so any difference in results is a bug.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    // xorshift32
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 0x1_0000_0000;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

interface Col {
  readonly name: string;
  readonly type: 'int' | 'text' | 'numeric' | 'bool';
}

export interface Table {
  readonly name: string;
  readonly cols: readonly Col[];
  readonly primaryKey?: string;
}

export const TABLES: readonly Table[] = [
  {
    name: 't1',
    cols: [
      { name: 'a', type: 'int' },
      { name: 'b', type: 'int' },
      { name: 'c', type: 'text' },
      { name: 'd', type: 'numeric' },
    ],
  },
  {
    name: 't2',
    cols: [
      { name: 'a', type: 'int' },
      { name: 'e', type: 'int' },
      { name: 'f', type: 'text' },
      { name: 'g', type: 'bool' },
    ],
  },
  {
    name: 't3',
    cols: [
      { name: 'x', type: 'int' },
      { name: 'y', type: 'text' },
    ],
  },
  /** With a primary key: equality on k reads by key (point lookups). */
  {
    name: 't4',
    cols: [
      { name: 'k', type: 'int' },
      { name: 'w', type: 'text' },
    ],
    primaryKey: 'k',
  },
];

const WORDS = ['a', 'b', 'ab', 'abc', 'B', 'zz', '', 'x y', "O'Neil"];

function literal(rng: Rng, type: Col['type'], nullChance = 0.15): string {
  if (rng.chance(nullChance)) return 'NULL';
  switch (type) {
    case 'int':
      return String(rng.int(-3, 9));
    case 'text':
      return `'${rng.pick(WORDS).replaceAll("'", "''")}'`;
    case 'numeric':
      return `${rng.int(-20, 50)}.${rng.int(0, 99)}`;
    case 'bool':
      return rng.pick(['true', 'false']);
  }
}

export function setupStatements(rng: Rng): string[] {
  const out: string[] = [];
  for (const t of TABLES) {
    const pk = t.primaryKey === undefined ? '' : `, PRIMARY KEY (${t.primaryKey})`;
    out.push(
      `CREATE TABLE ${t.name} (${t.cols.map((c) => `${c.name} ${c.type}`).join(', ')}${pk})`,
    );
    const n = rng.int(0, 14);
    const keys = new Set<string>();
    for (let i = 0; i < n; i++) {
      const values = t.cols.map((c) =>
        c.name === t.primaryKey ? String(rng.int(-3, 12)) : literal(rng, c.type),
      );
      if (t.primaryKey !== undefined) {
        const k = values[t.cols.findIndex((c) => c.name === t.primaryKey)]!;
        if (keys.has(k)) continue;
        keys.add(k);
      }
      out.push(`INSERT INTO ${t.name} VALUES (${values.join(', ')})`);
    }
  }
  return out;
}

interface Scope {
  readonly cols: readonly { ref: string; type: Col['type'] }[];
}

function colsOf(t: Table, alias: string): Scope['cols'] {
  return t.cols.map((c) => ({ ref: `${alias}.${c.name}`, type: c.type }));
}

function intExpr(rng: Rng, s: Scope, depth: number): string {
  const ints = s.cols.filter((c) => c.type === 'int');
  if (depth <= 0 || rng.chance(0.4))
    return ints.length > 0 && rng.chance(0.8) ? rng.pick(ints).ref : String(rng.int(-2, 5));
  switch (rng.int(0, 6)) {
    case 0:
      return `(${intExpr(rng, s, depth - 1)} + ${intExpr(rng, s, depth - 1)})`;
    case 1:
      return `(${intExpr(rng, s, depth - 1)} * ${intExpr(rng, s, depth - 1)})`;
    case 2:
      return `(${intExpr(rng, s, depth - 1)} - ${intExpr(rng, s, depth - 1)})`;
    case 3:
      return `coalesce(${intExpr(rng, s, depth - 1)}, ${rng.int(0, 3)})`;
    case 4:
      return `CASE WHEN ${boolExpr(rng, s, depth - 1)} THEN ${intExpr(rng, s, depth - 1)} ELSE ${intExpr(rng, s, depth - 1)} END`;
    case 5:
      return `abs(${intExpr(rng, s, depth - 1)})`;
    default:
      return `(${intExpr(rng, s, depth - 1)} % ${rng.pick(['2', '3', '7'])})`;
  }
}

function textExpr(rng: Rng, s: Scope, depth: number): string {
  const texts = s.cols.filter((c) => c.type === 'text');
  if (depth <= 0 || rng.chance(0.5))
    return texts.length > 0 && rng.chance(0.8)
      ? rng.pick(texts).ref
      : `'${rng.pick(WORDS).replaceAll("'", "''")}'`;
  switch (rng.int(0, 4)) {
    case 0:
      return `(${textExpr(rng, s, depth - 1)} || ${textExpr(rng, s, depth - 1)})`;
    case 1:
      return `upper(${textExpr(rng, s, depth - 1)})`;
    case 2:
      return `coalesce(${textExpr(rng, s, depth - 1)}, 'n')`;
    case 3:
      return `substr(${textExpr(rng, s, depth - 1)}, 1, 2)`;
    default:
      return `lower(${textExpr(rng, s, depth - 1)})`;
  }
}

function boolExpr(rng: Rng, s: Scope, depth: number): string {
  const cmp = rng.pick(['=', '<>', '<', '<=', '>', '>=']);
  switch (rng.int(0, depth <= 0 ? 2 : 7)) {
    case 0:
      return `${intExpr(rng, s, depth - 1)} ${cmp} ${intExpr(rng, s, depth - 1)}`;
    case 1:
      return `${textExpr(rng, s, depth - 1)} ${cmp} ${textExpr(rng, s, depth - 1)}`;
    case 2:
      return `${intExpr(rng, s, 0)} IS ${rng.pick(['', 'NOT '])}NULL`;
    case 3:
      return `(${boolExpr(rng, s, depth - 1)} AND ${boolExpr(rng, s, depth - 1)})`;
    case 4:
      return `(${boolExpr(rng, s, depth - 1)} OR ${boolExpr(rng, s, depth - 1)})`;
    case 5:
      return `NOT (${boolExpr(rng, s, depth - 1)})`;
    case 6:
      return `${intExpr(rng, s, 0)} ${rng.pick(['', 'NOT '])}IN (${[rng.int(0, 4), rng.int(0, 4), rng.chance(0.3) ? 'NULL' : rng.int(0, 4)].join(', ')})`;
    default:
      return `${intExpr(rng, s, 0)} BETWEEN ${rng.int(-1, 3)} AND ${rng.int(2, 8)}`;
  }
}

function subqueryPredicate(rng: Rng, s: Scope): string {
  const t = rng.pick(TABLES);
  const inner: Scope = { cols: [...colsOf(t, 'sq'), ...s.cols] };
  const innerOnly: Scope = { cols: colsOf(t, 'sq') };
  const intCol = t.cols.find((c) => c.type === 'int')!;
  switch (rng.int(0, 4)) {
    case 0:
      return `${rng.pick(['', 'NOT '])}EXISTS (SELECT 1 FROM ${t.name} sq WHERE ${boolExpr(rng, inner, 1)})`;
    case 1:
      return `${intExpr(rng, s, 0)} ${rng.pick(['', 'NOT '])}IN (SELECT sq.${intCol.name} FROM ${t.name} sq WHERE ${boolExpr(rng, rng.chance(0.5) ? inner : innerOnly, 1)})`;
    case 2:
      return `${intExpr(rng, s, 0)} ${rng.pick(['=', '<', '>'])} ${rng.pick(['ANY', 'ALL'])} (SELECT sq.${intCol.name} FROM ${t.name} sq WHERE ${boolExpr(rng, inner, 1)})`;
    case 3:
      return `${intExpr(rng, s, 0)} > (SELECT count(*) FROM ${t.name} sq WHERE ${boolExpr(rng, inner, 1)})`;
    default:
      return `${intExpr(rng, s, 0)} = (SELECT max(sq.${intCol.name}) FROM ${t.name} sq WHERE ${boolExpr(rng, inner, 1)})`;
  }
}

interface From {
  readonly sql: string;
  readonly scope: Scope;
}

function from(rng: Rng): From {
  const t1 = rng.pick(TABLES);
  const base: From = { sql: `${t1.name} l`, scope: { cols: colsOf(t1, 'l') } };
  if (rng.chance(0.45)) {
    const t2 = rng.pick(TABLES);
    const both: Scope = { cols: [...base.scope.cols, ...colsOf(t2, 'r')] };
    const li = base.scope.cols.filter((c) => c.type === 'int');
    const ri = colsOf(t2, 'r').filter((c) => c.type === 'int');
    const on = rng.chance(0.8)
      ? `${rng.pick(li).ref} = ${rng.pick(ri).ref}`
      : boolExpr(rng, both, 1);
    const kind = rng.pick(['JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN', 'CROSS JOIN']);
    return {
      sql:
        kind === 'CROSS JOIN'
          ? `${base.sql} CROSS JOIN ${t2.name} r`
          : `${base.sql} ${kind} ${t2.name} r ON ${on}`,
      scope: both,
    };
  }
  return base;
}

export interface Query {
  readonly sql: string;
  /** True when ORDER BY fixes the full row order (compare in order). */
  readonly ordered: boolean;
}

export function query(rng: Rng): Query {
  const f = from(rng);
  const s = f.scope;
  const where = rng.chance(0.6)
    ? ` WHERE ${rng.chance(0.3) ? subqueryPredicate(rng, s) : boolExpr(rng, s, 2)}`
    : '';
  const kind = rng.int(0, 5);
  if (kind <= 1) {
    // Grouped query.
    const key = rng.chance(0.5) ? intExpr(rng, s, 1) : textExpr(rng, s, 1);
    const ints = s.cols.filter((c) => c.type === 'int');
    const arg = rng.pick(ints).ref;
    const aggs = [
      'count(*)',
      `count(${arg})`,
      `sum(${arg})`,
      `min(${arg})`,
      `max(${textExpr(rng, s, 0)})`,
      `count(DISTINCT ${arg})`,
      `avg(${arg})`,
      `bool_or(${boolExpr(rng, s, 0)})`,
      ((t: string) => `string_agg(${t}, ',' ORDER BY ${t} NULLS FIRST)`)(textExpr(rng, s, 1)),
    ];
    const chosen = [rng.pick(aggs), rng.pick(aggs)];
    const grouped = rng.chance(0.8);
    const having = grouped && rng.chance(0.3) ? ` HAVING count(*) > ${rng.int(0, 2)}` : '';
    if (!grouped)
      return { sql: `SELECT ${chosen.join(', ')} FROM ${f.sql}${where}`, ordered: false };
    return {
      sql: `SELECT ${key} AS k, ${chosen.join(', ')} FROM ${f.sql}${where} GROUP BY 1${having}`,
      ordered: false,
    };
  }
  const items = [intExpr(rng, s, 2), textExpr(rng, s, 1)];
  if (rng.chance(0.3)) items.push(boolExpr(rng, s, 1));
  if (rng.chance(0.2)) {
    const t = rng.pick(TABLES);
    const ic = t.cols.find((c) => c.type === 'int')!;
    items.push(
      `(SELECT count(*) FROM ${t.name} sq WHERE sq.${ic.name} ${rng.pick(['=', '<'])} ${intExpr(rng, s, 0)})`,
    );
  }
  if (rng.chance(0.2)) {
    items.push(
      // Ordered by every other output column: ties are rows that look the same.
      `row_number() OVER (PARTITION BY ${intExpr(rng, s, 0)} ORDER BY ${items.map((e) => `${e} NULLS FIRST`).join(', ')})`,
    );
  }
  const distinct = rng.chance(0.2) ? 'DISTINCT ' : '';
  let sql = `SELECT ${distinct}${items.map((e, i) => `${e} AS c${i}`).join(', ')} FROM ${f.sql}${where}`;
  if (kind === 2 && !items.some((i) => i.includes('OVER'))) {
    const other = query(rng);
    if (
      !other.sql.includes('GROUP BY') &&
      !other.sql.includes('count(') &&
      other.sql.split(' AS c').length === items.length + 1
    ) {
      sql = `${sql} ${rng.pick(['UNION', 'UNION ALL', 'EXCEPT', 'EXCEPT ALL', 'INTERSECT', 'INTERSECT ALL'])} ${other.sql}`;
      return { sql, ordered: false };
    }
  }
  if (kind === 3) {
    const cols = items.map(
      (_, i) => `${i + 1}${rng.chance(0.5) ? ' DESC' : ''} NULLS ${rng.pick(['FIRST', 'LAST'])}`,
    );
    const limit = rng.chance(0.5) ? ` LIMIT ${rng.int(0, 6)}` : '';
    const offset = rng.chance(0.3) ? ` OFFSET ${rng.int(0, 3)}` : '';
    return { sql: `${sql} ORDER BY ${cols.join(', ')}${limit}${offset}`, ordered: true };
  }
  return { sql, ordered: false };
}

function numExpr(rng: Rng, s: Scope, depth: number): string {
  const nums = s.cols.filter((c) => c.type === 'numeric');
  const base =
    nums.length > 0 && rng.chance(0.7) ? rng.pick(nums).ref : `${rng.int(-5, 9)}.${rng.int(0, 9)}`;
  if (depth <= 0) return base;
  switch (rng.int(0, 5)) {
    case 0:
      return `(${base} + ${intExpr(rng, s, 0)})`;
    case 1:
      return `(${base} * ${rng.int(-3, 3)}.5)`;
    case 2:
      return `round(${base}, ${rng.int(0, 2)})`;
    case 3:
      return `(${base} / ${rng.pick(['3', '7', '2.5', 'nullif(' + intExpr(rng, s, 0) + ', 0)'])})`;
    case 4:
      return `abs(${base})`;
    default:
      return `greatest(${base}, ${numExpr(rng, s, 0)})`;
  }
}

/** Queries over more of the SQL surface: CTEs, LATERAL, DISTINCT ON, windows, derived tables. */
/** `maintained`: for a materialized view (no WITH RECURSIVE, which only one-shot queries run). */
export function advancedQuery(rng: Rng, maintained = false): Query {
  const t = rng.pick(TABLES);
  const all = t.cols.map((c) => `l.${c.name}`);
  const order = all.map((c) => `${c} NULLS FIRST`).join(', ');
  const ints = t.cols.filter((c) => c.type === 'int').map((c) => `l.${c.name}`);
  switch (rng.int(0, 9)) {
    case 0: {
      const inner = query(rng);
      if (inner.sql.includes('ORDER BY')) return inner;
      return {
        sql: `WITH w AS (${inner.sql}) SELECT * FROM w WHERE w IS NOT NULL OR true`,
        ordered: false,
      };
    }
    case 1:
      return {
        sql: `SELECT DISTINCT ON (${rng.pick(all)}) ${all.join(', ')} FROM ${t.name} l ORDER BY ${rng.pick(all)}, ${order}`,
        ordered: false,
      };
    case 2: {
      const u = rng.pick(TABLES);
      const ui = u.cols.find((c) => c.type === 'int')!.name;
      return {
        sql: `SELECT ${all.join(', ')}, s.n, s.m FROM ${t.name} l, LATERAL (SELECT count(*) AS n, max(r.${ui}) AS m FROM ${u.name} r WHERE r.${ui} ${rng.pick(['=', '<', '>'])} ${rng.pick(ints)}) s`,
        ordered: false,
      };
    }
    case 3: {
      const fn = rng.pick([
        'rank()',
        'dense_rank()',
        `sum(${rng.pick(ints)})`,
        `count(*)`,
        `lag(${rng.pick(all)})`,
        `lead(${rng.pick(all)}, 1)`,
        `first_value(${rng.pick(all)})`,
        `max(${rng.pick(all)})`,
      ]);
      const frame =
        fn.startsWith('sum') || fn.startsWith('max') || fn.startsWith('count')
          ? rng.pick([
              '',
              ' ROWS BETWEEN 1 PRECEDING AND CURRENT ROW',
              ' ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING',
              ' ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING',
            ])
          : '';
      return {
        sql: `SELECT ${all.join(', ')}, ${fn} OVER (PARTITION BY ${rng.pick(all)} ORDER BY ${order}${frame}) AS w FROM ${t.name} l`,
        ordered: false,
      };
    }
    case 4:
      return {
        sql: `SELECT * FROM (SELECT ${all.join(', ')} FROM ${t.name} l ORDER BY ${order} LIMIT ${rng.int(0, 5)} OFFSET ${rng.int(0, 2)}) d WHERE ${boolExpr(rng, { cols: colsOf(t, 'd') }, 1)}`,
        ordered: false,
      };
    case 5: {
      const nums = TABLES.find((x) => x.name === 't1')!;
      const ns: Scope = { cols: colsOf(nums, 'l') };
      return {
        sql: `SELECT ${numExpr(rng, ns, 1)} AS a, ${numExpr(rng, ns, 1)} AS b, sum(l.d) OVER () AS s FROM t1 l WHERE ${boolExpr(rng, ns, 1)}`,
        ordered: false,
      };
    }
    case 6: {
      const key = rng.pick(all);
      return {
        sql: `SELECT ${key}, count(*), sum(${rng.pick(ints)}), avg(${rng.pick(ints)}), array_agg(${rng.pick(all)} ORDER BY ${order}), min(${rng.pick(all)}) FROM ${t.name} l GROUP BY ${key} HAVING ${rng.pick(['count(*) > 1', `sum(${rng.pick(ints)}) IS NOT NULL`, `max(${rng.pick(ints)}) < 5`, 'true'])}`,
        ordered: false,
      };
    }
    case 7: {
      const a = query(rng);
      if (a.sql.includes('ORDER BY') || a.sql.includes('GROUP BY') || a.sql.includes('count('))
        return a;
      const n = a.sql.split(' AS c').length - 1;
      return {
        sql: `SELECT * FROM (${a.sql}) x ORDER BY ${Array.from({ length: n }, (_, i) => `${i + 1} NULLS LAST`).join(', ')}`,
        ordered: true,
      };
    }
    case 8: {
      // WITH RECURSIVE over a table's int pairs as edges: what each start reaches (UNION ends
      // once no pair is new), or the walks of bounded length with their multiplicities.
      if (maintained) return advancedQuery(rng, true);
      const [et, src, dst] = rng.pick([
        ['t1', 'a', 'b'],
        ['t2', 'a', 'e'],
      ] as const);
      const edges = TABLES.find((x) => x.name === et)!;
      if (rng.chance(0.5))
        return {
          sql: `WITH RECURSIVE r(s, v) AS (SELECT l.${src}, l.${dst} FROM ${et} l WHERE ${boolExpr(rng, { cols: colsOf(edges, 'l') }, 1)} UNION SELECT r.s, m.${dst} FROM r JOIN ${et} m ON m.${src} = r.v) SELECT s, v FROM r`,
          ordered: false,
        };
      return {
        sql: `WITH RECURSIVE w(v, n) AS (SELECT l.${src}, 0 FROM ${et} l UNION ALL SELECT m.${dst}, w.n + 1 FROM w JOIN ${et} m ON m.${src} = w.v WHERE w.n < ${rng.int(1, 3)}) SELECT v, n, count(*) FROM w GROUP BY v, n`,
        ordered: false,
      };
    }
    default:
      return {
        sql: `SELECT ${all.join(', ')} FROM ${t.name} l WHERE ${rng.pick(['', 'NOT '])}EXISTS (SELECT 1 FROM ${t.name} r WHERE ${ints.length > 0 ? `r.${ints[0]!.slice(2)} = ${rng.pick(ints)}` : 'true'} GROUP BY r.${t.cols[0]!.name} HAVING count(*) > ${rng.int(0, 2)})`,
        ordered: false,
      };
  }
}

/** Rows of the typed table t5 (timestamps, dates, intervals, jsonb, text). */
export function typedSetup(rng: Rng): string[] {
  const out = ['CREATE TABLE t5 (id int, ts timestamptz, dt date, iv interval, j jsonb, s text)'];
  const n = rng.int(1, 10);
  for (let i = 0; i < n; i++) {
    const ts = rng.chance(0.1)
      ? 'NULL'
      : `'20${rng.int(10, 30)}-${rng.int(1, 12)}-${rng.int(1, 28)} ${rng.int(0, 23)}:${rng.int(0, 59)}:${rng.int(0, 59)}.${rng.int(0, 999)}+0${rng.int(0, 9)}'`;
    const dt = rng.chance(0.1)
      ? 'NULL'
      : `'${rng.int(1990, 2035)}-${rng.int(1, 12)}-${rng.int(1, 28)}'`;
    const iv = rng.chance(0.1)
      ? 'NULL'
      : `'${rng.int(0, 3)} mons ${rng.int(-5, 40)} days ${rng.int(0, 30)}:${rng.int(0, 59)}:0${rng.int(0, 9)}'`;
    const j = rng.pick([
      'NULL',
      `'{"a": ${rng.int(0, 5)}, "b": "x${rng.int(0, 3)}"}'`,
      `'[1, ${rng.int(0, 9)}, "z", null]'`,
      `'{"a": {"c": [${rng.int(0, 3)}, true]}}'`,
      `'${rng.int(0, 9)}.50'`,
      `'"str"'`,
    ]);
    const s = rng.pick([
      'NULL',
      "'hello world'",
      "'a,b,,c'",
      "'  padded  '",
      "'MiXeD Case'",
      "''",
      "'x_y%z'",
    ]);
    out.push(`INSERT INTO t5 VALUES (${i}, ${ts}, ${dt}, ${iv}, ${j}, ${s})`);
  }
  return out;
}

const TYPED_EXPRS = [
  "date_trunc('month', ts)",
  "date_trunc('day', ts)",
  'extract(year FROM ts)',
  'extract(dow FROM dt)',
  "date_part('doy', dt)",
  "ts + interval '1 month 2 days'",
  "ts - interval '36 hours'",
  'dt + 7',
  "dt - date '2000-01-01'",
  'ts::date',
  'dt::timestamp',
  'iv * 2',
  'iv + iv',
  'justify_interval(iv)',
  "to_char(ts, 'YYYY-MM-DD HH24:MI:SS')",
  "to_char(dt, 'Mon DD YYYY')",
  "age(dt::timestamp, timestamp '2000-01-01')",
  "j ->> 'a'",
  "j -> 'a'",
  'jsonb_typeof(j)',
  'j @> \'{"a": 1}\'',
  "j ? 'a'",
  "j #>> '{a,c,0}'",
  'length(s)',
  'upper(s)',
  "replace(s, 'l', 'L')",
  "split_part(s, ',', 2)",
  "lpad(s, 14, '*')",
  'trim(s)',
  'initcap(s)',
  "position('o' in s)",
  "s LIKE '%o%'",
  "s ILIKE 'h%'",
  "regexp_replace(s, '[aeiou]', '#', 'g')",
  'substring(s from 2 for 3)',
  "s || '!'",
  'reverse(s)',
  "coalesce(s, 'none')",
  'md5(s)',
];

/** Expressions over t5's types: compared with PostgreSQL's output text exactly. */
export function typedQuery(rng: Rng): Query {
  const picks = [rng.pick(TYPED_EXPRS), rng.pick(TYPED_EXPRS), rng.pick(TYPED_EXPRS)];
  switch (rng.int(0, 3)) {
    case 0:
      return { sql: `SELECT id, ${picks.join(', ')} FROM t5`, ordered: false };
    case 1:
      return {
        sql: `SELECT ${picks[0]} AS k, count(*), max(ts), min(dt), sum(iv) FROM t5 GROUP BY 1`,
        ordered: false,
      };
    case 2:
      return {
        sql: `SELECT jsonb_agg(j ORDER BY id), array_agg(s ORDER BY id), string_agg(s, '|' ORDER BY id) FROM t5`,
        ordered: false,
      };
    default:
      return {
        sql: `SELECT id FROM t5 WHERE ${picks[0]} IS NOT NULL AND ts > timestamptz '2015-06-01' ORDER BY ts NULLS FIRST, id`,
        ordered: true,
      };
  }
}
