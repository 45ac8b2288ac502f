// The INSERT ... VALUES fast path of the parser (src/sql/fast-insert.ts) against libpg-query:
// on random INSERTs of literals it must take the fast path and give exactly libpg-query's
// statement (syntax tree with byte locations, text, offset); on anything else, including
// random corruptions of those INSERTs, it must decline (null) or still agree.
import { beforeAll, describe, expect, it } from 'vitest';
import { fastInsert } from '../../src/sql/fast-insert.js';
import { initParser, parsePg, parseStatements } from '../../src/sql/parser.js';
import { prng } from '../dataflow/helpers.js';

beforeAll(async () => {
  await initParser();
});

type Rng = ReturnType<typeof prng>;

const SPACES = [' ', ' ', '  ', '\n', '\t', '\r\n  '];
const space = (r: Rng): string => r.pick(SPACES);
const maybeSpace = (r: Rng): string => (r.int(2) === 0 ? '' : space(r));
const cased = (r: Rng, word: string): string =>
  [...word].map((c) => (r.int(2) === 0 ? c.toUpperCase() : c)).join('');

const TABLES = ['t', 'events', '"Ev"', 'public.t', 'public . "Mixed Case"', 'db.public.t', '_x$1'];
const COLUMNS = ['k', 'v', '"Values"', 'values', 'name', 'time', '"a b"', 'c_1'];
const NUMBERS = [
  '0',
  '1',
  '7',
  '007',
  '42',
  '2147483647',
  '2147483648',
  '4294967296',
  '00000000002147483647',
  '99999999999999999999',
  '1.5',
  '.5',
  '5.',
  '1e5',
  '1E+5',
  '1.e-3',
  '0.0',
  '123.456e10',
  '0e0',
];
const STRING_CHARS = [
  'a',
  'Z',
  ' ',
  "'",
  '\\',
  'é',
  '😀',
  '\n',
  ',',
  ')',
  '(',
  ';',
  '"',
  '-',
  '/',
  '*',
  '$',
  'ß',
  '中',
];

function literal(r: Rng): string {
  switch (r.int(6)) {
    case 0:
    case 1:
      return r.pick(NUMBERS);
    case 2:
      return `${r.pick(['-', '- ', '-\n', '-  '])}${r.pick(NUMBERS)}`;
    case 3: {
      let s = '';
      for (let k = r.int(6); k > 0; k--) {
        const c = r.pick(STRING_CHARS);
        s += c === "'" ? "''" : c;
      }
      return `'${s}'`;
    }
    case 4:
      return cased(r, 'null');
    default:
      return cased(r, r.pick(['true', 'false']));
  }
}

function insert(r: Rng): string {
  let sql = `${maybeSpace(r)}${cased(r, 'insert')}${space(r)}${cased(r, 'into')}${space(r)}${r.pick(TABLES)}`;
  if (r.int(2) === 0) {
    const cols = Array.from({ length: 1 + r.int(3) }, () => r.pick(COLUMNS));
    sql += `${maybeSpace(r)}(${cols.map((c) => `${maybeSpace(r)}${c}${maybeSpace(r)}`).join(',')})`;
  }
  sql += `${space(r)}${cased(r, 'values')}${maybeSpace(r)}`;
  const width = 1 + r.int(4);
  const rows = Array.from({ length: 1 + r.int(5) }, () => {
    const vals = Array.from(
      { length: width },
      () => `${maybeSpace(r)}${literal(r)}${maybeSpace(r)}`,
    );
    return `(${vals.join(',')})`;
  });
  return sql + rows.join(`${maybeSpace(r)},${maybeSpace(r)}`);
}

/** One to three INSERTs, separated by semicolons. */
function inserts(r: Rng): string {
  const n = r.int(4) === 0 ? 2 + r.int(2) : 1;
  const stmts = Array.from({ length: n }, () => insert(r));
  return stmts.join(r.pick([';', '; ', ' ;\n'])) + r.pick(['', ';', ' ; ', ';\n', '  ']);
}

/** libpg-query's answer, or the error it throws. */
function reference(sql: string): ReturnType<typeof parsePg> | Error {
  try {
    return parsePg(sql);
  } catch (e) {
    return e as Error;
  }
}

describe('INSERT ... VALUES fast path', () => {
  it('gives libpg-query statement exactly on random INSERTs of literals', () => {
    const r = prng(20261202);
    for (let n = 0; n < 3000; n++) {
      const sql = inserts(r);
      const fast = fastInsert(sql);
      const ref = reference(sql);
      expect(fast, sql).not.toBeNull();
      expect(ref instanceof Error ? ref.message : ref, sql).toEqual(fast);
    }
  });

  it('declines or agrees on random corruptions of them', () => {
    const r = prng(7);
    const junk = [
      '-',
      '--',
      '/*',
      '::int',
      "'",
      '"',
      '(',
      ')',
      ',',
      ';',
      'x',
      'E',
      '0x',
      '_',
      '.',
      '$1',
      '+',
      ' ',
      '\n',
      '1',
    ];
    let declined = 0;
    for (let n = 0; n < 3000; n++) {
      const base = inserts(r);
      const at = r.int(base.length + 1);
      const sql = base.slice(0, at) + r.pick(junk) + base.slice(at);
      const fast = fastInsert(sql);
      if (fast === null) {
        declined++;
        continue;
      }
      const ref = reference(sql);
      expect(ref instanceof Error ? `libpg-query: ${ref.message}` : ref, sql).toEqual(fast);
    }
    // The corruptions must have exercised both outcomes.
    expect(declined).toBeGreaterThan(300);
    expect(declined).toBeLessThan(2900);
  });

  it('leaves everything but literals, and anything unusual, to libpg-query', () => {
    for (const sql of [
      'INSERT INTO t VALUES (1 - 2)',
      'INSERT INTO t VALUES (1) -- comment',
      'INSERT INTO t VALUES (/* c */ 1)',
      "INSERT INTO t VALUES (E'a\\nb')",
      "INSERT INTO t VALUES ('1'::int)",
      'INSERT INTO t VALUES (DEFAULT)',
      'INSERT INTO t VALUES (1) RETURNING *',
      'INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING',
      'INSERT INTO t VALUES (1); SELECT 1',
      'INSERT INTO t VALUES (1);; INSERT INTO t VALUES (2)',
      "INSERT INTO t VALUES ('a'\n'b')",
      'INSERT INTO t VALUES (0x1F), (1_000), (0o7)',
      'INSERT INTO t VALUES (+1)',
      'INSERT INTO t VALUES ($1)',
      'INSERT INTO t VALUES ((1))',
      'INSERT INTO t VALUES (now())',
      'INSERT INTO t SELECT 1',
      'WITH x AS (SELECT 1) INSERT INTO t VALUES (1)',
      'INSERT INTO t VALUES (1',
      "INSERT INTO t VALUES ('abc)",
      "INSERT INTO t VALUES (U&'d\\0061t')",
      'INSERT INTO t OVERRIDING SYSTEM VALUE VALUES (1)',
      'INSERT INTO t AS x VALUES (1)',
    ]) {
      expect(fastInsert(sql), sql).toBeNull();
    }
  });

  it('checks table and column names with PostgreSQL grammar', () => {
    // Reserved words cannot name a table or column; col_name keywords (values) can.
    expect(fastInsert('INSERT INTO select VALUES (1)')).toBeNull();
    expect(fastInsert('INSERT INTO t (from) VALUES (1)')).toBeNull();
    expect(() => parseStatements('INSERT INTO select VALUES (1)')).toThrow(/syntax error/);
    const ok = fastInsert('INSERT INTO t (values) VALUES (1)');
    expect(ok).toEqual(parsePg('INSERT INTO t (values) VALUES (1)'));
  });

  it('is what parseStatements returns for bulk INSERTs', () => {
    const rows = Array.from({ length: 1000 }, (_, k) => `(${k}, 'v${k}', ${k / 4})`).join(', ');
    const sql = `INSERT INTO events (k, name, v) VALUES ${rows};\nINSERT INTO t VALUES ('é', 1)`;
    expect(fastInsert(sql)).toHaveLength(2);
    expect(parseStatements(sql)).toEqual(parsePg(sql));
  });
});
