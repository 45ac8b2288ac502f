// Conversions from decoded values to the declared SQL type of a column, with PostgreSQL's cast
// semantics (src/expr/cast.ts): a string goes through the type's input function, as
// `(j->>'f')::type` does; a JSON number goes to numeric types exactly (`(j->'f')::int`, which
// rounds and range-checks like numeric → int); booleans go to bool; objects and arrays go to
// jsonb, to SQL arrays (element by element) and to records (field by field, by name).
//
// JSON values arrive in one of two representations: what JSON.parse returns (fast, but numbers
// are doubles and objects plain), or the exact JsonNode of src/repr/io/json.ts (numbers are
// Numeric, objects Maps). A converter given a JSON.parse value that it cannot convert exactly
// (a non-safe-integer number for an integer column, any number for numeric/text/jsonb, any
// object or array) returns NEED_EXACT, and the caller re-parses the record exactly.
import {
  Jsonb,
  Numeric,
  PgArray,
  RecordDatum,
  T,
  type Datum,
  type SqlType,
} from '../repr/index.js';
import { formatJson } from '../repr/io/json.js';
import { formatType } from '../repr/pgtypes.js';
import { invalidParameterValue, numericValueOutOfRange } from '../errors/index.js';
import { castDatum } from '../expr/cast.js';
import { isStringType } from '../expr/cast/context.js';
import type { EvalContext } from '../expr/signature.js';
import { fastDate, fastTimestamp } from './fast-datetime.js';

/** Marker: the value must be converted from the record's exact parse. */
export const NEED_EXACT: unique symbol = Symbol('need exact JSON');

/** Converts a JSON value (JSON.parse's or an exact JsonNode) to a datum of the column's type. */
export type JsonConverter = (v: unknown, exact: boolean) => Datum | typeof NEED_EXACT;

/** The evaluation context decoders cast in: UTC unless told, default I/O settings. */
export function decodeContext(timeZone = 'UTC'): EvalContext {
  return {
    timeZone,
    txnStart: 0n,
    statementStart: 0n,
    setting: () => undefined,
  };
}

function isTextLike(t: SqlType): boolean {
  return t.kind === 'scalar' && isStringType(t.name) && t.typmod < 0;
}

/** text → type through the type's input function (assignment: varchar(n) overflow errors). */
export function textConverter(type: SqlType, ctx: EvalContext): (s: string) => Datum {
  if (isTextLike(type)) return (s) => s;
  const slow = (s: string): Datum => castDatum(s, T.text, type, ctx, 'assignment');
  if (type.kind !== 'scalar' || type.typmod >= 0) return slow;
  const utc = ctx.timeZone === 'UTC';
  switch (type.name) {
    case 'date':
      return (s) => fastDate(s) ?? slow(s);
    case 'timestamp':
      return (s) => fastTimestamp(s, false) ?? slow(s);
    case 'timestamptz':
      return utc ? (s) => fastTimestamp(s, true) ?? slow(s) : slow;
    default:
      return slow;
  }
}

function jsonLabel(v: unknown): string {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number' || v instanceof Numeric) return 'numeric';
  if (typeof v === 'string') return 'string';
  return Array.isArray(v) ? 'array' : 'object';
}

function cannotCast(v: unknown, type: SqlType): Error {
  return invalidParameterValue(`cannot cast jsonb ${jsonLabel(v)} to type ${formatType(type)}`);
}

const NUMBER_TARGETS = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric']);

/** A converter of JSON values to `type`. */
export function jsonConverter(type: SqlType, ctx: EvalContext): JsonConverter {
  const fromText = textConverter(type, ctx);
  const scalarName = type.kind === 'scalar' ? type.name : null;
  const toJsonb = scalarName === 'jsonb' || scalarName === 'json';
  const textLike = type.kind === 'scalar' && isStringType(type.name);
  const numeric = scalarName !== null && NUMBER_TARGETS.has(scalarName);
  const elem = type.kind === 'array' ? jsonConverter(type.elem, ctx) : null;
  const fields =
    type.kind === 'record'
      ? type.fields.map((f) => ({ name: f.name, conv: jsonConverter(f.type, ctx) }))
      : null;

  return (v, exact) => {
    if (v === null || v === undefined) return null;
    if (toJsonb) {
      if (typeof v === 'string' || typeof v === 'boolean') return new Jsonb(v);
      return exact ? new Jsonb(v as Jsonb['value']) : NEED_EXACT;
    }
    switch (typeof v) {
      case 'string':
        return fromText(v);
      case 'boolean':
        if (scalarName === 'bool') return v;
        if (textLike) return fromText(v ? 'true' : 'false');
        throw cannotCast(v, type);
      case 'number':
        return fastNumber(v, type);
      default:
        break;
    }
    if (v instanceof Numeric) {
      if (numeric) return castDatum(v, T.numeric, type, ctx, 'assignment');
      return fromText(v.toString());
    }
    if (!exact) return NEED_EXACT;
    if (Array.isArray(v)) {
      if (elem !== null) return PgArray.of(v.map((x) => elem(x, true) as Datum));
      if (textLike) return fromText(formatJson(v as Jsonb['value'][]));
      throw cannotCast(v, type);
    }
    if (v instanceof Map) {
      if (fields !== null)
        return new RecordDatum(fields.map((f) => f.conv(v.get(f.name), true) as Datum));
      if (textLike) return fromText(formatJson(v as Jsonb['value']));
    }
    throw cannotCast(v, type);
  };
}

/** A JSON.parse number: exact for safe integers to int columns and for floats, else NEED_EXACT. */
function fastNumber(v: number, type: SqlType): Datum | typeof NEED_EXACT {
  if (type.kind !== 'scalar') return NEED_EXACT;
  switch (type.name) {
    case 'int2':
      return Number.isSafeInteger(v) ? checkInt(v, 32767, 'smallint') : NEED_EXACT;
    case 'int4':
      return Number.isSafeInteger(v) ? checkInt(v, 2147483647, 'integer') : NEED_EXACT;
    case 'int8':
      return Number.isSafeInteger(v) ? BigInt(v) : NEED_EXACT;
    // Overflow (1e400 → Infinity) must fail as numeric → float does; -0 is numeric 0.
    case 'float8':
      return Number.isFinite(v) ? v + 0 : NEED_EXACT;
    case 'float4':
      return Number.isFinite(v)
        ? castDatum(v + 0, T.float8, type, FLOAT_CTX, 'assignment')
        : NEED_EXACT;
    default:
      return NEED_EXACT;
  }
}

const FLOAT_CTX = decodeContext();

function checkInt(v: number, max: number, name: string): number {
  if (v > max || v < -max - 1) throw numericValueOutOfRange(`${name} out of range`);
  return v;
}
