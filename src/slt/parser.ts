// Parses sqllogictest text into records (see record.ts for the format). Lines are right-trimmed
// (so CRLF files work); a record ends at the first blank line; `#` lines are comments outside
// result blocks. Anything the parser does not understand is an SltParseError naming the line:
// a silently ignored record would be a silently passing test.
import {
  SltParseError,
  type ColumnType,
  type Condition,
  type QueryExpect,
  type SltRecord,
  type SortMode,
  type StatementExpect,
} from './record.js';

const SORT_MODES: ReadonlySet<string> = new Set(['nosort', 'rowsort', 'valuesort']);
const HASH_LINE = /^(\d+) values? hashing to ([0-9a-f]{32})$/;

/** Parses a whole file's text; `file` is used in error messages only. */
export function parseSlt(text: string, file = '<input>'): SltRecord[] {
  const lines = text.split('\n').map((l) => l.trimEnd());
  const records: SltRecord[] = [];
  let i = 0;
  const fail = (lineIdx: number, detail: string): never => {
    throw new SltParseError(file, lineIdx + 1, detail);
  };
  /** Collects SQL lines from `from` until a blank line or `----`; skips comment lines. */
  const readSql = (from: number): { sql: string; next: number } => {
    const body: string[] = [];
    let j = from;
    while (j < lines.length && lines[j] !== '' && lines[j] !== '----') {
      const l = lines[j] ?? '';
      if (!l.startsWith('#')) body.push(l);
      j++;
    }
    if (body.length === 0) fail(from - 1, 'missing SQL text');
    return { sql: body.join('\n'), next: j };
  };

  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line === '' || line.startsWith('#')) {
      i++;
      continue;
    }
    const conditions: Condition[] = [];
    let words = line.split(/\s+/);
    while (words[0] === 'skipif' || words[0] === 'onlyif') {
      const engine = words[1];
      if (engine === undefined) fail(i, `${words[0]} needs a database engine name`);
      conditions.push({ kind: words[0], engine: engine ?? '' });
      i++;
      words = (lines[i] ?? '').split(/\s+/);
      if ((lines[i] ?? '') === '') fail(i - 1, `${conditions[0]?.kind} not followed by a record`);
    }
    const start = i;
    const [verb, ...args] = words;
    switch (verb) {
      case 'statement': {
        const expect = parseStatementExpect(args, (d) => fail(start, d));
        const { sql, next } = readSql(start + 1);
        if (lines[next] === '----') fail(next, 'a statement record has no result section');
        records.push({ kind: 'statement', line: start + 1, conditions, sql, expect });
        i = next;
        break;
      }
      case 'query': {
        const head = parseQueryHead(args, (d) => fail(start, d));
        const { sql, next } = readSql(start + 1);
        let expect: QueryExpect;
        i = next;
        if (head.errorPattern !== undefined) {
          if (lines[next] === '----') fail(next, 'query error has no result section');
          expect = { kind: 'error', pattern: head.errorPattern || undefined };
        } else {
          const results: string[] = [];
          if (lines[next] === '----') {
            i = next + 1;
            while (i < lines.length && lines[i] !== '') results.push(lines[i++] ?? '');
          }
          const hash = results.length === 1 ? HASH_LINE.exec(results[0] ?? '') : null;
          expect =
            hash !== null
              ? { kind: 'hash', count: Number(hash[1]), hash: hash[2] ?? '' }
              : { kind: 'values', lines: results };
        }
        records.push({
          kind: 'query',
          line: start + 1,
          conditions,
          sql,
          types: head.types,
          sort: head.sort,
          label: head.label,
          expect,
        });
        break;
      }
      case 'hash-threshold': {
        const threshold = Number(args[0]);
        if (args.length !== 1 || !Number.isInteger(threshold) || threshold < 0) {
          fail(start, 'hash-threshold needs a non-negative integer');
        }
        records.push({ kind: 'hash-threshold', line: start + 1, conditions, threshold });
        i = start + 1;
        break;
      }
      case 'halt':
        records.push({ kind: 'halt', line: start + 1, conditions });
        i = start + 1;
        break;
      default:
        fail(start, `unknown record type: ${line}`);
    }
  }
  return records;
}

function parseStatementExpect(
  args: readonly string[],
  fail: (d: string) => never,
): StatementExpect {
  const [what, ...rest] = args;
  switch (what) {
    case 'ok':
      if (rest.length > 0) fail(`unexpected text after statement ok: ${rest.join(' ')}`);
      return { kind: 'ok' };
    case 'error':
      return { kind: 'error', pattern: rest.length > 0 ? rest.join(' ') : undefined };
    case 'count': {
      const count = Number(rest[0]);
      if (rest.length !== 1 || !Number.isInteger(count) || count < 0) {
        fail('statement count needs a non-negative integer');
      }
      return { kind: 'count', count };
    }
    default:
      return fail(`statement must be followed by ok, error or count, not ${what ?? 'nothing'}`);
  }
}

interface QueryHead {
  readonly types: ColumnType[];
  readonly sort: SortMode;
  readonly label: string | undefined;
  /** Set (possibly '') for `query error [regex]`. */
  readonly errorPattern: string | undefined;
}

function parseQueryHead(args: readonly string[], fail: (d: string) => never): QueryHead {
  const [typeString, ...rest] = args;
  if (typeString === 'error') {
    return { types: [], sort: 'nosort', label: undefined, errorPattern: rest.join(' ') };
  }
  if (typeString === undefined || !/^[IRT]+$/.test(typeString)) {
    return fail(`query needs a type string of I, R and T letters, not ${typeString ?? 'nothing'}`);
  }
  let sort: SortMode = 'nosort';
  let label: string | undefined;
  for (const [k, word] of rest.entries()) {
    if (k === 0 && SORT_MODES.has(word)) sort = word as SortMode;
    else if (label === undefined) label = word;
    else fail(`unexpected text in query line: ${word}`);
  }
  return { types: [...typeString] as ColumnType[], sort, label, errorPattern: undefined };
}
