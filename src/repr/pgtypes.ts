// PostgreSQL's type catalog for Eddy's SqlTypes: OIDs, pg_type rows (for the pg_catalog views),
// type categories and preferred types (for PostgreSQL's overload and coercion rules),
// format_type names ('character varying(10)', 'timestamp with time zone', 'integer[]') and the
// resolution of SQL type names and aliases ('int', 'double precision', 'varchar(n)') to SqlTypes.
import { invalidParameterValue, syntaxError } from '../errors/index.js';
import { arrayOf, assertNever, scalar, type ScalarName, type SqlType } from './types.js';

export interface PgTypeInfo {
  readonly oid: number;
  readonly typname: string;
  readonly typlen: number;
  readonly typbyval: boolean;
  readonly typtype: string;
  readonly typcategory: string;
  readonly typispreferred: boolean;
  readonly typdelim: string;
  readonly typelem: number;
  readonly typarray: number;
  readonly typinput: string;
  readonly typoutput: string;
  readonly typreceive: string;
  readonly typsend: string;
  readonly typalign: string;
  readonly typstorage: string;
  readonly typnotnull: boolean;
  readonly typbasetype: number;
  readonly typtypmod: number;
  readonly typndims: number;
  readonly typcollation: number;
}

// name, oid, len, byval, type, category, preferred, elem, array, in/out/recv/send prefix, align, storage, collation
type Row = [
  ScalarName,
  number,
  number,
  boolean,
  string,
  string,
  boolean,
  number,
  number,
  string,
  string,
  string,
  number,
];

// The procs are `${p}in`, `${p}out`, `${p}recv`, `${p}send` unless p ends with '_' (date_in ...).
const ROWS: readonly Row[] = [
  ['bool', 16, 1, true, 'b', 'B', true, 0, 1000, 'bool', 'c', 'p', 0],
  ['bytea', 17, -1, false, 'b', 'U', false, 0, 1001, 'bytea', 'i', 'x', 0],
  ['char', 18, 1, true, 'b', 'Z', false, 0, 1002, 'char', 'c', 'p', 0],
  ['name', 19, 64, false, 'b', 'S', false, 18, 1003, 'name', 'c', 'p', 950],
  ['int8', 20, 8, true, 'b', 'N', false, 0, 1016, 'int8', 'd', 'p', 0],
  ['int2', 21, 2, true, 'b', 'N', false, 0, 1005, 'int2', 's', 'p', 0],
  ['int2vector', 22, -1, false, 'b', 'A', false, 21, 1006, 'int2vector', 'i', 'p', 0],
  ['int4', 23, 4, true, 'b', 'N', false, 0, 1007, 'int4', 'i', 'p', 0],
  ['regproc', 24, 4, true, 'b', 'N', false, 0, 1008, 'regproc', 'i', 'p', 0],
  ['text', 25, -1, false, 'b', 'S', true, 0, 1009, 'text', 'i', 'x', 100],
  ['oid', 26, 4, true, 'b', 'N', true, 0, 1028, 'oid', 'i', 'p', 0],
  ['tid', 27, 6, false, 'b', 'U', false, 0, 1010, 'tid', 's', 'p', 0],
  ['xid', 28, 4, true, 'b', 'U', false, 0, 1011, 'xid', 'i', 'p', 0],
  ['cid', 29, 4, true, 'b', 'U', false, 0, 1012, 'cid', 'i', 'p', 0],
  ['oidvector', 30, -1, false, 'b', 'A', false, 26, 1013, 'oidvector', 'i', 'p', 0],
  ['json', 114, -1, false, 'b', 'U', false, 0, 199, 'json_', 'i', 'x', 0],
  ['pg_node_tree', 194, -1, false, 'b', 'Z', false, 0, 0, 'pg_node_tree_', 'i', 'x', 100],
  ['float4', 700, 4, true, 'b', 'N', false, 0, 1021, 'float4', 'i', 'p', 0],
  ['float8', 701, 8, true, 'b', 'N', true, 0, 1022, 'float8', 'd', 'p', 0],
  ['unknown', 705, -2, false, 'p', 'X', false, 0, 0, 'unknown', 'c', 'p', 0],
  ['inet', 869, -1, false, 'b', 'I', true, 0, 1041, 'inet_', 'i', 'm', 0],
  ['aclitem', 1033, 12, false, 'b', 'U', false, 0, 1034, 'aclitem', 'i', 'p', 0],
  ['bpchar', 1042, -1, false, 'b', 'S', false, 0, 1014, 'bpchar', 'i', 'x', 100],
  ['varchar', 1043, -1, false, 'b', 'S', false, 0, 1015, 'varchar', 'i', 'x', 100],
  ['date', 1082, 4, true, 'b', 'D', false, 0, 1182, 'date_', 'i', 'p', 0],
  ['time', 1083, 8, true, 'b', 'D', false, 0, 1183, 'time_', 'd', 'p', 0],
  ['timestamp', 1114, 8, true, 'b', 'D', false, 0, 1115, 'timestamp_', 'd', 'p', 0],
  ['timestamptz', 1184, 8, true, 'b', 'D', true, 0, 1185, 'timestamptz_', 'd', 'p', 0],
  ['interval', 1186, 16, false, 'b', 'T', true, 0, 1187, 'interval_', 'd', 'p', 0],
  ['numeric', 1700, -1, false, 'b', 'N', false, 0, 1231, 'numeric_', 'i', 'm', 0],
  ['regclass', 2205, 4, true, 'b', 'N', false, 0, 2210, 'regclass', 'i', 'p', 0],
  ['regtype', 2206, 4, true, 'b', 'N', false, 0, 2211, 'regtype', 'i', 'p', 0],
  ['void', 2278, 4, true, 'p', 'P', false, 0, 0, 'void_', 'i', 'p', 0],
  ['uuid', 2950, 16, false, 'b', 'U', false, 0, 2951, 'uuid_', 'c', 'p', 0],
  ['jsonb', 3802, -1, false, 'b', 'U', false, 0, 3807, 'jsonb_', 'i', 'x', 0],
  ['regnamespace', 4089, 4, true, 'b', 'N', false, 0, 4090, 'regnamespace', 'i', 'p', 0],
  ['regrole', 4096, 4, true, 'b', 'N', false, 0, 4097, 'regrole', 'i', 'p', 0],
];

export const RECORD_OID = 2249;
export const RECORD_ARRAY_OID = 2287;

function procs(p: string): [string, string, string, string] {
  if (p === 'aclitem') return ['aclitemin', 'aclitemout', '-', '-'];
  return [`${p}in`, `${p}out`, `${p}recv`, `${p}send`];
}

const SCALARS = new Map<ScalarName, PgTypeInfo>();
const ARRAYS = new Map<ScalarName, PgTypeInfo>();
const BY_OID = new Map<number, SqlType>();

for (const [
  name,
  oid,
  len,
  byval,
  typtype,
  cat,
  pref,
  elem,
  array,
  proc,
  align,
  storage,
  coll,
] of ROWS) {
  const [typinput, typoutput, typreceive, typsend] = procs(proc);
  const info: PgTypeInfo = {
    oid,
    typname: name,
    typlen: len,
    typbyval: byval,
    typtype,
    typcategory: cat,
    typispreferred: pref,
    typdelim: ',',
    typelem: elem,
    typarray: array,
    typinput,
    typoutput,
    typreceive,
    typsend,
    typalign: align,
    typstorage: storage,
    typnotnull: false,
    typbasetype: 0,
    typtypmod: -1,
    typndims: 0,
    typcollation: coll,
  };
  SCALARS.set(name, info);
  BY_OID.set(oid, scalar(name));
  if (array !== 0) {
    ARRAYS.set(name, {
      oid: array,
      typname: `_${name}`,
      typlen: -1,
      typbyval: false,
      typtype: 'b',
      typcategory: 'A',
      typispreferred: false,
      typdelim: ',',
      typelem: oid,
      typarray: 0,
      typinput: 'array_in',
      typoutput: 'array_out',
      typreceive: 'array_recv',
      typsend: 'array_send',
      typalign: align === 'd' ? 'd' : 'i',
      typstorage: 'x',
      typnotnull: false,
      typbasetype: 0,
      typtypmod: -1,
      typndims: 0,
      typcollation: coll,
    });
    BY_OID.set(array, arrayOf(scalar(name)));
  }
}

const RECORD_INFO: PgTypeInfo = {
  oid: RECORD_OID,
  typname: 'record',
  typlen: -1,
  typbyval: false,
  typtype: 'p',
  typcategory: 'P',
  typispreferred: false,
  typdelim: ',',
  typelem: 0,
  typarray: RECORD_ARRAY_OID,
  typinput: 'record_in',
  typoutput: 'record_out',
  typreceive: 'record_recv',
  typsend: 'record_send',
  typalign: 'd',
  typstorage: 'x',
  typnotnull: false,
  typbasetype: 0,
  typtypmod: -1,
  typndims: 0,
  typcollation: 0,
};
const RECORD_ARRAY_INFO: PgTypeInfo = {
  ...RECORD_INFO,
  oid: RECORD_ARRAY_OID,
  typname: '_record',
  typelem: RECORD_OID,
  typarray: 0,
  typinput: 'array_in',
  typoutput: 'array_out',
  typreceive: 'array_recv',
  typsend: 'array_send',
};
BY_OID.set(RECORD_OID, { kind: 'record', fields: [] });

export function typeInfo(name: ScalarName): PgTypeInfo {
  const info = SCALARS.get(name);
  if (info === undefined) throw new Error(`no pg_type row for ${name}`);
  return info;
}

/** The pg_type row of any SqlType (arrays → their array type, records → record). */
export function typeInfoOf(t: SqlType): PgTypeInfo {
  switch (t.kind) {
    case 'scalar':
      return typeInfo(t.name);
    case 'array':
      return ARRAYS.get(t.elem.name) ?? RECORD_ARRAY_INFO;
    case 'record':
      return RECORD_INFO;
    default:
      return assertNever(t);
  }
}

/** Every pg_type row Eddy knows: scalars, their array types, record and record[]. */
export function allTypes(): readonly PgTypeInfo[] {
  return [...SCALARS.values(), ...ARRAYS.values(), RECORD_INFO, RECORD_ARRAY_INFO];
}

export function typeOid(t: SqlType): number {
  return typeInfoOf(t).oid;
}

export function typeFromOid(oid: number): SqlType | undefined {
  return BY_OID.get(oid);
}

export function typeLen(t: SqlType): number {
  return typeInfoOf(t).typlen;
}

export function typeCategory(t: SqlType): string {
  return typeInfoOf(t).typcategory;
}

export function isPreferredType(t: SqlType): boolean {
  return typeInfoOf(t).typispreferred;
}

const FORMAT_NAMES: Partial<Record<ScalarName, string>> = {
  bool: 'boolean',
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  varchar: 'character varying',
  bpchar: 'character',
  char: '"char"',
  time: 'time without time zone',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
};

const INTERVAL_FIELDS: ReadonlyMap<number, string> = new Map([
  [4, ' year'],
  [2, ' month'],
  [8, ' day'],
  [1024, ' hour'],
  [2048, ' minute'],
  [4096, ' second'],
  [6, ' year to month'],
  [8 | 1024, ' day to hour'],
  [8 | 1024 | 2048, ' day to minute'],
  [8 | 1024 | 2048 | 4096, ' day to second'],
  [1024 | 2048, ' hour to minute'],
  [1024 | 2048 | 4096, ' hour to second'],
  [2048 | 4096, ' minute to second'],
]);
const INTERVAL_FULL_RANGE = 0x7fff;
const INTERVAL_FULL_PRECISION = 0xffff;

function typmodText(name: ScalarName, typmod: number): string {
  if (typmod < 0) return '';
  switch (name) {
    case 'varchar':
    case 'bpchar':
      return `(${typmod - 4})`;
    case 'numeric': {
      const t = typmod - 4;
      const scale = ((t & 0x7ff) ^ 1024) - 1024;
      return `(${(t >> 16) & 0xffff},${scale})`;
    }
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return `(${typmod})`;
    case 'interval': {
      const range = (typmod >> 16) & INTERVAL_FULL_RANGE;
      const prec = typmod & 0xffff;
      const fields = range === INTERVAL_FULL_RANGE ? '' : (INTERVAL_FIELDS.get(range) ?? '');
      return fields + (prec === INTERVAL_FULL_PRECISION ? '' : `(${prec})`);
    }
    default:
      return '';
  }
}

/** format_type(oid, typmod) for a SqlType. */
export function formatType(t: SqlType): string {
  switch (t.kind) {
    case 'scalar': {
      const mods = typmodText(t.name, t.typmod);
      if (t.name === 'bpchar' && t.typmod < 0) return 'bpchar';
      const base = FORMAT_NAMES[t.name] ?? t.name;
      if (t.name === 'time' || t.name === 'timestamp' || t.name === 'timestamptz') {
        const i = base.indexOf(' ');
        return i < 0 ? base + mods : base.slice(0, i) + mods + base.slice(i);
      }
      return base + mods;
    }
    case 'array':
      return `${formatType(t.elem)}[]`;
    case 'record':
      return 'record';
    default:
      return assertNever(t);
  }
}

const ALIASES: ReadonlyMap<string, ScalarName> = new Map<string, ScalarName>([
  ['int', 'int4'],
  ['integer', 'int4'],
  ['smallint', 'int2'],
  ['bigint', 'int8'],
  ['real', 'float4'],
  ['double precision', 'float8'],
  ['float', 'float8'],
  ['decimal', 'numeric'],
  ['dec', 'numeric'],
  ['boolean', 'bool'],
  ['character varying', 'varchar'],
  ['char varying', 'varchar'],
  ['character', 'bpchar'],
  ['time without time zone', 'time'],
  ['timestamp without time zone', 'timestamp'],
  ['timestamp with time zone', 'timestamptz'],
  ['"char"', 'char'],
]);

function intTypmod(name: string, mods: readonly number[]): number {
  if (mods.length !== 1) throw syntaxError(`invalid type modifier`);
  return mods[0]!;
}

function scalarWithMods(name: ScalarName, spelled: string, mods: readonly number[]): SqlType {
  if (mods.length === 0) return scalar(name);
  switch (name) {
    case 'varchar':
    case 'bpchar': {
      const n = intTypmod(spelled, mods);
      const tn = name === 'varchar' ? 'varchar' : 'char';
      if (n < 1) throw invalidParameterValue(`length for type ${tn} must be at least 1`);
      if (n > 10_485_760)
        throw invalidParameterValue(`length for type ${tn} cannot exceed 10485760`);
      return scalar(name, n + 4);
    }
    case 'numeric': {
      if (mods.length > 2) throw syntaxError('invalid NUMERIC type modifier');
      const p = mods[0]!;
      const s = mods[1] ?? 0;
      if (p < 1 || p > 1000)
        throw invalidParameterValue(`NUMERIC precision ${p} must be between 1 and 1000`);
      if (s < -1000 || s > 1000)
        throw invalidParameterValue(`NUMERIC scale ${s} must be between -1000 and 1000`);
      return scalar('numeric', ((p << 16) | (s & 0x7ff)) + 4);
    }
    case 'time':
    case 'timestamp':
    case 'timestamptz': {
      const p = intTypmod(spelled, mods);
      const label =
        name === 'timestamptz'
          ? 'TIMESTAMP(%d) WITH TIME ZONE'
          : name === 'timestamp'
            ? 'TIMESTAMP(%d)'
            : 'TIME(%d)';
      if (p < 0)
        throw invalidParameterValue(
          `${label.replace('%d', String(p))} precision must not be negative`,
        );
      return scalar(name, Math.min(p, 6));
    }
    case 'interval': {
      const range = mods[0]!;
      const prec = mods.length > 1 ? Math.min(mods[1]!, 6) : INTERVAL_FULL_PRECISION;
      if (prec < 0) throw invalidParameterValue(`INTERVAL(${prec}) precision must not be negative`);
      if (range === INTERVAL_FULL_RANGE && prec === INTERVAL_FULL_PRECISION)
        return scalar('interval');
      return scalar('interval', ((range & INTERVAL_FULL_RANGE) << 16) | prec);
    }
    default:
      throw syntaxError(`type modifier is not allowed for type "${spelled}"`);
  }
}

/**
 * Resolves a type name as written in SQL or produced by libpg-query ('int4', 'integer',
 * 'character varying', 'float', '_int4', 'text[]', 'pg_catalog.int8') with its typmod
 * arguments. Undefined when no such type exists; throws for invalid modifiers.
 */
export function typeFromName(name: string, typmods: number[]): SqlType | undefined {
  let n = name.trim();
  if (n.startsWith('pg_catalog.')) n = n.slice('pg_catalog.'.length);
  const quoted = n === '"char"' || n === 'char';
  if (!quoted) n = n.toLowerCase().replace(/\s+/g, ' ');
  if (n.endsWith('[]')) {
    const elem = typeFromName(n.slice(0, -2), typmods);
    return elem?.kind === 'scalar' ? arrayOf(elem) : undefined;
  }
  if (n.startsWith('_') && n.length > 1) {
    const elem = SCALARS.has(n.slice(1) as ScalarName)
      ? typeFromName(n.slice(1), typmods)
      : undefined;
    return elem?.kind === 'scalar' && ARRAYS.has(elem.name) ? arrayOf(elem) : undefined;
  }
  if (n === 'record') return { kind: 'record', fields: [] };
  if (n === 'float' && typmods.length > 0) {
    const p = typmods[0]!;
    if (p < 1) throw invalidParameterValue('precision for type float must be at least 1 bit');
    if (p > 53) throw invalidParameterValue('precision for type float must be less than 54 bits');
    return scalar(p <= 24 ? 'float4' : 'float8');
  }
  if (n === 'character' && typmods.length === 0) return scalar('bpchar', 5);
  const resolved = ALIASES.get(n) ?? (SCALARS.has(n as ScalarName) ? (n as ScalarName) : undefined);
  if (resolved === undefined) return undefined;
  return scalarWithMods(resolved, n, typmods);
}
