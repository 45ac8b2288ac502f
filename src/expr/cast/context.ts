// Which casts exist and in which context they apply: PostgreSQL's pg_cast rows for Eddy's types
// (dumped from PostgreSQL 15), plus find_coercion_pathway's rules for I/O conversion casts
// (anything → string types in assignment context, string types → anything explicitly) and
// element-wise array casts. Casts involving regclass/regtype text need the catalog: the binder
// handles those, so they have no context here.
import type { ScalarName, SqlType } from '../../repr/types.js';

export type CastContext = 'implicit' | 'assignment' | 'explicit';

const I = 'implicit';
const A = 'assignment';
const E = 'explicit';

/** The reg* OID alias types: integers and oid cast to them implicitly (binary coercions). */
const TO_REG = { regclass: I, regnamespace: I, regproc: I, regrole: I, regtype: I } as const;
const TO_OID_ALIASES = { oid: I, ...TO_REG } as const;

/** pg_cast: source → target → context. */
const PG_CAST: Partial<Record<ScalarName, Partial<Record<ScalarName, CastContext>>>> = {
  bool: { int4: E, text: A, varchar: A, bpchar: A },
  bpchar: { char: A, name: I, text: I, varchar: I },
  char: { bpchar: A, int4: E, text: I, varchar: A },
  date: { timestamp: I, timestamptz: I },
  float4: { float8: I, int2: A, int4: A, int8: A, numeric: A },
  float8: { float4: A, int2: A, int4: A, int8: A, numeric: A },
  inet: { bpchar: A, text: A, varchar: A },
  int2: {
    float4: I,
    float8: I,
    int4: I,
    int8: I,
    numeric: I,
    ...TO_OID_ALIASES,
  },
  int4: {
    bool: E,
    char: E,
    float4: I,
    float8: I,
    int2: A,
    int8: I,
    numeric: I,
    ...TO_OID_ALIASES,
  },
  int8: {
    float4: I,
    float8: I,
    int2: A,
    int4: A,
    numeric: I,
    ...TO_OID_ALIASES,
  },
  interval: { time: A },
  json: { jsonb: A },
  jsonb: { bool: E, float4: E, float8: E, int2: E, int4: E, int8: E, json: A, numeric: E },
  name: { bpchar: A, text: I, varchar: A },
  numeric: { float4: I, float8: I, int2: A, int4: A, int8: A },
  oid: { int4: A, int8: A, ...TO_REG },
  regclass: { int4: A, int8: A, oid: I },
  regnamespace: { int4: A, int8: A, oid: I },
  regproc: { int4: A, int8: A, oid: I },
  regrole: { int4: A, int8: A, oid: I },
  regtype: { int4: A, int8: A, oid: I },
  pg_node_tree: { text: I },
  text: { bpchar: I, char: A, name: I, varchar: I },
  time: { interval: I },
  timestamp: { date: A, time: A, timestamptz: I },
  timestamptz: { date: A, time: A, timestamp: A },
  varchar: { bpchar: I, char: A, name: I, text: I },
};

const STRING_TYPES: ReadonlySet<ScalarName> = new Set(['text', 'varchar', 'bpchar', 'name']);
const REG_TYPES: ReadonlySet<ScalarName> = new Set([
  'regclass',
  'regtype',
  'regproc',
  'regnamespace',
  'regrole',
]);

export function isStringType(name: ScalarName): boolean {
  return STRING_TYPES.has(name);
}

function scalarContext(from: ScalarName, to: ScalarName): CastContext | null {
  if (from === to) return I;
  if (from === 'unknown') return I;
  const row = PG_CAST[from]?.[to];
  if (row !== undefined) return row;
  // text ↔ reg* needs name lookups in the catalog: the binder's job.
  if (REG_TYPES.has(from) || REG_TYPES.has(to)) return null;
  if (from === 'void' || to === 'void' || to === 'unknown') return null;
  if (isStringType(to)) return A;
  if (isStringType(from)) return E;
  return null;
}

/** The context in which `from` can be cast to `to` (null: no such cast). */
export function castContext(from: SqlType, to: SqlType): CastContext | null {
  if (from.kind === 'scalar' && to.kind === 'scalar') return scalarContext(from.name, to.name);
  if (from.kind === 'array' && to.kind === 'array') {
    return scalarContext(from.elem.name, to.elem.name);
  }
  if (from.kind === 'scalar' && from.name === 'unknown') return I;
  if (to.kind === 'scalar' && isStringType(to.name)) return A;
  if (from.kind === 'scalar' && isStringType(from.name) && to.kind === 'array') return E;
  return null;
}
