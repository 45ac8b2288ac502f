// Pattern matching: LIKE/ILIKE operators (~~ ~~* !~~ !~~*) with like_escape for ESCAPE clauses,
// similar_to_escape for SIMILAR TO (the binder rewrites it to ~), the POSIX regex operators
// (~ ~* !~ !~*) and the regexp_* functions and regex substring().
import { PgArray, type Datum } from '../../repr/datum.js';
import { arrayOf, T } from '../../repr/types.js';
import { invalidParameterValue } from '../../errors/index.js';
import type { ScalarFunc, TableFunc } from '../signature.js';
import type { FunctionModule } from '../registry.js';
import { fn, RET } from './core-util.js';
import {
  CI_FLAGS,
  NO_FLAGS,
  compileRegex,
  likeEscape,
  likeRegex,
  parseRegexFlags,
  similarToEscape,
} from './core-regex.js';

const s = (d: Datum | undefined): string => d as string;
const TEXT_ARRAY = arrayOf(T.text);

function likeOps(l: 'text' | 'bpchar' | 'name'): ScalarFunc[] {
  const m = (a: Datum | undefined, p: Datum | undefined, ci: boolean): boolean =>
    likeRegex(s(p), ci).test(s(a));
  return [
    fn('~~', [l, 'text'], RET.bool, ([a, p]) => m(a, p, false)),
    fn('!~~', [l, 'text'], RET.bool, ([a, p]) => !m(a, p, false)),
    fn('~~*', [l, 'text'], RET.bool, ([a, p]) => m(a, p, true)),
    fn('!~~*', [l, 'text'], RET.bool, ([a, p]) => !m(a, p, true)),
  ];
}

function bytesLike(a: Uint8Array, p: Uint8Array): boolean {
  // Match byte strings by mapping each byte to one latin1 character.
  return likeRegex(Buffer.from(p).toString('latin1'), false).test(
    Buffer.from(a).toString('latin1'),
  );
}

function regexOps(l: 'text' | 'bpchar' | 'name'): ScalarFunc[] {
  const m = (a: Datum | undefined, p: Datum | undefined, ci: boolean): boolean =>
    compileRegex(s(p), ci ? CI_FLAGS : NO_FLAGS).test(s(a));
  return [
    fn('~', [l, 'text'], RET.bool, ([a, p]) => m(a, p, false)),
    fn('!~', [l, 'text'], RET.bool, ([a, p]) => !m(a, p, false)),
    fn('~*', [l, 'text'], RET.bool, ([a, p]) => m(a, p, true)),
    fn('!~*', [l, 'text'], RET.bool, ([a, p]) => !m(a, p, true)),
  ];
}

function flagsOf(d: Datum | undefined): ReturnType<typeof parseRegexFlags> {
  return d === undefined ? NO_FLAGS : parseRegexFlags(s(d));
}

/** The groups of a match as regexp_match reports them (whole match if no groups). */
function matchArray(m: RegExpExecArray): PgArray {
  if (m.length === 1) return PgArray.of([m[0]]);
  return PgArray.of(m.slice(1).map((g) => (g === undefined ? null : g)));
}

function regexpMatch(str: string, pat: string, flags: string | undefined): Datum {
  const f = flagsOf(flags);
  if (f.global) {
    throw invalidParameterValue('regexp_match() does not support the "global" option', {
      hint: 'Use the regexp_matches function instead.',
    });
  }
  const m = compileRegex(pat, f).exec(str);
  return m === null ? null : matchArray(m);
}

/** PostgreSQL replacement text: \1..\9 groups, \& whole match, \\ backslash. */
function expandReplacement(repl: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i]!;
    if (c !== '\\' || i + 1 >= repl.length) {
      out += c;
      continue;
    }
    const d = repl[i + 1]!;
    if (d >= '1' && d <= '9') {
      out += m[Number(d)] ?? '';
      i++;
    } else if (d === '&') {
      out += m[0];
      i++;
    } else if (d === '\\') {
      out += '\\';
      i++;
    } else out += c;
  }
  return out;
}

function regexpReplace(str: string, pat: string, repl: string, flags: string | undefined): string {
  const f = flagsOf(flags);
  const re = compileRegex(pat, f, true);
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  for (;;) {
    const m = re.exec(str);
    if (m === null) break;
    out += str.slice(last, m.index) + expandReplacement(repl, m);
    last = m.index + m[0].length;
    if (!f.global) break;
    if (m[0].length === 0) {
      if (re.lastIndex >= str.length) break;
      re.lastIndex += (str.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
    }
  }
  return out + str.slice(last);
}

function* allMatches(
  str: string,
  pat: string,
  flags: string | undefined,
): Generator<RegExpExecArray> {
  const re = compileRegex(pat, flagsOf(flags), true);
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(str);
    if (m === null) return;
    yield m;
    if (m[0].length === 0) {
      if (re.lastIndex >= str.length) return;
      re.lastIndex += (str.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
    }
  }
}

/**
 * regexp_split_to_array / regexp_split_to_table (`fn`, for the error): zero-length matches at the
 * ends or right after a match don't split.
 */
function regexpSplit(
  str: string,
  pat: string,
  flags: string | undefined,
  fn = 'regexp_split_to_array',
): string[] {
  const f = flagsOf(flags);
  if (f.global) {
    throw invalidParameterValue(`${fn}() does not support the "global" option`);
  }
  const parts: string[] = [];
  let start = 0;
  for (const m of allMatches(str, pat, flags)) {
    const end = m.index + m[0].length;
    if (m.index < str.length && end > start) {
      parts.push(str.slice(start, m.index));
      start = end;
    }
  }
  parts.push(str.slice(start));
  return parts;
}

function regexSubstring(str: string, pat: string): Datum {
  const m = compileRegex(pat, NO_FLAGS).exec(str);
  if (m === null) return null;
  return m.length > 1 ? (m[1] ?? null) : m[0];
}

const regexpMatches: TableFunc = {
  name: 'regexp_matches',
  args: ['text', 'text', 'text'],
  ret: TEXT_ARRAY,
  columns: () => [{ name: 'regexp_matches', type: TEXT_ARRAY }],
  scalarResult: true,
  strict: true,
  impl: function* ([str, pat, flags]) {
    const f = flagsOf(flags);
    if (!f.global) {
      const m = compileRegex(s(pat), f).exec(s(str));
      if (m !== null) yield [matchArray(m)];
      return;
    }
    for (const m of allMatches(s(str), s(pat), s(flags))) yield [matchArray(m)];
  },
};

const regexpSplitToTable: TableFunc = {
  name: 'regexp_split_to_table',
  args: ['text', 'text', 'text'],
  ret: RET.text,
  columns: () => [{ name: 'regexp_split_to_table', type: T.text }],
  scalarResult: true,
  strict: true,
  impl: function* ([str, pat, flags]) {
    const f = flags === undefined ? undefined : s(flags);
    const parts = regexpSplit(s(str), s(pat), f, 'regexp_split_to_table');
    for (const part of parts) yield [part];
  },
};

export const module: FunctionModule = {
  operators: [
    ...likeOps('text'),
    ...likeOps('bpchar'),
    ...likeOps('name'),
    fn('~~', ['bytea', 'bytea'], RET.bool, ([a, p]) => bytesLike(a as Uint8Array, p as Uint8Array)),
    fn(
      '!~~',
      ['bytea', 'bytea'],
      RET.bool,
      ([a, p]) => !bytesLike(a as Uint8Array, p as Uint8Array),
    ),
    ...regexOps('text'),
    ...regexOps('bpchar'),
    ...regexOps('name'),
  ],
  scalars: [
    fn('like_escape', ['text', 'text'], RET.text, ([p, e]) => likeEscape(s(p), s(e))),
    fn('similar_to_escape', ['text'], RET.text, ([p]) => similarToEscape(s(p), null)),
    fn('similar_to_escape', ['text', 'text'], RET.text, ([p, e]) => similarToEscape(s(p), s(e))),
    fn('like', ['text', 'text'], RET.bool, ([a, p]) => likeRegex(s(p), false).test(s(a))),
    fn('ilike', ['text', 'text'], RET.bool, ([a, p]) => likeRegex(s(p), true).test(s(a))),
    fn('regexp_match', ['text', 'text'], TEXT_ARRAY, ([a, p]) =>
      regexpMatch(s(a), s(p), undefined),
    ),
    fn('regexp_match', ['text', 'text', 'text'], TEXT_ARRAY, ([a, p, f]) =>
      regexpMatch(s(a), s(p), s(f)),
    ),
    fn('regexp_like', ['text', 'text'], RET.bool, ([a, p]) =>
      compileRegex(s(p), NO_FLAGS).test(s(a)),
    ),
    fn('regexp_like', ['text', 'text', 'text'], RET.bool, ([a, p, f]) =>
      compileRegex(s(p), flagsOf(f)).test(s(a)),
    ),
    fn(
      'regexp_count',
      ['text', 'text'],
      RET.int4,
      ([a, p]) => [...allMatches(s(a), s(p), undefined)].length,
    ),
    fn('regexp_replace', ['text', 'text', 'text'], RET.text, ([a, p, r]) =>
      regexpReplace(s(a), s(p), s(r), undefined),
    ),
    fn('regexp_replace', ['text', 'text', 'text', 'text'], RET.text, ([a, p, r, f]) =>
      regexpReplace(s(a), s(p), s(r), s(f)),
    ),
    fn('regexp_split_to_array', ['text', 'text'], TEXT_ARRAY, ([a, p]) =>
      PgArray.of(regexpSplit(s(a), s(p), undefined)),
    ),
    fn('regexp_split_to_array', ['text', 'text', 'text'], TEXT_ARRAY, ([a, p, f]) =>
      PgArray.of(regexpSplit(s(a), s(p), s(f))),
    ),
    fn('substring', ['text', 'text'], RET.text, ([a, p]) => regexSubstring(s(a), s(p))),
    fn('substring', ['text', 'text', 'text'], RET.text, ([a, p, e]) =>
      regexSubstring(s(a), similarToEscape(s(p), s(e))),
    ),
  ],
  tables: [
    regexpMatches,
    { ...regexpMatches, args: ['text', 'text'] },
    regexpSplitToTable,
    { ...regexpSplitToTable, args: ['text', 'text'] },
  ],
};
