// Text I/O of arrays (PostgreSQL's array_in/array_out): '{1,2,NULL}', '{"a b","c\"d",""}',
// nested '{{1,2},{3,4}}', and explicit bounds '[0:1]={a,b}'. Elements are parsed and printed by
// the element type's own text I/O, passed in by the caller.
import { invalidTextRepresentation, programLimitExceeded } from '../../errors/index.js';
import { type Datum, PgArray } from '../datum.js';

const MAXDIM = 6;

const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

function malformed(text: string, detail: string): Error {
  return invalidTextRepresentation(`malformed array literal: "${text}"`, { detail });
}

/** Parses array text; `parseElem` turns each unquoted/quoted element text into a datum. */
export function parseArray(text: string, parseElem: (s: string) => Datum): PgArray {
  let i = 0;
  while (isSpace(text[i])) i++;
  let explicit: { lower: number; length: number }[] | undefined;
  if (text[i] === '[') {
    explicit = [];
    while (text[i] === '[') {
      const m = /^\[\s*([+-]?\d+)\s*(?::\s*([+-]?\d+)\s*)?\]/.exec(text.slice(i));
      if (m === null) throw malformed(text, 'Missing "]" after array dimensions.');
      const lo = m[2] === undefined ? 1 : Number(m[1]);
      const hi = Number(m[2] ?? m[1]);
      if (hi < lo) {
        throw invalidTextRepresentation('upper bound cannot be less than lower bound');
      }
      explicit.push({ lower: lo, length: hi - lo + 1 });
      i += m[0].length;
    }
    while (isSpace(text[i])) i++;
    if (text[i] !== '=') throw malformed(text, 'Missing "=" after array dimensions.');
    i++;
    while (isSpace(text[i])) i++;
  }
  if (text[i] !== '{')
    throw malformed(text, 'Array value must start with "{" or dimension information.');
  const elements: Datum[] = [];
  const lengths: number[] = [];
  let maxDepth = -1;
  // Recursive descent over nested braces; depth-first, checking rectangularity.
  const parseLevel = (depth: number): number => {
    if (depth >= MAXDIM) {
      throw programLimitExceeded(
        `number of array dimensions (${depth + 1}) exceeds the maximum allowed (${MAXDIM})`,
      );
    }
    i++; // '{'
    let count = 0;
    let sawElem = false;
    let sawSub = false;
    for (;;) {
      while (isSpace(text[i])) i++;
      const c = text[i];
      if (c === undefined) throw malformed(text, 'Unexpected end of input.');
      if (c === '}') {
        if (count > 0 && text[lastNonSpace(i)] === ',')
          throw malformed(text, 'Unexpected "}" character.');
        i++;
        break;
      }
      if (count > 0) {
        if (c !== ',') throw malformed(text, `Unexpected "${c}" character.`);
        i++;
        while (isSpace(text[i])) i++;
      }
      const d = text[i];
      if (d === '{') {
        if (sawElem) throw malformed(text, 'Unexpected "{" character.');
        sawSub = true;
        parseLevel(depth + 1);
      } else {
        if (sawSub || d === '}' || d === ',' || d === undefined) {
          throw malformed(
            text,
            d === undefined ? 'Unexpected end of input.' : `Unexpected "${d}" character.`,
          );
        }
        if (maxDepth >= 0 && depth !== maxDepth) {
          throw malformed(
            text,
            'Multidimensional arrays must have sub-arrays with matching dimensions.',
          );
        }
        sawElem = true;
        elements.push(element());
      }
      count++;
    }
    if (sawElem || count === 0) {
      if (maxDepth < 0) maxDepth = depth;
      else if (maxDepth !== depth && !(count === 0 && depth === 0)) {
        throw malformed(
          text,
          'Multidimensional arrays must have sub-arrays with matching dimensions.',
        );
      }
    }
    if (lengths[depth] === undefined) lengths[depth] = count;
    else if (lengths[depth] !== count) {
      throw malformed(
        text,
        'Multidimensional arrays must have sub-arrays with matching dimensions.',
      );
    }
    return count;
  };
  const lastNonSpace = (k: number): number => {
    let j = k - 1;
    while (j > 0 && isSpace(text[j])) j--;
    return j;
  };
  const element = (): Datum => {
    let raw = '';
    let quotedAny = false;
    let trailingSpaceStart = -1;
    for (;;) {
      const c = text[i];
      if (c === undefined) throw malformed(text, 'Unexpected end of input.');
      if (c === '"') {
        quotedAny = true;
        i++;
        for (;;) {
          const q = text[i];
          if (q === undefined) throw malformed(text, 'Unexpected end of input.');
          if (q === '"') {
            i++;
            break;
          }
          if (q === '\\') {
            i++;
            if (text[i] === undefined) throw malformed(text, 'Unexpected end of input.');
          }
          raw += text[i++];
        }
        trailingSpaceStart = -1;
        continue;
      }
      if (c === '\\') {
        i++;
        if (text[i] === undefined) throw malformed(text, 'Unexpected end of input.');
        raw += text[i++];
        trailingSpaceStart = -1;
        continue;
      }
      if (c === ',' || c === '}') break;
      if (c === '{') throw malformed(text, 'Unexpected "{" character.');
      if (isSpace(c)) {
        if (trailingSpaceStart < 0) trailingSpaceStart = raw.length;
      } else trailingSpaceStart = -1;
      raw += c;
      i++;
    }
    if (trailingSpaceStart >= 0) raw = raw.slice(0, trailingSpaceStart);
    if (!quotedAny && raw.toUpperCase() === 'NULL') return null;
    return parseElem(raw);
  };
  parseLevel(0);
  while (isSpace(text[i])) i++;
  if (i < text.length) throw malformed(text, 'Junk after closing right brace.');
  if (elements.length === 0) {
    if (explicit !== undefined && explicit.some((d) => d.length > 0)) {
      throw malformed(text, 'Specified array dimensions do not match array contents.');
    }
    return new PgArray([], []);
  }
  const dimLengths = lengths.slice(0, maxDepth + 1);
  if (explicit !== undefined) {
    if (
      explicit.length !== dimLengths.length ||
      explicit.some((d, k) => d.length !== dimLengths[k])
    ) {
      throw malformed(text, 'Specified array dimensions do not match array contents.');
    }
    return new PgArray(elements, explicit);
  }
  return new PgArray(
    elements,
    dimLengths.map((length) => ({ length, lower: 1 })),
  );
}

/** Quotes an element the way array_out does when needed. */
export function quoteArrayElement(s: string): string {
  const needs = s === '' || s.toUpperCase() === 'NULL' || /[{},"\\ \t\n\r\f\v]/.test(s);
  if (!needs) return s;
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** array_out, given the element printer. */
export function formatArray(a: PgArray, formatElem: (d: Datum) => string): string {
  if (a.dims.length === 0 || a.elements.length === 0) return '{}';
  let prefix = '';
  if (a.dims.some((d) => d.lower !== 1)) {
    prefix = `${a.dims.map((d) => `[${d.lower}:${d.lower + d.length - 1}]`).join('')}=`;
  }
  let k = 0;
  const level = (depth: number): string => {
    const n = a.dims[depth]!.length;
    const parts: string[] = [];
    for (let j = 0; j < n; j++) {
      if (depth + 1 < a.dims.length) parts.push(level(depth + 1));
      else {
        const e = a.elements[k++]!;
        parts.push(e === null ? 'NULL' : quoteArrayElement(formatElem(e)));
      }
    }
    return `{${parts.join(',')}}`;
  };
  return prefix + level(0);
}
