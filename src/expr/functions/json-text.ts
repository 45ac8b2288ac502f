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
