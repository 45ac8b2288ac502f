// FORMAT JSON encoding for sinks, with Materialize's conversion of SQL values (CREATE SINK:
// Kafka, "JSON"): an object with one field per column, in column order; NULL → null; bool →
// true/false; integers and oids → JSON numbers (int8 exactly); float4/float8 → JSON numbers (NaN and
// ±Infinity, which JSON cannot hold, → null, as Materialize's serde_json does); numeric → a
// JSON string of its decimal text; timestamp/timestamptz → a JSON string of milliseconds since
// the Unix epoch; jsonb/json → embedded JSON; arrays → JSON arrays (of all elements, flattened
// as Materialize does for multi-dimensional arrays); records → objects by field name; every
// other type → a JSON string of its text output (date, time, interval, bytea '\x..', uuid).
import {
  Jsonb,
  Numeric,
  PgArray,
  RecordDatum,
  TS_NEG_INFINITY,
  TS_POS_INFINITY,
  type Datum,
  type JsonNode,
  type SqlType,
} from '../repr/index.js';
import { quoteJsonString } from '../repr/io/json.js';
import { formatFloat } from '../repr/io/numbers.js';
import { formatText } from '../repr/io/text.js';
import { DEFAULT_IO_SETTINGS } from '../repr/io/settings.js';
import type { FormatColumn } from './spec.js';

/** Compact JSON text of a jsonb value (keys in jsonb order). */
export function compactJson(v: JsonNode): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return quoteJsonString(v);
  if (v instanceof Numeric) return v.toString();
  if (Array.isArray(v)) return `[${v.map(compactJson).join(',')}]`;
  let out = '';
  for (const [k, x] of v) out += `${out === '' ? '' : ','}${quoteJsonString(k)}:${compactJson(x)}`;
  return `{${out}}`;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** The JSON text of one value of a type. */
export function jsonValue(d: Datum, type: SqlType): string {
  if (d === null) return 'null';
  if (type.kind === 'array') {
    const arr = d as PgArray;
    return `[${arr.elements.map((e) => jsonValue(e, type.elem)).join(',')}]`;
  }
  if (type.kind === 'record') {
    const r = d as RecordDatum;
    return `{${type.fields.map((f, i) => `${quoteJsonString(f.name)}:${jsonValue(r.fields[i] ?? null, f.type)}`).join(',')}}`;
  }
  switch (type.name) {
    case 'bool':
      return d === true ? 'true' : 'false';
    case 'int2':
    case 'int4':
    case 'int8':
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
      return String(d);
    case 'float4':
    case 'float8': {
      const x = d as number;
      return Number.isFinite(x) ? formatFloat(x, type.name === 'float4') : 'null';
    }
    case 'numeric':
      return quoteJsonString((d as Numeric).toString());
    case 'timestamp':
    case 'timestamptz': {
      const us = d as bigint;
      if (us === TS_POS_INFINITY) return '"infinity"';
      if (us === TS_NEG_INFINITY) return '"-infinity"';
      return `"${floorDiv(us, 1000n)}"`;
    }
    case 'jsonb':
    case 'json':
      return compactJson((d as Jsonb).value);
    case 'text':
    case 'varchar':
    case 'name':
      return quoteJsonString(d as string);
    default:
      return quoteJsonString(formatText(d, type, DEFAULT_IO_SETTINGS));
  }
}

/** The JSON object text of a row of `columns`. */
export function jsonObjectText(columns: readonly FormatColumn[], row: readonly Datum[]): string {
  let out = '{';
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    if (i > 0) out += ',';
    out += `${quoteJsonString(c.name)}:${jsonValue(row[i] ?? null, c.type)}`;
  }
  return `${out}}`;
}
