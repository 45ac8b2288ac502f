// json (not jsonb) values made by functions, written as PostgreSQL writes them: a json value
// prints the text it was made with, and PostgreSQL's json functions each have their own layout
// (jsonb values print one way whatever made them):
//   to_json, row_to_json, array_to_json   {"a":1,"b":[1,2]}   (pretty: ",\n " between the top
//                                          level's fields or elements)
//   json_build_object, json_object        {"a" : 1, "b" : 2}
//   json_build_array                      [1, 2]
//   json_agg                              [1, 2], with a line break after the ", " before a
//                                          record or array that is not the first element
//   json_object_agg                       { "a" : 1, "b" : 2 }
// Objects keep their keys in the order given, duplicates included. A json input inside any of
// them keeps its own text. The value made is that text with the value it parses to (JsonText).
import { PgArray, RecordDatum, type Datum, type Jsonb, type SqlType } from '../../repr/index.js';
import { formatJson, formatJsonValue, parseJson, quoteJsonString } from '../../repr/io/json.js';
import { formatFloat } from '../../repr/io/numbers.js';
import type { EvalContext } from '../signature.js';
import { toJsonNode } from './jsonb-convert.js';

/** The json value of a text written by the functions here. */
export function jsonOf(text: string): Jsonb {
  return parseJson(text, false);
}

/** The json text of a value of SQL type `t` (to_json's; a json value is its own text). */
export function jsonText(d: Datum, t: SqlType, ctx: EvalContext): string {
  if (d === null) return 'null';
  if (t.kind === 'array') return arrayJson(d as PgArray, t.elem, ctx, false);
  if (t.kind === 'record') return recordJson(d as RecordDatum, t, ctx, false);
  switch (t.name) {
    case 'json':
      return formatJsonValue(d as Jsonb);
    case 'jsonb':
      return formatJson((d as Jsonb).value);
    case 'float4':
    case 'float8': {
      // As float4out/float8out print it (1e+20), quoted when that is no JSON number (NaN).
      const text = formatFloat(d as number, t.name === 'float4');
      return Number.isFinite(d) ? text : quoteJsonString(text);
    }
    default:
      return formatJson(toJsonNode(d, t, ctx));
  }
}

/** A record as a json object, fields in order; `pretty` breaks the line after each comma. */
export function recordJson(
  r: RecordDatum,
  t: Extract<SqlType, { kind: 'record' }>,
  ctx: EvalContext,
  pretty: boolean,
): string {
  const fields = t.fields.map(
    (f, i) => `${quoteJsonString(f.name)}:${jsonText(r.fields[i] ?? null, f.type, ctx)}`,
  );
  return `{${fields.join(pretty ? ',\n ' : ',')}}`;
}

/**
 * An array as nested json arrays, one level per dimension; `pretty` breaks the line after each
 * comma of the outermost level only.
 */
export function arrayJson(a: PgArray, elem: SqlType, ctx: EvalContext, pretty: boolean): string {
  if (a.dims.length === 0) return '[]';
  let next = 0;
  const level = (dim: number, sep: string): string => {
    const parts: string[] = [];
    for (let k = 0; k < a.dims[dim]!.length; k++) {
      parts.push(
        dim === a.dims.length - 1
          ? jsonText(a.elements[next++] ?? null, elem, ctx)
          : level(dim + 1, ','),
      );
    }
    return `[${parts.join(sep)}]`;
  };
  return level(0, pretty ? ',\n ' : ',');
}

/** An object of (key text, value json text) pairs, as json_build_object and json_object write it. */
export function objectJson(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${quoteJsonString(k)} : ${v}`).join(', ')}}`;
}

/** json_agg's text of its values (of type `t`), in order. */
export function aggJson(values: readonly Datum[], t: SqlType, ctx: EvalContext): string {
  const structured = t.kind === 'array' || t.kind === 'record';
  let out = '[';
  values.forEach((v, i) => {
    if (i > 0) out += v !== null && structured ? ', \n ' : ', ';
    out += jsonText(v, t, ctx);
  });
  return `${out}]`;
}

/** json_object_agg's text of its (key text, value json text) pairs, in order. */
export function objectAggJson(entries: readonly (readonly [string, string])[]): string {
  return `{ ${entries.map(([k, v]) => `${quoteJsonString(k)} : ${v}`).join(', ')} }`;
}

// ---- Parts of a json value's text ----
// PostgreSQL's json operators and functions return a json value's parts as they are written in
// it (`'{"a": [1,  2]}'::json -> 'a'` is `[1,  2]`), an object's keys in order with duplicates
// (the last of a duplicate key is the one found by key). They read the text again each time;
// so do these, over the text the value prints as.

/** Where a value lies in a json text; an array's or object's members (an object's with keys). */
interface Span {
  readonly start: number;
  readonly end: number;
  readonly kind: 'object' | 'array' | 'string' | 'other';
  readonly members: readonly Span[];
  /** An object's keys (decoded) and their tokens as written. */
  readonly keys: readonly string[];
  readonly keyTokens: readonly string[];
}

const WS = ' \t\n\r';

/** The spans of a json text that is known to be valid (a json value's own text). */
function spanOf(text: string): Span {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && WS.includes(text[i]!)) i++;
  };
  const stringEnd = (): void => {
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const value = (): Span => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{' || c === '[') {
      const members: Span[] = [];
      const keys: string[] = [];
      const keyTokens: string[] = [];
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) i++;
      else {
        for (;;) {
          if (c === '{') {
            ws();
            const k = i;
            stringEnd();
            keyTokens.push(text.slice(k, i));
            keys.push(JSON.parse(text.slice(k, i)) as string);
            ws();
            i++; // ':'
          }
          members.push(value());
          ws();
          if (text[i++] === ',') continue;
          break;
        }
      }
      return { start, end: i, kind: c === '{' ? 'object' : 'array', members, keys, keyTokens };
    }
    if (c === '"') stringEnd();
    else while (i < text.length && !`${WS},]}`.includes(text[i]!)) i++;
    const kind = c === '"' ? 'string' : 'other';
    return { start, end: i, kind, members: [], keys: [], keyTokens: [] };
  };
  return value();
}

/** The member of an object under `key` (the last of duplicates), or of an array at `index`. */
function memberOf(s: Span, step: string | number): Span | undefined {
  if (typeof step === 'string') {
    if (s.kind !== 'object') return undefined;
    const k = s.keys.lastIndexOf(step);
    return k < 0 ? undefined : s.members[k];
  }
  if (s.kind !== 'array') return undefined;
  return s.members[step < 0 ? s.members.length + step : step];
}

/**
 * The json text of the part of `d` reached by `steps` (a key or an index each; with `path`, text
 * steps index arrays when they are integers, as #> reads them); undefined if there is none.
 */
export function jsonPart(
  d: Jsonb,
  steps: readonly (string | number | null)[],
  path = false,
): string | undefined {
  const text = formatJsonValue(d);
  let s: Span | undefined = spanOf(text);
  for (const step of steps) {
    if (s === undefined || step === null) return undefined;
    if (path && typeof step === 'string' && s.kind === 'array') {
      if (!/^\s*[+-]?\d+\s*$/.test(step)) return undefined;
      s = memberOf(s, Number(step));
    } else s = memberOf(s, step);
  }
  return s === undefined ? undefined : text.slice(s.start, s.end);
}

/** ->> and #>> of a json part: a string's value, JSON null as SQL NULL, else the part's text. */
export function jsonPartText(part: string | undefined): string | null {
  if (part === undefined || part === 'null') return null;
  return part.startsWith('"') ? (parseJson(part, false).value as string) : part;
}

/** The members of a json array, as texts (json_array_elements); undefined if not an array. */
export function jsonElements(d: Jsonb): string[] | undefined {
  const text = formatJsonValue(d);
  const s = spanOf(text);
  return s.kind === 'array' ? s.members.map((m) => text.slice(m.start, m.end)) : undefined;
}

/** The fields of a json object in order, duplicates included (json_each); undefined if none. */
export function jsonFields(d: Jsonb): [string, string][] | undefined {
  const text = formatJsonValue(d);
  const s = spanOf(text);
  if (s.kind !== 'object') return undefined;
  return s.members.map((m, k) => [s.keys[k]!, text.slice(m.start, m.end)]);
}

/** json_strip_nulls: without the object fields that are null, written without whitespace. */
export function jsonStripNulls(d: Jsonb): string {
  const text = formatJsonValue(d);
  const strip = (s: Span): string => {
    if (s.kind === 'array') return `[${s.members.map(strip).join(',')}]`;
    if (s.kind !== 'object') return text.slice(s.start, s.end);
    const fields: string[] = [];
    s.members.forEach((m, k) => {
      if (m.kind !== 'other' || text.slice(m.start, m.end) !== 'null')
        fields.push(`${s.keyTokens[k]!}:${strip(m)}`);
    });
    return `{${fields.join(',')}}`;
  };
  return strip(spanOf(text));
}
