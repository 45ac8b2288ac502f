// Built-in jsonb (and json alias) functions and operators: -> ->> #> #>> @> <@ ? ?| ?& || - #-,
// jsonb_typeof, jsonb_array_length, jsonb_build_object/array, to_jsonb, jsonb_object,
// jsonb_extract_path(_text), jsonb_strip_nulls, jsonb_pretty, jsonb_set, jsonb_insert,
// jsonb_exists, and the set-returning jsonb_object_keys / jsonb_array_elements(_text) /
// jsonb_each(_text) as table functions. json values share jsonb's representation here; the json
// functions that make values (to_json, json_build_*, json_object, row_to_json, array_to_json)
// write them as PostgreSQL does (json-text.ts).
import { arraySubscriptError, internalError, invalidParameterValue } from '../../errors/index.js';
import {
  Jsonb,
  PgArray,
  RecordDatum,
  T,
  type Datum,
  type JsonNode,
  type SqlType,
} from '../../repr/index.js';
import type { FunctionModule } from '../registry.js';
import type { EvalContext, ParamType, ReturnType, ScalarFunc, TableFunc } from '../signature.js';
import { isObject, jsonPretty, toJsonNode } from './jsonb-convert.js';
import { formatJson, jsonbObject, quoteJsonString } from '../../repr/io/json.js';
import {
  arrayJson,
  jsonElements,
  jsonFields,
  jsonOf,
  jsonPart,
  jsonPartText,
  jsonStripNulls,
  jsonText,
  objectJson,
  recordJson,
} from './json-text.js';
import * as J from './jsonb-ops.js';

type Impl = (a: readonly Datum[], ctx: EvalContext, types: readonly SqlType[]) => Datum;
type JT = 'jsonb' | 'json';

function fn(
  name: string,
  args: readonly ParamType[],
  ret: ReturnType,
  impl: Impl,
  opts: { strict?: boolean; variadic?: boolean; volatility?: 'immutable' | 'stable' } = {},
): ScalarFunc {
  return {
    name,
    args,
    ret,
    strict: opts.strict ?? true,
    volatility: opts.volatility ?? 'immutable',
    impl,
    ...(opts.variadic ? { variadic: true } : {}),
  };
}

const node = (d: Datum | undefined): JsonNode => (d as Jsonb).value;
const wrap = (v: JsonNode | undefined): Datum => (v === undefined ? null : new Jsonb(v));
const textArray = (d: Datum | undefined): (string | null)[] =>
  (d as PgArray).elements as (string | null)[];
const retOf = (t: JT): SqlType => (t === 'jsonb' ? T.jsonb : T.json);

/** A SQL value used as an object key (jsonb_build_object, jsonb_object_agg). */
function keyText(v: Datum, t: SqlType, ctx: EvalContext, pos: number): string {
  if (v === null) throw invalidParameterValue(`argument ${pos}: key must not be null`);
  const n = toJsonNode(v, t, ctx);
  return typeof n === 'string' ? n : formatJson(n);
}

function buildObject(
  a: readonly Datum[],
  ctx: EvalContext,
  types: readonly SqlType[],
  t: JT,
): Jsonb {
  if (a.length % 2 !== 0) {
    throw invalidParameterValue('argument list must have even number of elements', {
      hint: `The arguments of ${t}_build_object() must consist of alternating keys and values.`,
    });
  }
  const entries: [string, JsonNode][] = [];
  const texts: [string, string][] = [];
  for (let i = 0; i < a.length; i += 2) {
    const key = keyText(a[i]!, types[i] ?? T.text, ctx, i + 1);
    const vt = types[i + 1] ?? T.text;
    if (t === 'json') texts.push([key, jsonText(a[i + 1]!, vt, ctx)]);
    else entries.push([key, toJsonNode(a[i + 1]!, vt, ctx)]);
  }
  return t === 'json' ? jsonOf(objectJson(texts)) : new Jsonb(jsonbObject(entries));
}

/** jsonb_object / json_object of text pairs (a null value is JSON null). */
function textObject(entries: readonly (readonly [string, string | null])[], t: JT): Jsonb {
  if (t === 'jsonb') return new Jsonb(jsonbObject(entries));
  return jsonOf(objectJson(entries.map(([k, v]) => [k, v === null ? 'null' : quoteJsonString(v)])));
}

function objectFromArray(arr: PgArray): [string, string | null][] {
  const els = arr.elements as (string | null)[];
  if (arr.dims.length === 0) return [];
  if (arr.dims.length === 1) {
    if (els.length % 2 !== 0) throw arraySubscriptError('array must have even number of elements');
  } else if (arr.dims.length === 2) {
    if (arr.dims[1]!.length !== 2) throw arraySubscriptError('array must have two columns');
  } else {
    throw arraySubscriptError('wrong number of array subscripts');
  }
  const entries: [string, string | null][] = [];
  for (let i = 0; i < els.length; i += 2) {
    const k = els[i];
    if (k === null || k === undefined)
      throw invalidParameterValue('null value not allowed for object key');
    entries.push([k, els[i + 1] ?? null]);
  }
  return entries;
}

function objectFromPairs(keys: PgArray, vals: PgArray): [string, string | null][] {
  if (keys.dims.length > 1 || vals.dims.length > 1)
    throw arraySubscriptError('wrong number of array subscripts');
  if (keys.elements.length !== vals.elements.length)
    throw arraySubscriptError('mismatched array dimensions');
  return keys.elements.map((k, i) => {
    if (k === null) throw invalidParameterValue('null value not allowed for object key');
    return [k as string, (vals.elements[i] ?? null) as string | null];
  });
}

function arrayLength(v: JsonNode): number {
  if (Array.isArray(v)) return v.length;
  throw invalidParameterValue(
    isObject(v) ? 'cannot get array length of a non-array' : 'cannot get array length of a scalar',
  );
}

function scalarsFor(t: JT): ScalarFunc[] {
  const p = t === 'jsonb' ? 'jsonb' : 'json';
  const R = retOf(t);
  return [
    fn(`${p}_typeof`, [t], T.text, (a) => J.typeOf(node(a[0]))),
    fn(`${p}_array_length`, [t], T.int4, (a) => arrayLength(node(a[0]))),
    fn(`${p}_build_object`, ['any'], R, (a, c, ty) => buildObject(a, c, ty, t), {
      strict: false,
      variadic: true,
      volatility: 'stable',
    }),
    fn(`${p}_build_object`, [], R, () => (t === 'json' ? jsonOf('{}') : new Jsonb(new Map())), {
      strict: false,
    }),
    fn(
      `${p}_build_array`,
      ['any'],
      R,
      (a, c, ty) =>
        t === 'json'
          ? jsonOf(`[${a.map((v, i) => jsonText(v, ty[i] ?? T.text, c)).join(', ')}]`)
          : new Jsonb(a.map((v, i) => toJsonNode(v, ty[i] ?? T.text, c))),
      { strict: false, variadic: true, volatility: 'stable' },
    ),
    fn(`${p}_build_array`, [], R, () => (t === 'json' ? jsonOf('[]') : new Jsonb([])), {
      strict: false,
    }),
    fn(
      `to_${p}`,
      ['anyelement'],
      R,
      (a, c, ty) =>
        t === 'json'
          ? jsonOf(jsonText(a[0]!, ty[0] ?? T.text, c))
          : new Jsonb(toJsonNode(a[0]!, ty[0] ?? T.text, c)),
      { volatility: 'stable' },
    ),
    fn(`${p}_object`, [{ array: 'text' }], R, (a) =>
      textObject(objectFromArray(a[0] as PgArray), t),
    ),
    fn(`${p}_object`, [{ array: 'text' }, { array: 'text' }], R, (a) =>
      textObject(objectFromPairs(a[0] as PgArray, a[1] as PgArray), t),
    ),
    // Variadic: the path's steps arrive as arguments of their own.
    fn(
      `${p}_extract_path`,
      [t, { array: 'text' }],
      R,
      (a) => {
        const steps = a.slice(1) as string[];
        if (t === 'jsonb') return wrap(J.path(node(a[0]), steps));
        const part = jsonPart(a[0] as Jsonb, steps, true);
        return part === undefined ? null : jsonOf(part);
      },
      { variadic: true },
    ),
    fn(
      `${p}_extract_path_text`,
      [t, { array: 'text' }],
      T.text,
      (a) => {
        const steps = a.slice(1) as string[];
        if (t === 'jsonb') return J.asText(J.path(node(a[0]), steps));
        return jsonPartText(jsonPart(a[0] as Jsonb, steps, true));
      },
      { variadic: true },
    ),
    fn(`${p}_strip_nulls`, [t], R, (a) =>
      t === 'jsonb' ? new Jsonb(J.stripNulls(node(a[0]))) : jsonOf(jsonStripNulls(a[0] as Jsonb)),
    ),
  ];
}

function accessOps(t: JT): ScalarFunc[] {
  const R = retOf(t);
  if (t === 'json') {
    // json: the parts as written in the value's text.
    type Steps = readonly (string | number | null)[];
    const part = (d: Datum | undefined, steps: Steps, path = false): Datum => {
      const p = jsonPart(d as Jsonb, steps, path);
      return p === undefined ? null : jsonOf(p);
    };
    const text = (d: Datum | undefined, steps: Steps, path = false): Datum =>
      jsonPartText(jsonPart(d as Jsonb, steps, path));
    return [
      fn('->', [t, 'text'], R, (a) => part(a[0], [a[1] as string])),
      fn('->', [t, 'int4'], R, (a) => part(a[0], [a[1] as number])),
      fn('->>', [t, 'text'], T.text, (a) => text(a[0], [a[1] as string])),
      fn('->>', [t, 'int4'], T.text, (a) => text(a[0], [a[1] as number])),
      fn('#>', [t, { array: 'text' }], R, (a) => part(a[0], textArray(a[1]), true)),
      fn('#>>', [t, { array: 'text' }], T.text, (a) => text(a[0], textArray(a[1]), true)),
    ];
  }
  return [
    fn('->', [t, 'text'], R, (a) => wrap(J.field(node(a[0]), a[1] as string))),
    fn('->', [t, 'int4'], R, (a) => wrap(J.element(node(a[0]), a[1] as number))),
    fn('->>', [t, 'text'], T.text, (a) => J.asText(J.field(node(a[0]), a[1] as string))),
    fn('->>', [t, 'int4'], T.text, (a) => J.asText(J.element(node(a[0]), a[1] as number))),
    fn('#>', [t, { array: 'text' }], R, (a) => wrap(J.path(node(a[0]), textArray(a[1])))),
    fn('#>>', [t, { array: 'text' }], T.text, (a) => J.asText(J.path(node(a[0]), textArray(a[1])))),
  ];
}

/** row_to_json and array_to_json, without and with their `pretty` argument. */
function toJsonLayouts(): ScalarFunc[] {
  const row = (a: readonly Datum[], c: EvalContext, ty: readonly SqlType[]): Datum => {
    const t = ty[0]!;
    if (t.kind !== 'record') throw internalError('row_to_json of a non-record');
    return jsonOf(recordJson(a[0] as RecordDatum, t, c, a[1] === true));
  };
  const array = (a: readonly Datum[], c: EvalContext, ty: readonly SqlType[]): Datum => {
    const t = ty[0]!;
    if (t.kind !== 'array') throw internalError('array_to_json of a non-array');
    return jsonOf(arrayJson(a[0] as PgArray, t.elem, c, a[1] === true));
  };
  const stable = { volatility: 'stable' } as const;
  return [
    fn('row_to_json', ['record'], T.json, row, stable),
    fn('row_to_json', ['record', 'bool'], T.json, row, stable),
    fn('array_to_json', ['anyarray'], T.json, array, stable),
    fn('array_to_json', ['anyarray', 'bool'], T.json, array, stable),
  ];
}

const scalars: ScalarFunc[] = [
  ...scalarsFor('jsonb'),
  ...scalarsFor('json'),
  ...toJsonLayouts(),
  fn('jsonb_pretty', ['jsonb'], T.text, (a) => jsonPretty(node(a[0]))),
  fn(
    'jsonb_set',
    ['jsonb', { array: 'text' }, 'jsonb'],
    T.jsonb,
    (a) =>
      new Jsonb(J.setPath(node(a[0]), textArray(a[1]), node(a[2]), { kind: 'set', create: true })),
  ),
  fn(
    'jsonb_set',
    ['jsonb', { array: 'text' }, 'jsonb', 'bool'],
    T.jsonb,
    (a) =>
      new Jsonb(
        J.setPath(node(a[0]), textArray(a[1]), node(a[2]), {
          kind: 'set',
          create: a[3] as boolean,
        }),
      ),
  ),
  fn(
    'jsonb_insert',
    ['jsonb', { array: 'text' }, 'jsonb'],
    T.jsonb,
    (a) =>
      new Jsonb(
        J.setPath(node(a[0]), textArray(a[1]), node(a[2]), { kind: 'insert', after: false }),
      ),
  ),
  fn(
    'jsonb_insert',
    ['jsonb', { array: 'text' }, 'jsonb', 'bool'],
    T.jsonb,
    (a) =>
      new Jsonb(
        J.setPath(node(a[0]), textArray(a[1]), node(a[2]), {
          kind: 'insert',
          after: a[3] as boolean,
        }),
      ),
  ),
  fn('jsonb_exists', ['jsonb', 'text'], T.bool, (a) => J.exists(node(a[0]), a[1] as string)),
  fn('jsonb_exists_any', ['jsonb', { array: 'text' }], T.bool, (a) =>
    textArray(a[1]).some((k) => k !== null && J.exists(node(a[0]), k)),
  ),
  fn('jsonb_exists_all', ['jsonb', { array: 'text' }], T.bool, (a) =>
    textArray(a[1]).every((k) => k === null || J.exists(node(a[0]), k)),
  ),
  fn('jsonb_contains', ['jsonb', 'jsonb'], T.bool, (a) => J.contains(node(a[0]), node(a[1]))),
];

const operators: ScalarFunc[] = [
  ...accessOps('jsonb'),
  ...accessOps('json'),
  fn('@>', ['jsonb', 'jsonb'], T.bool, (a) => J.contains(node(a[0]), node(a[1]))),
  fn('<@', ['jsonb', 'jsonb'], T.bool, (a) => J.contains(node(a[1]), node(a[0]))),
  fn('?', ['jsonb', 'text'], T.bool, (a) => J.exists(node(a[0]), a[1] as string)),
  fn('?|', ['jsonb', { array: 'text' }], T.bool, (a) =>
    textArray(a[1]).some((k) => k !== null && J.exists(node(a[0]), k)),
  ),
  fn('?&', ['jsonb', { array: 'text' }], T.bool, (a) =>
    textArray(a[1]).every((k) => k === null || J.exists(node(a[0]), k)),
  ),
  fn('||', ['jsonb', 'jsonb'], T.jsonb, (a) => new Jsonb(J.concat(node(a[0]), node(a[1])))),
  fn('-', ['jsonb', 'text'], T.jsonb, (a) => new Jsonb(J.deleteKey(node(a[0]), a[1] as string))),
  fn('-', ['jsonb', { array: 'text' }], T.jsonb, (a) => {
    let v = node(a[0]);
    for (const k of textArray(a[1])) if (k !== null) v = J.deleteKey(v, k);
    return new Jsonb(v);
  }),
  fn('-', ['jsonb', 'int4'], T.jsonb, (a) => new Jsonb(J.deleteIndex(node(a[0]), a[1] as number))),
  fn(
    '#-',
    ['jsonb', { array: 'text' }],
    T.jsonb,
    (a) => new Jsonb(J.deletePath(node(a[0]), textArray(a[1]))),
  ),
];

const asText = (v: JsonNode): string | null => J.asText(v);

function tablesFor(t: JT): TableFunc[] {
  const p = t;
  const R = retOf(t);
  const one = (name: string, type: SqlType) => () => [{ name, type }];
  const objectOf = (v: JsonNode, what: string): Map<string, JsonNode> => {
    if (isObject(v)) return v;
    throw invalidParameterValue(`cannot call ${what} on a non-object`);
  };
  const elementsOf = (v: JsonNode): JsonNode[] => {
    if (Array.isArray(v)) return v;
    throw invalidParameterValue(
      isObject(v)
        ? 'cannot extract elements from an object'
        : 'cannot extract elements from a scalar',
    );
  };
  const tf = (
    name: string,
    columns: TableFunc['columns'],
    scalarResult: boolean,
    ret: ReturnType,
    impl: (d: Jsonb) => Datum[][],
  ): TableFunc => ({
    name,
    args: [t],
    ret,
    columns,
    scalarResult,
    strict: true,
    impl: (a) => impl(a[0] as Jsonb),
  });
  /** json: the parts as written in the value's text (with json's own error messages). */
  const elementTexts = (d: Jsonb, what: string): string[] => {
    const texts = jsonElements(d);
    if (texts !== undefined) return texts;
    throw invalidParameterValue(
      `cannot call ${what} on ${isObject(d.value) ? 'a non-array' : 'a scalar'}`,
    );
  };
  const fieldTexts = (d: Jsonb): [string, string][] => {
    const fields = jsonFields(d);
    if (fields !== undefined) return fields;
    throw invalidParameterValue(
      Array.isArray(d.value)
        ? 'cannot deconstruct an array as an object'
        : 'cannot deconstruct a scalar',
    );
  };
  return [
    tf(`${p}_object_keys`, one(`${p}_object_keys`, T.text), true, T.text, (d) => {
      const v = d.value;
      if (Array.isArray(v)) throw invalidParameterValue(`cannot call ${p}_object_keys on an array`);
      if (!isObject(v)) throw invalidParameterValue(`cannot call ${p}_object_keys on a scalar`);
      if (t === 'json') return jsonFields(d)!.map(([k]) => [k]);
      return [...v.keys()].map((k) => [k]);
    }),
    // One OUT parameter each (value): a scalar result whose column is named value.
    {
      ...tf(`${p}_array_elements`, one('value', R), true, R, (d) =>
        t === 'json'
          ? elementTexts(d, `${p}_array_elements`).map((x) => [jsonOf(x)])
          : elementsOf(d.value).map((x) => [new Jsonb(x)]),
      ),
      outParameter: true,
    },
    {
      ...tf(`${p}_array_elements_text`, one('value', T.text), true, T.text, (d) =>
        t === 'json'
          ? elementTexts(d, `${p}_array_elements_text`).map((x) => [jsonPartText(x)])
          : elementsOf(d.value).map((x) => [asText(x)]),
      ),
      outParameter: true,
    },
    tf(
      `${p}_each`,
      () => [
        { name: 'key', type: T.text },
        { name: 'value', type: R },
      ],
      false,
      R,
      (d) =>
        t === 'json'
          ? fieldTexts(d).map(([k, x]) => [k, jsonOf(x)])
          : [...objectOf(d.value, `${p}_each`)].map(([k, x]) => [k, new Jsonb(x)]),
    ),
    tf(
      `${p}_each_text`,
      () => [
        { name: 'key', type: T.text },
        { name: 'value', type: T.text },
      ],
      false,
      T.text,
      (d) =>
        t === 'json'
          ? fieldTexts(d).map(([k, x]) => [k, jsonPartText(x)])
          : [...objectOf(d.value, `${p}_each_text`)].map(([k, x]) => [k, asText(x)]),
    ),
  ];
}

/** Set-returning jsonb/json functions for the planner (FROM clause and SELECT-list SRFs). */
export const tableFunctions: readonly TableFunc[] = [...tablesFor('jsonb'), ...tablesFor('json')];

export const module: FunctionModule = { scalars, operators, tables: tableFunctions };
