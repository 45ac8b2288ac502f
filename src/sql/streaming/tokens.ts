// The tokenizer of Eddy's streaming DDL (CREATE SOURCE / SINK / CONNECTION / SECRET ...), which
// PostgreSQL's grammar does not parse. It reads one token at a time, on demand, so that a text
// that turns out not to be a streaming statement is never scanned past its first few words.
//
// Tokens follow PostgreSQL's lexical rules where they matter here: identifiers are lower-cased
// unless double-quoted (`""` inside stands for `"`), string literals double `''` (and E'...'
// strings take backslash escapes), `--` and `/* */` (nested) comments are skipped, and errors
// use PostgreSQL's wording with a 1-based character position.
import { syntaxError, type EddyError } from '../../errors/index.js';

export type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier (lower-cased unless quoted), string contents, number text, or the punctuation. */
  readonly value: string;
  /** A double-quoted identifier (never a keyword). */
  readonly quoted: boolean;
  /** Offset of the token's first character in the text (0-based, UTF-16 units). */
  readonly start: number;
  /** Offset just past the token. */
  readonly end: number;
}

/** PostgreSQL's 1-based character position (code points) of a string offset. */
export function charPosition(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is one character.
    if (c < 0xd800 || c > 0xdbff || i + 1 >= offset) n++;
  }
  return n;
}

function lexError(text: string, what: string, start: number): EddyError {
  return syntaxError(`${what} at or near "${text.slice(start)}"`, {
    position: charPosition(text, start),
  });
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;

/** Offset of the next token after whitespace and comments. */
function skipSpace(text: string, pos: number): number {
  let i = pos;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const start = i;
      let depth = 0;
      while (i < text.length) {
        if (text.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (text.startsWith('*/', i)) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      if (depth > 0) throw lexError(text, 'unterminated /* comment', start);
    } else return i;
  }
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Reads a '...' literal whose opening quote is at `quote`; returns its value and end. */
function readString(text: string, quote: number, escapes: boolean): [string, number] {
  let out = '';
  let i = quote + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      if (text[i + 1] !== "'") return [out, i + 1];
      out += "'";
      i += 2;
    } else if (c === '\\' && escapes && i + 1 < text.length) {
      const e = text[i + 1]!;
      const hex = /^(?:x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{4})|([0-7]{1,3}))/.exec(text.slice(i + 1));
      if (hex !== null) {
        const code = parseInt(hex[1] ?? hex[2] ?? hex[3]!, hex[3] === undefined ? 16 : 8);
        out += String.fromCodePoint(code);
        i += 1 + hex[0].length;
      } else {
        out += ESCAPES[e] ?? e;
        i += 2;
      }
    } else {
      out += c;
      i++;
    }
  }
  throw lexError(text, 'unterminated quoted string', quote);
}

/** The token starting at or after `pos`. */
export function nextToken(text: string, pos: number): Token {
  const start = skipSpace(text, pos);
  if (start >= text.length)
    return { kind: 'eof', value: '', quoted: false, start: text.length, end: text.length };
  const c = text[start]!;
  const token = (kind: TokenKind, value: string, end: number, quoted = false): Token => ({
    kind,
    value,
    quoted,
    start,
    end,
  });
  if (c === "'") {
    const [value, end] = readString(text, start, false);
    return token('string', value, end);
  }
  if ((c === 'E' || c === 'e') && text[start + 1] === "'") {
    const [value, end] = readString(text, start + 1, true);
    return token('string', value, end);
  }
  if (c === '"') {
    const close = /^"((?:[^"]|"")*)"/.exec(text.slice(start));
    if (close === null) throw lexError(text, 'unterminated quoted identifier', start);
    if (close[1] === '') throw lexError(text, 'zero-length delimited identifier', start);
    return token('ident', close[1]!.replace(/""/g, '"'), start + close[0].length, true);
  }
  if (IDENT_START.test(c)) {
    let end = start + 1;
    while (end < text.length && IDENT_PART.test(text[end]!)) end++;
    // As PostgreSQL, only ASCII letters are folded.
    const folded = text.slice(start, end).replace(/[A-Z]+/g, (w) => w.toLowerCase());
    return token('ident', folded, end);
  }
  const num = NUMBER.exec(text.slice(start));
  if (num !== null) {
    const end = start + num[0].length;
    if (end < text.length && IDENT_START.test(text[end]!))
      throw lexError(text, 'trailing junk after numeric literal', start);
    return token('number', num[0], end);
  }
  return token('punct', c, start + 1);
}
