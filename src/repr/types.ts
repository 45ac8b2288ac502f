// SQL types as Eddy binds them. Every column, parameter and expression has one SqlType.
// Scalar names are PostgreSQL's internal type names (typname), so the OIDs, pg_type rows and
// wire formats in ./pgtypes.ts follow from the name.

export type ScalarName =
  | 'bool'
  | 'int2'
  | 'int4'
  | 'int8'
  | 'float4'
  | 'float8'
  | 'numeric'
  | 'text'
  | 'varchar'
  | 'bpchar'
  | 'name'
  | 'char'
  | 'bytea'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'jsonb'
  | 'json'
  | 'uuid'
  | 'oid'
  | 'regclass'
  | 'regtype'
  | 'regproc'
  | 'regnamespace'
  | 'regrole'
  | 'int2vector'
  | 'oidvector'
  | 'pg_node_tree'
  | 'aclitem'
  | 'xid'
  | 'cid'
  | 'tid'
  | 'inet'
  | 'void'
  | 'unknown';

export interface ScalarType {
  readonly kind: 'scalar';
  readonly name: ScalarName;
  /** PostgreSQL typmod: varchar(n)/bpchar(n) → n + 4, numeric(p,s) → ((p << 16) | s) + 4; -1 = none. */
  readonly typmod: number;
}

export interface ArrayType {
  readonly kind: 'array';
  readonly elem: ScalarType;
}

export interface RecordType {
  readonly kind: 'record';
  readonly fields: readonly { readonly name: string; readonly type: SqlType }[];
}

export type SqlType = ScalarType | ArrayType | RecordType;

const scalarCache = new Map<ScalarName, ScalarType>();

/** The scalar type with no typmod (interned). */
export function scalar(name: ScalarName, typmod = -1): ScalarType {
  if (typmod !== -1) return { kind: 'scalar', name, typmod };
  let t = scalarCache.get(name);
  if (t === undefined) {
    t = { kind: 'scalar', name, typmod: -1 };
    scalarCache.set(name, t);
  }
  return t;
}

export function arrayOf(elem: ScalarType): ArrayType {
  return { kind: 'array', elem };
}

export const T = {
  bool: scalar('bool'),
  int2: scalar('int2'),
  int4: scalar('int4'),
  int8: scalar('int8'),
  float4: scalar('float4'),
  float8: scalar('float8'),
  numeric: scalar('numeric'),
  text: scalar('text'),
  varchar: scalar('varchar'),
  bpchar: scalar('bpchar'),
  name: scalar('name'),
  char: scalar('char'),
  bytea: scalar('bytea'),
  date: scalar('date'),
  time: scalar('time'),
  timestamp: scalar('timestamp'),
  timestamptz: scalar('timestamptz'),
  interval: scalar('interval'),
  jsonb: scalar('jsonb'),
  json: scalar('json'),
  uuid: scalar('uuid'),
  oid: scalar('oid'),
  regclass: scalar('regclass'),
  regtype: scalar('regtype'),
  regproc: scalar('regproc'),
  unknown: scalar('unknown'),
  void: scalar('void'),
} as const;

export function typeEquals(a: SqlType, b: SqlType): boolean {
  switch (a.kind) {
    case 'scalar':
      return b.kind === 'scalar' && a.name === b.name && a.typmod === b.typmod;
    case 'array':
      return b.kind === 'array' && typeEquals(a.elem, b.elem);
    case 'record':
      return (
        b.kind === 'record' &&
        a.fields.length === b.fields.length &&
        a.fields.every((f, i) => {
          const g = b.fields[i];
          return g !== undefined && f.name === g.name && typeEquals(f.type, g.type);
        })
      );
    default:
      return assertNever(a);
  }
}

/** Same type ignoring typmods (what operators and functions resolve on). */
export function sameBaseType(a: SqlType, b: SqlType): boolean {
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.name === b.name;
  if (a.kind === 'array' && b.kind === 'array') return a.elem.name === b.elem.name;
  return typeEquals(a, b);
}

export function assertNever(x: never): never {
  throw new Error(`unexpected variant: ${JSON.stringify(x)}`);
}
