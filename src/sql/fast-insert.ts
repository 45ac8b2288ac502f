// A fast path of the parser for the statement bulk loaders send most: one
//   INSERT INTO <table> [(<columns>)] VALUES (<literal>, ...), ... [;]
// whose values are only numbers (optionally negated), '...' strings, NULL, TRUE and FALSE.
// libpg-query spends most of a 1,000-row INSERT's parse building and decoding the JSON of its
// syntax tree; here the values are scanned in JS into the same A_Const nodes it would give
// (byte offsets as locations, as libpg-query's). Everything up to VALUES ("the head") is parsed
// by libpg-query once per distinct head text and its nodes reused, so table and column names
// follow PostgreSQL's grammar exactly (keywords, quoting, qualification). Anything else — a
// comment, an expression, a cast, E'' or $$ strings, DEFAULT, RETURNING, ON CONFLICT, a second
// statement — returns null and the statement goes to libpg-query whole.
// test/sql/fast-insert.test.ts checks that the result equals libpg-query's on random statements.
import { parseSync } from 'libpg-query';
import type { Node } from './ast.js';
import type { ParsedStatement } from './parser.js';

/** The parts of the InsertStmt that a head determines (as libpg-query gives them). */
type Head = Readonly<Record<string, unknown>> | null;

const HEADS_KEPT = 512;
const heads = new Map<string, Head>();

const INT4_MAX = 2147483647;

const enum C {
  Tab = 9,
  Nl = 10,
  Cr = 13,
  Space = 32,
  Quote = 39,
  DQuote = 34,
  LParen = 40,
  RParen = 41,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  Semi = 59,
}

const isSpace = (c: number): boolean => c === C.Space || c === C.Nl || c === C.Tab || c === C.Cr;
const isDigit = (c: number): boolean => c >= C.Zero && c <= C.Nine;
/** A character that may continue an identifier (or would make a number "trailing junk"). */
const isIdentChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95 || c === 36 || c >= 128;
const isIdentStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;

/**
 * Scans `sql`: one or more such INSERTs separated by semicolons; null when it is anything else
 * (libpg-query then parses it).
 */
export function fastInsert(sql: string): ParsedStatement[] | null {
  const n = sql.length;
  let i = 0;
  // Byte offset = character offset + `extra` (UTF-8 bytes beyond one per UTF-16 unit so far).
  let extra = 0;
  const skip = (): void => {
    while (i < n && isSpace(sql.charCodeAt(i))) i++;
  };
  /** The keyword `word` (lower case) at i, followed by a non-identifier character. */
  const keyword = (word: string): boolean => {
    if (i + word.length > n) return false;
    for (let k = 0; k < word.length; k++)
      if ((sql.charCodeAt(i + k) | 32) !== word.charCodeAt(k)) return false;
    if (i + word.length < n && isIdentChar(sql.charCodeAt(i + word.length))) return false;
    i += word.length;
    return true;
  };
  /** An unquoted or double-quoted (no doubled quotes) identifier at i. */
  const ident = (): boolean => {
    const c = sql.charCodeAt(i);
    if (c === C.DQuote) {
      const end = sql.indexOf('"', i + 1);
      if (end <= i + 1 || sql.charCodeAt(end + 1) === C.DQuote) return false;
      for (let k = i + 1; k < end; k++) if (sql.charCodeAt(k) >= 128) return false;
      i = end + 1;
      return true;
    }
    if (!isIdentStart(c)) return false;
    while (i < n && isIdentChar(sql.charCodeAt(i))) {
      if (sql.charCodeAt(i) >= 128) return false;
      i++;
    }
    return true;
  };

  const out: ParsedStatement[] = [];
  skip();
  for (;;) {
    const first = i;
    // Statements are located by the byte offset of their first token.
    const offset = i + extra;
    const stmt = statement(offset);
    if (stmt === null) return null;
    out.push({
      ast: { InsertStmt: stmt } as unknown as Node,
      text: sql.slice(first, i).trimEnd(),
      offset,
    });
    if (i === n) return out;
    if (sql.charCodeAt(i) !== C.Semi) return null;
    i++;
    skip();
    if (i === n) return out;
  }

  /** One INSERT from i (its first token, at byte `offset`) up to its end (before any semicolon). */
  function statement(offset: number): Record<string, unknown> | null {
    const first = i;
    if (!keyword('insert')) return null;
    skip();
    if (!keyword('into')) return null;
    skip();
    if (!ident()) return null;
    skip();
    for (let parts = 1; sql.charCodeAt(i) === C.Dot; parts++) {
      if (parts === 3) return null;
      i++;
      skip();
      if (!ident()) return null;
      skip();
    }
    if (sql.charCodeAt(i) === C.LParen) {
      i++;
      for (;;) {
        skip();
        if (!ident()) return null;
        skip();
        const c = sql.charCodeAt(i++);
        if (c === C.RParen) break;
        if (c !== C.Comma) return null;
      }
      skip();
    }
    if (!keyword('values')) return null;
    const head = headOf(sql.slice(first, i));
    if (head === null) return null;
    const rows: Node[] = [];
    for (;;) {
      skip();
      if (sql.charCodeAt(i) !== C.LParen) return null;
      i++;
      const items: Node[] = [];
      for (;;) {
        skip();
        const item = literal();
        if (item === null) return null;
        items.push(item);
        skip();
        const c = sql.charCodeAt(i++);
        if (c === C.RParen) break;
        if (c !== C.Comma) return null;
      }
      rows.push({ List: { items } } as unknown as Node);
      const end = i;
      skip();
      if (sql.charCodeAt(i) !== C.Comma) {
        i = end;
        break;
      }
      i++;
    }
    skip();
    return {
      // The head's nodes were located from its own start.
      ...(shifted(head, offset) as Record<string, unknown>),
      selectStmt: {
        SelectStmt: { valuesLists: rows, limitOption: 'LIMIT_OPTION_DEFAULT', op: 'SETOP_NONE' },
      },
      override: 'OVERRIDING_NOT_SET',
    };
  }

  /** A literal at i as libpg-query's A_Const, or null. */
  function literal(): Node | null {
    const location = i + extra;
    const c = sql.charCodeAt(i);
    if (c === C.Quote) return string(location);
    if (c === C.Minus) {
      i++;
      skip();
      const v = number();
      if (v === null) return null;
      return typeof v === 'number' ? intConst(-v, location) : floatConst(`-${v}`, location);
    }
    if (isDigit(c) || c === C.Dot) {
      const v = number();
      if (v === null) return null;
      return typeof v === 'number' ? intConst(v, location) : floatConst(v, location);
    }
    if (keyword('null')) return { A_Const: { isnull: true, location } } as unknown as Node;
    if (keyword('true')) return boolConst(true, location);
    if (keyword('false')) return boolConst(false, location);
    return null;
  }

  /**
   * An unsigned number at i: an int4 as a number, anything else numeric as its text (PostgreSQL
   * scans integers beyond int4 as floats); null for forms left to libpg-query (hex, octal,
   * binary, underscores, a leading sign) or malformed ones.
   */
  function number(): number | string | null {
    const start = i;
    while (i < n && isDigit(sql.charCodeAt(i))) i++;
    let integer = i > start;
    if (sql.charCodeAt(i) === C.Dot) {
      integer = false;
      i++;
      const fracStart = i;
      while (i < n && isDigit(sql.charCodeAt(i))) i++;
      if (i === fracStart && i - 1 === start) return null; // a lone '.'
      if (sql.charCodeAt(i) === C.Dot) return null; // '1..2'
    }
    if (i === start) return null;
    const e = sql.charCodeAt(i) | 32;
    if (e === 101) {
      integer = false;
      i++;
      const s = sql.charCodeAt(i);
      if (s === 43 || s === C.Minus) i++;
      const expStart = i;
      while (i < n && isDigit(sql.charCodeAt(i))) i++;
      if (i === expStart) return null;
    }
    if (i < n && isIdentChar(sql.charCodeAt(i))) return null;
    const text = sql.slice(start, i);
    if (!integer) return text;
    // As PostgreSQL's scanner: decimal digits that fit an int4 are an integer.
    let first = start;
    while (first < i - 1 && sql.charCodeAt(first) === C.Zero) first++;
    if (i - first > 10) return text;
    const v = Number(text);
    return v <= INT4_MAX ? v : text;
  }

  /** A standard '...' string ('' is a quote, backslashes are data) at i. */
  function string(location: number): Node | null {
    i++;
    let value = '';
    let from = i;
    for (;;) {
      if (i >= n) return null;
      const c = sql.charCodeAt(i);
      if (c === C.Quote) {
        if (sql.charCodeAt(i + 1) !== C.Quote) break;
        value += sql.slice(from, i + 1);
        i += 2;
        from = i;
        continue;
      }
      if (c >= 128) {
        if (c < 0x800) extra += 1;
        else if (c >= 0xd800 && c <= 0xdbff) {
          const d = sql.charCodeAt(i + 1);
          if (!(d >= 0xdc00 && d <= 0xdfff)) return null;
          extra += 2; // 4 bytes for two UTF-16 units
          i++;
        } else if (c >= 0xdc00 && c <= 0xdfff) return null;
        else extra += 2;
      } else if (c === 0) return null;
      i++;
    }
    value += sql.slice(from, i);
    i++;
    // A string continued by another after a newline is one literal: libpg-query decides.
    return stringConst(value, location);
  }
}

/** libpg-query's A_Const nodes (its JSON leaves out an ival of 0 and a boolval of false). */
const intConst = (v: number, location: number): Node =>
  ({ A_Const: { ival: v === 0 ? {} : { ival: v }, location } }) as unknown as Node;
const floatConst = (v: string, location: number): Node =>
  ({ A_Const: { fval: { fval: v }, location } }) as unknown as Node;
const stringConst = (v: string, location: number): Node =>
  ({ A_Const: { sval: { sval: v }, location } }) as unknown as Node;
const boolConst = (v: boolean, location: number): Node =>
  ({ A_Const: { boolval: v ? { boolval: true } : {}, location } }) as unknown as Node;

/** A copy of a head's nodes with every location moved by `delta`. */
function shifted(node: unknown, delta: number): unknown {
  if (Array.isArray(node)) return node.map((x) => shifted(x, delta));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node))
    out[k] = k === 'location' && typeof v === 'number' ? v + delta : shifted(v, delta);
  return out;
}

/**
 * The InsertStmt fields that a head gives (relation, cols; located from the head's start),
 * parsed once per head text.
 */
function headOf(text: string): Head {
  const known = heads.get(text);
  if (known !== undefined) return known;
  let head: Head = null;
  try {
    const result = parseSync(`${text} (NULL)`) as {
      stmts?: { stmt?: { InsertStmt?: Record<string, unknown> } }[];
    };
    const stmt = result.stmts?.length === 1 ? result.stmts[0]!.stmt?.InsertStmt : undefined;
    if (stmt !== undefined) {
      const { selectStmt: _select, override: _override, ...rest } = stmt;
      head = rest;
    }
  } catch {
    head = null;
  }
  if (heads.size >= HEADS_KEPT) heads.clear();
  heads.set(text, head);
  return head;
}
