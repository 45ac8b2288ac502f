// General aggregates: count, min/max over every ordered type, string_agg, array_agg (of scalars
// and of arrays), bool_and/bool_or/every, bit_and/bit_or/bit_xor, jsonb_agg/jsonb_object_agg
// (json_agg / json_object_agg written as PostgreSQL writes them: json-text.ts). Inputs arrive as
// (args, diff) pairs in the call's ORDER BY order.
import {
  arraySubscriptError,
  invalidParameterValue,
  nullValueNotAllowed,
} from '../../errors/index.js';
import {
  Jsonb,
  PgArray,
  T,
  compareDatum,
  scalar,
  type Datum,
  type JsonNode,
  type ScalarName,
  type SqlType,
} from '../../repr/index.js';
import type { AggInput, AggregateFunc, EvalContext, ParamType } from '../signature.js';
import { values } from './agg-numeric.js';
import { toJsonNode } from './jsonb-convert.js';
import { aggJson, jsonOf, jsonText, objectAggJson } from './json-text.js';
import { jsonbObject } from '../../repr/io/json.js';

function countAll(inputs: readonly AggInput[]): bigint {
  let n = 0n;
  for (const [, d] of inputs) n += BigInt(d);
  return n;
}

/** count's state: [count] as a number (earlier builds stored a bigint, read too). */
const countOf = (s: readonly Datum[]): number =>
  typeof s[0] === 'bigint' ? Number(s[0]) : (s[0] as number);

const countAccum = {
  zero: () => [0],
  add: (s: readonly Datum[], args: readonly Datum[], diff: number) => {
    for (let i = 0; i < args.length; i++) if (args[i] === null) return s;
    return [countOf(s) + diff];
  },
  finish: (s: readonly Datum[]) => BigInt(countOf(s)),
};

function extreme(inputs: readonly AggInput[], sign: 1 | -1): Datum {
  let best: Datum = null;
  for (const [v] of values(inputs)) {
    if (best === null || compareDatum(v, best) * sign > 0) best = v;
  }
  return best;
}

const ORDERED: readonly ParamType[] = [
  'int2',
  'int4',
  'int8',
  'float4',
  'float8',
  'numeric',
  'text',
  'bpchar',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'interval',
  'oid',
  'inet',
  'anyarray',
];

function stringAgg(inputs: readonly AggInput[]): string | null {
  let out: string | null = null;
  for (const [args, d] of inputs) {
    const v = args[0] ?? null;
    if (v === null) continue;
    const delim = (args[1] ?? '') as string;
    for (let i = 0; i < d; i++) out = out === null ? (v as string) : out + delim + (v as string);
  }
  return out;
}

function byteaAgg(inputs: readonly AggInput[]): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let first = true;
  for (const [args, d] of inputs) {
    const v = (args[0] ?? null) as Uint8Array | null;
    if (v === null) continue;
    const delim = (args[1] ?? new Uint8Array()) as Uint8Array;
    for (let i = 0; i < d; i++) {
      if (!first) parts.push(delim);
      parts.push(v);
      first = false;
    }
  }
  return first ? null : new Uint8Array(Buffer.concat(parts));
}

function repeatEach<X>(inputs: readonly AggInput[], f: (args: readonly Datum[]) => X): X[] {
  const out: X[] = [];
  for (const [args, d] of inputs) {
    const x = f(args);
    for (let i = 0; i < d; i++) out.push(x);
  }
  return out;
}

function arrayAgg(inputs: readonly AggInput[]): PgArray | null {
  if (inputs.length === 0) return null;
  return PgArray.of(repeatEach(inputs, (a) => a[0] ?? null));
}

/** array_agg(anyarray): stacks equal-shaped arrays into one more dimension. */
function arrayAggArrays(inputs: readonly AggInput[]): PgArray | null {
  const arrays = repeatEach(inputs, (a) => (a[0] ?? null) as PgArray | null);
  if (arrays.length === 0) return null;
  const first = arrays[0];
  const elements: Datum[] = [];
  for (const a of arrays) {
    if (a === null) throw nullValueNotAllowed('cannot accumulate null arrays');
    if (a.dims.length === 0) throw arraySubscriptError('cannot accumulate empty arrays');
    if (
      first === null ||
      first === undefined ||
      a.dims.length !== first.dims.length ||
      a.dims.some((d, i) => d.length !== first.dims[i]!.length || d.lower !== first.dims[i]!.lower)
    ) {
      throw arraySubscriptError('cannot accumulate arrays of different dimensionality');
    }
    elements.push(...a.elements);
  }
  return new PgArray(elements, [{ length: arrays.length, lower: 1 }, ...first!.dims]);
}

function boolAgg(inputs: readonly AggInput[], and: boolean): boolean | null {
  const vals = values(inputs);
  if (vals.length === 0) return null;
  return and ? vals.every(([v]) => v === true) : vals.some(([v]) => v === true);
}

function bitAgg(inputs: readonly AggInput[], op: 'and' | 'or' | 'xor', big: boolean): Datum {
  const vals = values(inputs);
  if (vals.length === 0) return null;
  let acc: bigint | null = null;
  for (const [v, d] of vals) {
    const x = BigInt(v as number | bigint);
    for (let i = 0; i < (op === 'xor' ? d : 1); i++) {
      acc = acc === null ? x : op === 'and' ? acc & x : op === 'or' ? acc | x : acc ^ x;
    }
  }
  return big ? acc! : Number(acc!);
}

/** jsonb_agg (`json`: json_agg, written as PostgreSQL writes it). */
function jsonAgg(
  inputs: readonly AggInput[],
  types: readonly SqlType[],
  ctx: EvalContext,
  json: boolean,
): Jsonb | null {
  if (inputs.length === 0) return null;
  const t = types[0] ?? T.text;
  if (json)
    return jsonOf(
      aggJson(
        repeatEach(inputs, (a) => a[0] ?? null),
        t,
        ctx,
      ),
    );
  return new Jsonb(repeatEach(inputs, (a) => toJsonNode(a[0] ?? null, t, ctx)));
}

/** jsonb_object_agg (`json`: json_object_agg, keys in order, duplicates kept). */
function jsonObjectAgg(
  inputs: readonly AggInput[],
  types: readonly SqlType[],
  ctx: EvalContext,
  json: boolean,
): Jsonb | null {
  if (inputs.length === 0) return null;
  const entries: [string, JsonNode][] = [];
  const texts: [string, string][] = [];
  for (const [args] of inputs) {
    const k = args[0] ?? null;
    if (k === null) throw invalidParameterValue('field name must not be null');
    const key = toJsonNode(k, types[0] ?? T.text, ctx);
    const keyText = typeof key === 'string' ? key : key === null ? 'null' : String(key);
    const value = args[1] ?? null;
    const vt = types[1] ?? T.text;
    if (json) texts.push([keyText, jsonText(value, vt, ctx)]);
    else entries.push([keyText, toJsonNode(value, vt, ctx)]);
  }
  return json ? jsonOf(objectAggJson(texts)) : new Jsonb(jsonbObject(entries));
}

function agg(
  name: string,
  args: readonly ParamType[],
  ret: AggregateFunc['ret'],
  strict: boolean,
  apply: AggregateFunc['apply'],
  accumulate?: AggregateFunc['accumulate'],
): AggregateFunc {
  return { name, args, ret, strict, apply, ...(accumulate ? { accumulate } : {}) };
}

export const generalAggregates: AggregateFunc[] = [
  agg('count', [], T.int8, false, (inputs) => countAll(inputs), countAccum),
  agg(
    'count',
    ['any'],
    T.int8,
    true,
    (inputs) => countAll(inputs.filter(([a]) => a[0] !== null)),
    countAccum,
  ),
  ...ORDERED.flatMap((t) => [
    agg('min', [t], t === 'anyarray' ? 'anyarray' : ret(t), true, (inputs) => extreme(inputs, -1)),
    agg('max', [t], t === 'anyarray' ? 'anyarray' : ret(t), true, (inputs) => extreme(inputs, 1)),
  ]),
  agg('string_agg', ['text', 'text'], T.text, false, (inputs) => stringAgg(inputs)),
  agg('string_agg', ['bytea', 'bytea'], T.bytea, false, (inputs) => byteaAgg(inputs)),
  agg('array_agg', ['anynonarray'], 'anyarray', false, (inputs) => arrayAgg(inputs)),
  agg('array_agg', ['anyarray'], 'anyarray', false, (inputs) => arrayAggArrays(inputs)),
  agg('bool_and', ['bool'], T.bool, true, (inputs) => boolAgg(inputs, true)),
  agg('every', ['bool'], T.bool, true, (inputs) => boolAgg(inputs, true)),
  agg('bool_or', ['bool'], T.bool, true, (inputs) => boolAgg(inputs, false)),
  ...(['int2', 'int4', 'int8'] as const).flatMap((t) =>
    (['and', 'or', 'xor'] as const).map((op) =>
      agg(`bit_${op}`, [t], ret(t), true, (inputs) => bitAgg(inputs, op, t === 'int8')),
    ),
  ),
  agg('jsonb_agg', ['anyelement'], T.jsonb, false, (i, c, t) => jsonAgg(i, t, c, false)),
  agg('json_agg', ['anyelement'], T.json, false, (i, c, t) => jsonAgg(i, t, c, true)),
  agg('jsonb_object_agg', ['any', 'any'], T.jsonb, false, (i, c, t) =>
    jsonObjectAgg(i, t, c, false),
  ),
  agg('json_object_agg', ['any', 'any'], T.json, false, (i, c, t) => jsonObjectAgg(i, t, c, true)),
];

function ret(t: ParamType): SqlType {
  return scalar(t as ScalarName);
}
