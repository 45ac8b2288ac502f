// SQL values → jsonb (to_jsonb's conversions: numbers as JSON numbers, NaN/Infinity and
// date/time values as strings in ISO form, arrays as nested arrays, records as objects) and
// jsonb_pretty's layout (plain jsonb text output is formatJson in src/repr/io/json.ts).
import {
  Interval,
  Jsonb,
  Numeric,
  PgArray,
  RecordDatum,
  TS_NEG_INFINITY,
  TS_POS_INFINITY,
  type Datum,
  type JsonNode,
  type JsonObject,
  type SqlType,
} from '../../repr/index.js';
import type { EvalContext } from '../signature.js';
import {
  formatDate,
  formatInterval,
  formatTime,
  sessionTimeZone,
  utcOffsetAt,
} from '../../repr/datetime/index.js';
import { formatJson, jsonbObject, quoteJsonString } from '../../repr/io/json.js';
import { isoTimestamp } from './datetime-format.js';

export function isObject(v: JsonNode): v is JsonObject {
  return v instanceof Map;
}

/** Shortest decimal text of a float4 (as float4out prints it). */
function float4Text(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

function floatNode(v: number, f4: boolean): JsonNode {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  return Numeric.parse(f4 ? float4Text(v) : String(v))!;
}

function tsNode(v: bigint, offset: number | null): JsonNode {
  if (v === TS_POS_INFINITY) return 'infinity';
  if (v === TS_NEG_INFINITY) return '-infinity';
  return isoTimestamp(v, offset);
}

/** to_jsonb(value) for a value of SQL type `t`. */
export function toJsonNode(d: Datum, t: SqlType, ctx: EvalContext): JsonNode {
  if (d === null) return null;
  if (t.kind === 'array') {
    const arr = d as PgArray;
    return nestArray(arr, 0, { i: 0 }, (e) => toJsonNode(e, t.elem, ctx));
  }
  if (t.kind === 'record') {
    const r = d as RecordDatum;
    return jsonbObject(
      t.fields.map((f, i) => [f.name, toJsonNode(r.fields[i] ?? null, f.type, ctx)]),
    );
  }
  switch (t.name) {
    case 'bool':
      return d as boolean;
    case 'int2':
    case 'int4':
    case 'int8':
    case 'oid':
      return Numeric.fromBigInt(BigInt(d as number | bigint));
    case 'float4':
      return floatNode(d as number, true);
    case 'float8':
      return floatNode(d as number, false);
    case 'numeric': {
      const n = d as Numeric;
      return n.isFinite() ? n : n.toString();
    }
    case 'json':
    case 'jsonb':
      return (d as Jsonb).value;
    case 'date':
      return formatDate(d as number);
    case 'time':
      return formatTime(d as number);
    case 'timestamp':
      return tsNode(d as bigint, null);
    case 'timestamptz': {
      const v = d as bigint;
      return tsNode(v, utcOffsetAt(sessionTimeZone(ctx.timeZone), v));
    }
    case 'interval':
      return formatInterval(d as Interval);
    case 'bytea':
      return `\\x${Buffer.from(d as Uint8Array).toString('hex')}`;
    default:
      return typeof d === 'string' ? d : String(d);
  }
}

function nestArray(
  arr: PgArray,
  dim: number,
  pos: { i: number },
  conv: (d: Datum) => JsonNode,
): JsonNode[] {
  const d = arr.dims[dim];
  if (d === undefined) return [];
  const out: JsonNode[] = [];
  for (let k = 0; k < d.length; k++) {
    if (dim === arr.dims.length - 1) out.push(conv(arr.elements[pos.i++] ?? null));
    else out.push(nestArray(arr, dim + 1, pos, conv));
  }
  return out;
}

/** jsonb_pretty's layout: four-space indentation, empty containers on two lines. */
export function jsonPretty(v: JsonNode, indent = 0): string {
  const pad = ' '.repeat(indent + 4);
  const end = ' '.repeat(indent);
  if (Array.isArray(v)) {
    if (v.length === 0) return `[\n${end}]`;
    return `[\n${v.map((x) => pad + jsonPretty(x, indent + 4)).join(',\n')}\n${end}]`;
  }
  if (isObject(v)) {
    if (v.size === 0) return `{\n${end}}`;
    const items = [...v].map(
      ([k, x]) => `${pad}${quoteJsonString(k)}: ${jsonPretty(x, indent + 4)}`,
    );
    return `{\n${items.join(',\n')}\n${end}}`;
  }
  return formatJson(v);
}

export function jsonb(v: JsonNode): Jsonb {
  return new Jsonb(v);
}
