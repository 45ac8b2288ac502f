// Casts between SQL types with PostgreSQL's semantics: castContext says whether (and in which
// context) a cast exists, castDatum performs it on a value, including the length/precision
// coercion of the target's typmod. See ./cast/ for the pieces.
import { Jsonb, Numeric, PgArray, type Datum } from '../repr/index.js';
import { scalar, type ScalarName, type ScalarType, type SqlType } from '../repr/types.js';
import { cannotCoerce, invalidParameterValue, numericValueOutOfRange } from '../errors/index.js';
import { formatText, parseText } from '../repr/io/text.js';
import type { EvalContext } from './signature.js';
import { castContext, isStringType, type CastContext } from './cast/context.js';
import { applyTypmod, charPrefix } from '../repr/io/typmod.js';
import { castNumber, isNumberName } from './cast/numbers.js';
import { castDatetime, isDatetimeName } from './cast/datetime.js';
import { ioSettings } from './cast/io.js';

export { castContext, type CastContext } from './cast/context.js';
export { ioSettings } from './cast/io.js';

const NAMEDATALEN = 64;
const T_JSONB = scalar('jsonb');

/** Casts a value of type `from` to type `to` (applying `to`'s typmod). NULL stays NULL. */
export function castDatum(
  d: Datum,
  from: SqlType,
  to: SqlType,
  ctx: EvalContext,
  mode: CastContext,
): Datum {
  if (d === null) return null;
  if (from.kind === 'array' && to.kind === 'array') {
    const arr = d as PgArray;
    return new PgArray(
      arr.elements.map((e) => castDatum(e, from.elem, to.elem, ctx, mode)),
      arr.dims,
    );
  }
  if (from.kind === 'scalar' && to.kind === 'scalar') {
    return applyTypmod(castScalar(d, from.name, to, ctx), to, mode === 'explicit');
  }
  if (to.kind === 'scalar' && isStringType(to.name)) {
    return applyTypmod(
      fromText(formatText(d, from, ioSettings(ctx)), to.name),
      to,
      mode === 'explicit',
    );
  }
  if (from.kind === 'scalar' && (isStringType(from.name) || from.name === 'unknown')) {
    const v = parseText(textOf(d as string, from.name), to, ioSettings(ctx), ctx.txnStart);
    return to.kind === 'array' ? castDatum(v, baseArray(to), to, ctx, mode) : v;
  }
  throw noCast(from, to);
}

function baseArray(t: SqlType): SqlType {
  return t.kind === 'array' ? { kind: 'array', elem: scalar(t.elem.name) } : t;
}

function typeLabel(t: SqlType): string {
  if (t.kind === 'array') return `${t.elem.name}[]`;
  if (t.kind === 'record') return 'record';
  return t.name;
}

function noCast(from: SqlType, to: SqlType) {
  return cannotCoerce(`cannot cast type ${typeLabel(from)} to ${typeLabel(to)}`);
}

/** The text of a string-typed value (char(n) loses its trailing blanks). */
function textOf(s: string, from: ScalarName): string {
  return from === 'bpchar' ? s.replace(/ +$/, '') : s;
}

/** A text value converted to a string type (name truncates to 63 bytes). */
function fromText(s: string, to: ScalarName): string {
  if (to !== 'name' || Buffer.byteLength(s) < NAMEDATALEN) return s;
  let out = s;
  while (Buffer.byteLength(out) >= NAMEDATALEN) out = out.slice(0, -1);
  if (/[\ud800-\udbff]$/.test(out)) out = out.slice(0, -1);
  return out;
}

const TWO32 = 4294967296;
const OID_LIKE: ReadonlySet<ScalarName> = new Set([
  'oid',
  'regclass',
  'regtype',
  'regproc',
  'regnamespace',
  'regrole',
]);

const JSONB_TARGET_NAMES: Partial<Record<ScalarName, string>> = {
  bool: 'boolean',
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  numeric: 'numeric',
};

function jsonbLabel(v: Jsonb['value']): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Numeric) return 'numeric';
  return Array.isArray(v) ? 'array' : 'object';
}

function castJsonb(j: Jsonb, to: ScalarName): Datum {
  const label = JSONB_TARGET_NAMES[to];
  if (label === undefined) throw noCast(T_JSONB, scalar(to));
  const v = j.value;
  if (to === 'bool' && typeof v === 'boolean') return v;
  if (to !== 'bool' && v instanceof Numeric && isNumberName(to))
    return castNumber(v, 'numeric', to);
  throw invalidParameterValue(`cannot cast jsonb ${jsonbLabel(v)} to type ${label}`);
}

function castScalar(d: Datum, from: ScalarName, to: ScalarType, ctx: EvalContext): Datum {
  const t = to.name;
  if (from === t) return d;
  if (isNumberName(from) && isNumberName(t)) return castNumber(d, from, t);
  if (isStringType(from) || from === 'unknown') {
    const s = textOf(d as string, from);
    if (isStringType(t)) return fromText(s, t);
    if (t === 'char') return charPrefix(s, 1);
    // ('now', 'today' ... are the transaction's start, as now() is.)
    return parseText(s, scalar(t), ioSettings(ctx), ctx.txnStart);
  }
  if (from === 'char') {
    const s = d as string;
    if (isStringType(t)) return s;
    if (t === 'int4') {
      const c = s.length === 0 ? 0 : s.charCodeAt(0) & 0xff;
      return c > 127 ? c - 256 : c;
    }
  }
  if (from === 'int4' && t === 'char') {
    const v = d as number;
    if (v < -128 || v > 127) throw numericValueOutOfRange('"char" out of range');
    return v === 0 ? '' : String.fromCharCode(v & 0xff);
  }
  if (from === 'bool' && t === 'int4') return d === true ? 1 : 0;
  if (from === 'int4' && t === 'bool') return d !== 0;
  if (from === 'bool' && isStringType(t)) return d === true ? 'true' : 'false';
  if (OID_LIKE.has(t) && (from === 'int2' || from === 'int4' || OID_LIKE.has(from))) {
    const v = d as number;
    return v < 0 ? v + TWO32 : v;
  }
  if (OID_LIKE.has(t) && from === 'int8') {
    const v = d as bigint;
    if (v < 0n || v >= BigInt(TWO32)) throw numericValueOutOfRange('OID out of range');
    return Number(v);
  }
  if (OID_LIKE.has(from) && t === 'int4') {
    const v = d as number;
    return v > 2147483647 ? v - TWO32 : v;
  }
  if (OID_LIKE.has(from) && t === 'int8') return BigInt(d as number);
  if ((from === 'json' && t === 'jsonb') || (from === 'jsonb' && t === 'json')) return d;
  if (from === 'jsonb' && JSONB_TARGET_NAMES[t] !== undefined) return castJsonb(d as Jsonb, t);
  if (isDatetimeName(from) && isDatetimeName(t)) {
    const r = castDatetime(d, from, t, ctx.timeZone);
    if (r !== undefined) return r;
  }
  if (isStringType(t)) return fromText(formatText(d, scalar(from), ioSettings(ctx)), t);
  throw noCast(scalar(from), to);
}

/** Whether castContext allows `from` → `to` in `mode`. */
export function castAllowed(from: SqlType, to: SqlType, mode: CastContext): boolean {
  const c = castContext(from, to);
  if (c === null) return false;
  const rank = { implicit: 0, assignment: 1, explicit: 2 } as const;
  return rank[c] <= rank[mode];
}
