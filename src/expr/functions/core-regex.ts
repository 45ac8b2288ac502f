// PostgreSQL regular expressions (ARE syntax) translated to JavaScript RegExps, plus LIKE and
// SIMILAR TO patterns. Compiled patterns are cached. The translation covers what SQL code uses
// in practice: POSIX bracket classes, \m \M \y \Y \A \Z, embedded options (?i) and ***= literals,
// and the flags of regexp_* functions; an invalid pattern raises 2201B.
import {
  invalidEscapeSequence,
  invalidParameterValue,
  invalidRegularExpression,
} from '../../errors/index.js';

const CLASSES: Record<string, string> = {
  alpha: '\\p{L}',
  digit: '0-9',
  alnum: '\\p{L}\\p{N}',
  upper: '\\p{Lu}',
  lower: '\\p{Ll}',
  space: '\\s',
  blank: ' \\t',
  punct: '\\p{P}\\p{S}',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  cntrl: '\\p{Cc}',
  print: '\\P{C}',
  graph: '\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}',
};

const cache = new Map<string, RegExp>();

export interface RegexFlags {
  readonly caseInsensitive: boolean;
  readonly global: boolean;
  readonly newline: boolean;
  readonly expanded: boolean;
  readonly literal: boolean;
}

/** Parses the flags string of regexp_* functions. */
export function parseRegexFlags(flags: string): RegexFlags {
  let ci = false;
  let global = false;
  let newline = false;
  let expanded = false;
  let literal = false;
  for (const f of flags) {
    switch (f) {
      case 'i':
        ci = true;
        break;
      case 'c':
        ci = false;
        break;
      case 'g':
        global = true;
        break;
      case 'n':
      case 'm':
        newline = true;
        break;
      case 's':
        newline = false;
        break;
      case 'p':
      case 'w':
        newline = true;
        break;
      case 'x':
        expanded = true;
        break;
      case 't':
        expanded = false;
        break;
      case 'q':
        literal = true;
        break;
      default:
        throw invalidParameterValue(`invalid regular expression option: "${f}"`);
    }
  }
  return { caseInsensitive: ci, global, newline, expanded, literal };
}

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Translates an ARE pattern to JavaScript regex source. */
function translate(pattern: string, flags: RegexFlags): { source: string; flags: RegexFlags } {
  let p = pattern;
  let f = flags;
  if (p.startsWith('***=')) return { source: escapeLiteral(p.slice(4)), flags: f };
  if (p.startsWith('***:')) p = p.slice(4);
  const emb = /^\(\?([a-z]+)\)/.exec(p);
  if (emb !== null) {
    const merged = parseRegexFlags(
      (f.caseInsensitive ? 'i' : '') + (f.newline ? 'n' : '') + emb[1]!,
    );
    f = { ...merged, global: f.global };
    p = p.slice(emb[0].length);
  }
  if (f.literal) return { source: escapeLiteral(p), flags: f };
  let out = '';
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    if (f.expanded && /\s/.test(c)) {
      i++;
      continue;
    }
    if (f.expanded && c === '#') {
      while (i < p.length && p[i] !== '\n') i++;
      continue;
    }
    if (c === '\\') {
      const d = p[i + 1];
      if (d === undefined)
        throw invalidRegularExpression('invalid regular expression: invalid escape \\ sequence');
      i += 2;
      switch (d) {
        case 'm':
          out += '(?<![\\p{L}\\p{N}_])(?=[\\p{L}\\p{N}_])';
          break;
        case 'M':
          out += '(?<=[\\p{L}\\p{N}_])(?![\\p{L}\\p{N}_])';
          break;
        case 'y':
          out +=
            '(?:(?<![\\p{L}\\p{N}_])(?=[\\p{L}\\p{N}_])|(?<=[\\p{L}\\p{N}_])(?![\\p{L}\\p{N}_]))';
          break;
        case 'Y':
          out +=
            '(?:(?<=[\\p{L}\\p{N}_])(?=[\\p{L}\\p{N}_])|(?<![\\p{L}\\p{N}_])(?![\\p{L}\\p{N}_]))';
          break;
        case 'A':
          out += '^';
          break;
        case 'Z':
          out += '$(?![\\s\\S])';
          break;
        default:
          out += `\\${d}`;
      }
      continue;
    }
    if (c === '[') {
      const end = bracketEnd(p, i);
      out += translateBracket(p.slice(i, end));
      i = end;
      continue;
    }
    if (c === '{' && !/^\{\d+(,\d*)?\}/.test(p.slice(i))) {
      out += '\\{';
      i++;
      continue;
    }
    if (c === '}' && !/\{\d+(,\d*)?$/.test(p.slice(0, i))) {
      out += '\\}';
      i++;
      continue;
    }
    if (c === '/') {
      out += '\\/';
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return { source: out, flags: f };
}

/** Index just past a bracket expression starting at `start`. */
function bracketEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '^') i++;
  if (p[i] === ']') i++;
  while (i < p.length) {
    if (p[i] === '[' && (p[i + 1] === ':' || p[i + 1] === '.' || p[i + 1] === '=')) {
      const close = p.indexOf(`${p[i + 1]}]`, i + 2);
      if (close < 0) break;
      i = close + 2;
      continue;
    }
    if (p[i] === '\\') {
      i += 2;
      continue;
    }
    if (p[i] === ']') return i + 1;
    i++;
  }
  throw invalidRegularExpression('invalid regular expression: brackets [] not balanced');
}

function translateBracket(b: string): string {
  if (b === '[[:<:]]') return '(?<![\\p{L}\\p{N}_])(?=[\\p{L}\\p{N}_])';
  if (b === '[[:>:]]') return '(?<=[\\p{L}\\p{N}_])(?![\\p{L}\\p{N}_])';
  let inner = b.slice(1, -1);
  let neg = '';
  if (inner.startsWith('^')) {
    neg = '^';
    inner = inner.slice(1);
  }
  let out = '';
  let i = 0;
  if (inner.startsWith(']')) {
    out += '\\]';
    i = 1;
  }
  while (i < inner.length) {
    const m = /^\[:([a-z]+):\]/.exec(inner.slice(i));
    if (m !== null) {
      const cls = CLASSES[m[1]!];
      if (cls === undefined) {
        throw invalidRegularExpression('invalid regular expression: invalid character class');
      }
      out += cls;
      i += m[0].length;
      continue;
    }
    const c = inner[i]!;
    if (c === '\\') {
      out += inner.slice(i, i + 2);
      i += 2;
      continue;
    }
    out += c === '[' || c === '/' ? `\\${c}` : c;
    i++;
  }
  return `[${neg}${out}]`;
}

/** A compiled RegExp for a PostgreSQL pattern; `sticky`-free, global if requested. */
export function compileRegex(pattern: string, flags: RegexFlags, global = false): RegExp {
  const key = `${flags.caseInsensitive ? 'i' : ''}${flags.newline ? 'n' : ''}${flags.expanded ? 'x' : ''}${flags.literal ? 'q' : ''}${global ? 'g' : ''}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    hit.lastIndex = 0;
    return hit;
  }
  const t = translate(pattern, flags);
  const jsFlags =
    'u' +
    (t.flags.caseInsensitive ? 'i' : '') +
    (t.flags.newline ? 'm' : 's') +
    (global ? 'g' : '');
  let re: RegExp;
  try {
    re = new RegExp(t.source, jsFlags);
  } catch (e) {
    try {
      re = new RegExp(t.source, jsFlags.replace('u', ''));
    } catch {
      const msg =
        e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
      throw invalidRegularExpression(`invalid regular expression: ${msg}`);
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

export const NO_FLAGS: RegexFlags = parseRegexFlags('');
export const CI_FLAGS: RegexFlags = parseRegexFlags('i');

/** LIKE pattern (backslash escapes) to a RegExp; `ci` for ILIKE. */
export function likeRegex(pattern: string, ci: boolean): RegExp {
  const key = `${ci ? 'L' : 'l'}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let out = '';
  const cs = Array.from(pattern);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c === '\\') {
      const d = cs[i + 1];
      if (d === undefined) {
        throw invalidEscapeSequence('LIKE pattern must not end with escape character');
      }
      out += escapeLiteral(d);
      i++;
    } else if (c === '%') out += '.*';
    else if (c === '_') out += '.';
    else out += escapeLiteral(c);
  }
  const re = new RegExp(`^${out}$`, ci ? 'isu' : 'su');
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

function checkEscape(esc: string): void {
  if (Array.from(esc).length > 1) {
    throw invalidEscapeSequence('invalid escape string', {
      hint: 'Escape string must be empty or one character.',
    });
  }
}

/** like_escape(pattern, escape): rewrites a pattern with a custom escape to backslash form. */
export function likeEscape(pattern: string, esc: string): string {
  checkEscape(esc);
  let out = '';
  const cs = Array.from(pattern);
  if (esc === '') {
    for (const c of cs) out += c === '\\' ? '\\\\' : c;
    return out;
  }
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c === esc) {
      const d = cs[i + 1];
      if (d === undefined) {
        throw invalidEscapeSequence('LIKE pattern must not end with escape character');
      }
      out += `\\${d}`;
      i++;
    } else if (c === '\\') out += '\\\\';
    else out += c;
  }
  return out;
}

/** similar_to_escape(pattern, escape): SQL SIMILAR TO pattern → POSIX regex (PostgreSQL's). */
export function similarToEscape(pattern: string, esc: string | null): string {
  if (esc !== null) checkEscape(esc);
  const e = esc === null ? '\\' : esc;
  let r = '^(?:';
  let afterEscape = false;
  let inClass = false;
  let classPos = 0;
  let nquotes = 0;
  for (const c of pattern) {
    if (afterEscape) {
      if (c === '"' && !inClass) {
        if (nquotes === 0) r += '){1,1}?(';
        else if (nquotes === 1) r += '){1,1}(?:';
        else {
          throw invalidRegularExpression(
            'SQL regular expression may not contain more than two escape-double-quote separators',
          );
        }
        nquotes++;
      } else r += `\\${c}`;
      afterEscape = false;
    } else if (e !== '' && c === e) afterEscape = true;
    else if (inClass) {
      if (c === '\\') r += '\\';
      r += c;
      if (c === ']' && classPos > 2) inClass = false;
      else if (c === '^') classPos++;
      else classPos = 3;
    } else if (c === '[') {
      r += c;
      inClass = true;
      classPos = 1;
    } else if (c === '%') r += '.*';
    else if (c === '_') r += '.';
    else if (c === '(') r += '(?:';
    else if (c === '\\' || c === '.' || c === '^' || c === '$') r += `\\${c}`;
    else r += c;
  }
  return `${r})$`;
}
