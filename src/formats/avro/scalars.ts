// Avro primitive and logical types: schema parsing through avsc (logical types are kept as
// markers that only record their attributes — values are decoded by our own reader), and the
// SQL type and reader of each primitive/logical type (the mapping is listed in ./compile.ts).
import avro from 'avsc';
import { Interval, Numeric, scalar, T, type Datum, type SqlType } from '../../repr/index.js';
import { parseUuid } from '../../repr/io/strings.js';
import { checkTimestamp } from '../../repr/datetime/index.js';
import { AvroReadError, type Cursor } from './cursor.js';

export type Read = (c: Cursor) => Datum;

/** A logical type wrapper for avsc that only records the attributes (we decode ourselves). */
class Marker extends avro.types.LogicalType {
  readonly attrs: Record<string, unknown>;
  constructor(attrs: Record<string, unknown>, opts?: unknown) {
    super(attrs as avro.Schema, opts);
    this.attrs = attrs;
  }
  protected override _fromValue(v: unknown): unknown {
    return v;
  }
  protected override _toValue(v: unknown): unknown {
    return v;
  }
}

const LOGICAL = [
  'decimal',
  'uuid',
  'date',
  'time-millis',
  'time-micros',
  'timestamp-millis',
  'timestamp-micros',
  'local-timestamp-millis',
  'local-timestamp-micros',
  'duration',
];

/** Parses and resolves a schema (throws avsc's error on an invalid schema). */
export function parseAvroSchema(schema: unknown): avro.Type {
  return avro.Type.forSchema(
    schema as avro.Schema,
    {
      logicalTypes: Object.fromEntries(LOGICAL.map((n) => [n, Marker])),
      wrapUnions: true,
    } as Partial<avro.ForSchemaOptions>,
  );
}

export interface Mapped {
  readonly type: SqlType;
  readonly read: Read;
}

/** Unwrapped view of avsc's type classes (their typings are loose). */
export type AnyType = avro.Type & {
  fields?: { name: string; type: AnyType }[];
  types?: AnyType[];
  itemsType?: AnyType;
  valuesType?: AnyType;
  symbols?: string[];
  size?: number;
  underlyingType?: AnyType;
  attrs?: Record<string, unknown>;
};

const US_PER_MS = 1000n;

/** The SQL type and reader of a primitive or logical type; null for complex types. */
export function scalarRead(t: AnyType): Mapped | null {
  const name = t.typeName;
  if (name.startsWith('logical:')) {
    const u = t.underlyingType!;
    const attrs = t.attrs ?? {};
    switch (name.slice(8)) {
      case 'decimal': {
        const p = Number(attrs.precision);
        const s = Number(attrs.scale ?? 0);
        const raw = u.typeName === 'fixed' ? fixedRead(u.size!) : (c: Cursor) => c.readBytes();
        const type =
          p > 0 && p <= 1000 && s >= 0 && s <= p
            ? scalar('numeric', ((p << 16) | s) + 4)
            : T.numeric;
        return { type, read: (c) => Numeric.of(twosComplement(raw(c)), s) };
      }
      case 'uuid':
        if (u.typeName === 'string')
          return { type: T.uuid, read: (c) => parseUuid(c.readString()) };
        break;
      case 'date':
        if (u.typeName === 'int') return { type: T.date, read: (c) => c.readInt() };
        break;
      case 'time-millis':
        if (u.typeName === 'int')
          return { type: T.time, read: (c) => checkTime(c.readInt() * 1000) };
        break;
      case 'time-micros':
        if (u.typeName === 'long')
          return { type: T.time, read: (c) => checkTime(Number(c.readLong())) };
        break;
      case 'timestamp-millis':
      case 'local-timestamp-millis':
        if (u.typeName === 'long')
          return {
            type: name.includes('local') ? T.timestamp : T.timestamptz,
            read: (c) => checkTimestamp(c.readLong() * US_PER_MS),
          };
        break;
      case 'timestamp-micros':
      case 'local-timestamp-micros':
        if (u.typeName === 'long')
          return {
            type: name.includes('local') ? T.timestamp : T.timestamptz,
            read: (c) => checkTimestamp(c.readLong()),
          };
        break;
      case 'duration':
        if (u.typeName === 'fixed' && u.size === 12)
          return { type: T.interval, read: readDuration };
        break;
    }
    return scalarRead(u);
  }
  switch (name) {
    case 'null':
      return { type: T.text, read: () => null };
    case 'boolean':
      return { type: T.bool, read: (c) => c.readBoolean() };
    case 'int':
      return { type: T.int4, read: (c) => c.readInt() };
    case 'long':
      return { type: T.int8, read: (c) => c.readLong() };
    case 'float':
      return { type: T.float4, read: (c) => c.readFloat() };
    case 'double':
      return { type: T.float8, read: (c) => c.readDouble() };
    case 'bytes':
      return { type: T.bytea, read: (c) => c.readBytes() };
    case 'fixed':
      return { type: T.bytea, read: fixedRead(t.size!) };
    case 'string':
      return { type: T.text, read: (c) => c.readString() };
    case 'enum': {
      const symbols = t.symbols!;
      return {
        type: T.text,
        read: (c) => {
          const i = c.readInt();
          const s = symbols[i];
          if (s === undefined) throw new AvroReadError(`invalid enum index ${i}`);
          return s;
        },
      };
    }
    default:
      return null;
  }
}

function fixedRead(size: number): (c: Cursor) => Uint8Array {
  return (c) => c.readFixed(size);
}

function readDuration(c: Cursor): Interval {
  const b = c.readFixed(12);
  const v = new DataView(b.buffer, b.byteOffset, 12);
  return new Interval(
    v.getUint32(0, true),
    v.getUint32(4, true),
    BigInt(v.getUint32(8, true)) * 1000n,
  );
}

/** A time of day in µs, which must lie in [00:00, 24:00]. */
function checkTime(us: number): number {
  if (!(us >= 0 && us <= 86_400_000_000)) throw new AvroReadError(`time out of range: ${us} µs`);
  return us;
}

/** A big-endian two's-complement integer (Avro decimal's unscaled value). */
function twosComplement(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return b[0]! & 0x80 ? v - (1n << BigInt(b.length * 8)) : v;
}
