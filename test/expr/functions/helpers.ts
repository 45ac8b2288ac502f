// Test helpers for the function modules: an EvalContext, lookup of a function or operator by
// name and exact argument types, and small text readers/printers for date/time values (so the
// tests can state inputs and PostgreSQL's outputs as text).
import { EddyError } from '../../../src/errors/index.js';
import {
  Interval,
  Jsonb,
  Numeric,
  type Datum,
  type JsonNode,
  type SqlType,
} from '../../../src/repr/index.js';
import { formatJson, jsonbObject } from '../../../src/repr/io/json.js';
import {
  aggregateCandidates,
  operatorCandidates,
  scalarCandidates,
  tableCandidates,
} from '../../../src/expr/registry.js';
import type { AggInput, EvalContext, ParamType } from '../../../src/expr/signature.js';
import { zoneOf } from '../../../src/expr/functions/datetime-arith.js';
import {
  civilFromDays,
  daysFromCivil,
  formatInterval,
  formatOffset,
  localToUtc,
  timestampToFields,
  utcOffsetAt,
} from '../../../src/repr/datetime/index.js';

export function ctx(timeZone = 'UTC', now = '2024-05-06 07:08:09.123456+00'): EvalContext {
  const t = tstz(now);
  return { timeZone, txnStart: t, statementStart: t, setting: () => undefined };
}

const paramKey = (p: ParamType): string => (typeof p === 'string' ? p : `${p.array}[]`);

function pick<F extends { args: readonly ParamType[]; variadic?: boolean }>(
  list: readonly F[],
  what: string,
  types: readonly string[],
): F {
  const f = list.find(
    (c) => c.args.length === types.length && c.args.every((a, i) => paramKey(a) === types[i]),
  );
  if (f === undefined) throw new Error(`no ${what}(${types.join(', ')})`);
  return f;
}

/** Calls a scalar function (or operator if `name` is a symbol) with exact parameter types. */
export function call(
  name: string,
  types: readonly string[],
  args: readonly Datum[],
  c: EvalContext = ctx(),
  argTypes: readonly SqlType[] = [],
): Datum {
  const isOp = !/^[a-z_]/i.test(name);
  const f = pick(isOp ? operatorCandidates(name) : scalarCandidates(name), name, types);
  if (f.strict && args.some((a) => a === null)) return null;
  return f.impl(args, c, argTypes);
}

export function agg(
  name: string,
  types: readonly string[],
  inputs: readonly AggInput[],
  argTypes: readonly SqlType[] = [],
  c: EvalContext = ctx(),
): Datum {
  const f = pick(aggregateCandidates(name), name, types);
  const kept = f.strict ? inputs.filter(([a]) => a.every((x) => x !== null)) : inputs;
  return f.apply(kept, c, argTypes);
}

export function table(
  name: string,
  types: readonly string[],
  args: readonly Datum[],
  argTypes: readonly SqlType[] = [],
  c: EvalContext = ctx(),
): Datum[][] {
  const f = pick(tableCandidates(name), name, types);
  return [...f.impl(args, c, argTypes)].map((r) => [...r]);
}

/** The SQLSTATE and message of what `f` throws. */
export function err(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof EddyError) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error('expected an error');
}

export const num = (s: string): Numeric => Numeric.parse(s)!;

/** 'YYYY-MM-DD[ HH:MM:SS[.ffffff]][ BC]' as wall-clock µs. */
export function ts(s: string): bigint {
  const m = /^(\d+)-(\d+)-(\d+)(?:[ T](\d+):(\d+)(?::(\d+)(?:\.(\d+))?)?)?( BC)?$/.exec(s);
  if (m === null) throw new Error(`bad ts ${s}`);
  let y = Number(m[1]);
  if (m[8] !== undefined) y = 1 - y;
  const micro = Number((m[7] ?? '').padEnd(6, '0'));
  const days = daysFromCivil(y, Number(m[2]), Number(m[3]));
  return (
    BigInt(days) * 86_400_000_000n +
    BigInt(
      ((Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0)) * 60 + Number(m[6] ?? 0)) * 1_000_000 + micro,
    )
  );
}

/** timestamptz from text with an explicit offset (+00, -05, +05:30) or a zone name after '@'. */
export function tstz(s: string): bigint {
  const at = s.indexOf('@');
  if (at >= 0) return localToUtc(zoneOf(s.slice(at + 1)), ts(s.slice(0, at).trim()));
  const m = /^(.*?)([+-])(\d\d)(?::(\d\d))?$/.exec(s);
  if (m === null) throw new Error(`bad tstz ${s}`);
  const off = (Number(m[3]) * 3600 + Number(m[4] ?? 0) * 60) * (m[2] === '-' ? -1 : 1);
  return ts(m[1]!) - BigInt(off) * 1_000_000n;
}

export const date = (s: string): number => Number(ts(s) / 86_400_000_000n);
export const time = (s: string): number => Number(ts(`1970-01-01 ${s}`));

/** Interval from 'months days micros' pieces. */
export const iv = (months: number, days: number, micros: bigint | number): Interval =>
  new Interval(months, days, BigInt(micros));

const p2 = (n: number): string => String(n).padStart(2, '0');

/** PostgreSQL's ISO output of a wall-clock timestamp. */
export function showTs(v: Datum): string {
  if (v === null) return 'NULL';
  const f = timestampToFields(v as bigint);
  const y = f.year > 0 ? f.year : 1 - f.year;
  let s = `${String(y).padStart(4, '0')}-${p2(f.month)}-${p2(f.day)} ${p2(f.hour)}:${p2(f.minute)}:${p2(f.second)}`;
  if (f.micro) s += `.${String(f.micro).padStart(6, '0').replace(/0+$/, '')}`;
  return f.year <= 0 ? `${s} BC` : s;
}

export function showTstz(v: Datum, zone = 'UTC'): string {
  if (v === null) return 'NULL';
  const z = zoneOf(zone);
  const off = utcOffsetAt(z, v as bigint);
  const local = showTs((v as bigint) + BigInt(off) * 1_000_000n);
  const bc = local.endsWith(' BC');
  return (bc ? local.slice(0, -3) : local) + formatOffset(off) + (bc ? ' BC' : '');
}

export function showDate(v: Datum): string {
  if (v === null) return 'NULL';
  const f = civilFromDays(v as number);
  const y = f.year > 0 ? f.year : 1 - f.year;
  return `${String(y).padStart(4, '0')}-${p2(f.month)}-${p2(f.day)}${f.year <= 0 ? ' BC' : ''}`;
}

/** PostgreSQL's default (IntervalStyle postgres) interval output. */
export const showIv = (v: Datum): string => (v === null ? 'NULL' : formatInterval(v as Interval));

export const show = (v: Datum): string =>
  v === null ? 'NULL' : v instanceof Interval ? showIv(v) : String(v);

/** Parses JSON text into a jsonb datum (numbers exact, keys sorted as jsonb keeps them). */
export function jb(text: string): Jsonb {
  let i = 0;
  const ws = (): void => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const value = (): JsonNode => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, JsonNode][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return jsonbObject(entries);
      }
      for (;;) {
        const k = value() as string;
        ws();
        i++; // :
        entries.push([k, value()]);
        ws();
        if (text[i++] === '}') return jsonbObject(entries);
      }
    }
    if (c === '[') {
      i++;
      const out: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i++] === ']') return out;
      }
    }
    if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i))!;
      i += m[0].length;
      return JSON.parse(m[0]) as string;
    }
    const m = /^(true|false|null|-?[0-9.eE+-]+)/.exec(text.slice(i))!;
    i += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    if (m[0] === 'null') return null;
    return Numeric.parse(m[0])!;
  };
  return new Jsonb(value());
}

export const jtext = (v: Datum): string => (v === null ? 'NULL' : formatJson((v as Jsonb).value));

/** An hour in microseconds. */
export const H = 3_600_000_000n;
/** The evaluation context of a session in America/New_York, and timestamptz shown there. */
export const NY = ctx('America/New_York');
export const ny = (v: Datum): string => showTstz(v, 'America/New_York');
