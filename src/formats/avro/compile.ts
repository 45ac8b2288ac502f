// Compiles an Avro writer schema (parsed and name-resolved by the avsc package) into SQL
// columns and a reader that decodes one binary datum straight into a row, following
// Materialize's mapping (mz_interchange's "Avro schema → RelationDesc"):
//   record (top level)     its fields become the columns
//   boolean/int/long       bool/int4/int8;   float/double → float4/float8
//   string/enum            text;             bytes/fixed → bytea
//   decimal(p,s)           numeric(p,s);     uuid → uuid;   date → date
//   time-millis/-micros    time;             duration → interval
//   timestamp-millis/-micros        timestamptz (an instant, UTC)
//   local-timestamp-millis/-micros  timestamp
//   ["null", T] / [T, "null"]       nullable T
//   other unions ("essential")      one nullable column per non-null branch, named field1..N
//   nested record          a record type (its fields mapped the same way)
//   array of (nullable) scalars     T[];  arrays of non-scalars, maps, recursive records → jsonb
// Readers are closures built once per schema, so decoding allocates only the row and values.
import type avro from 'avsc';
import {
  arrayOf,
  Jsonb,
  Numeric,
  PgArray,
  RecordDatum,
  T,
  type Datum,
  type JsonNode,
  type SqlType,
} from '../../repr/index.js';
import { jsonbObject } from '../../repr/io/json.js';
import { formatText } from '../../repr/io/text.js';
import { DEFAULT_IO_SETTINGS } from '../../repr/io/settings.js';
import { AvroReadError, type Cursor } from './cursor.js';
import { scalarRead, type AnyType, type Mapped, type Read } from './scalars.js';

export { parseAvroSchema } from './scalars.js';

/** One SQL column produced by an Avro field. */
export interface AvroColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
}

/** The columns of a record's fields and a reader that fills them from `row[at...]`. */
export interface CompiledFields {
  readonly columns: readonly AvroColumn[];
  readonly readInto: (c: Cursor, row: Datum[], at: number) => void;
}

/** The SQL column(s) of a type in a field position. */
function mapType(t: AnyType, inProgress: Set<avro.Type>): Mapped {
  const s = scalarRead(t);
  if (s !== null) return s;
  if (t.typeName === 'record' && !inProgress.has(t)) {
    inProgress.add(t);
    const f = compileFields(t, inProgress);
    inProgress.delete(t);
    const n = f.columns.length;
    return {
      type: {
        kind: 'record',
        fields: f.columns.map((col) => ({ name: col.name, type: col.type })),
      },
      read: (c) => {
        const fields = new Array<Datum>(n);
        f.readInto(c, fields, 0);
        return new RecordDatum(fields);
      },
    };
  }
  if (t.typeName === 'array') {
    const item = arrayItem(t.itemsType!);
    if (item !== null && item.type.kind === 'scalar') {
      const read = item.read;
      return {
        type: arrayOf(item.type),
        read: (c) => {
          const out: Datum[] = [];
          for (let n = c.readBlockCount(); n !== 0; n = c.readBlockCount())
            for (let i = 0; i < n; i++) out.push(read(c));
          return PgArray.of(out);
        },
      };
    }
  }
  const json = jsonRead(t, inProgress);
  return { type: T.jsonb, read: (c) => new Jsonb(json(c)) };
}

/** The scalar reader of array items: a scalar, or ["null", scalar] (SQL arrays hold NULLs). */
function arrayItem(t: AnyType): Mapped | null {
  if (t.typeName !== 'union:wrapped') return scalarRead(t);
  const branches = t.types!;
  const nonNull = branches.filter((b) => b.typeName !== 'null');
  if (nonNull.length !== 1 || branches.length !== 2) return null;
  const inner = scalarRead(nonNull[0]!);
  if (inner === null) return null;
  const nullIndex = branches[0]!.typeName === 'null' ? 0 : 1;
  const read = inner.read;
  return {
    type: inner.type,
    read: (c) => {
      const i = c.readInt();
      if (i !== 0 && i !== 1) throw new AvroReadError(`invalid union index ${i}`);
      return i === nullIndex ? null : read(c);
    },
  };
}

/** A reader of any Avro type into a JSON value (for what has no SQL counterpart). */
function jsonRead(t: AnyType, inProgress: Set<avro.Type>): (c: Cursor) => JsonNode {
  switch (t.typeName) {
    case 'record': {
      const fields = t.fields!.map((f) => ({ name: f.name, read: lazyJson(f.type, inProgress) }));
      return (c) => jsonbObject(fields.map((f) => [f.name, f.read(c)] as const));
    }
    case 'array': {
      const item = lazyJson(t.itemsType!, inProgress);
      return (c) => {
        const out: JsonNode[] = [];
        for (let n = c.readBlockCount(); n !== 0; n = c.readBlockCount())
          for (let i = 0; i < n; i++) out.push(item(c));
        return out;
      };
    }
    case 'map': {
      const value = lazyJson(t.valuesType!, inProgress);
      return (c) => {
        const entries: [string, JsonNode][] = [];
        for (let n = c.readBlockCount(); n !== 0; n = c.readBlockCount())
          for (let i = 0; i < n; i++) entries.push([c.readString(), value(c)]);
        return jsonbObject(entries);
      };
    }
    case 'union:wrapped': {
      const branches = t.types!.map((b) => lazyJson(b, inProgress));
      return (c) => branchOf(branches, c.readInt())(c);
    }
    default: {
      const s = scalarRead(t);
      if (s === null) throw new AvroReadError(`unsupported Avro type ${t.typeName}`);
      const { read, type } = s;
      return (c) => toJson(read(c), type);
    }
  }
}

/** jsonRead resolved on first use, so that recursive records compile. */
function lazyJson(t: AnyType, inProgress: Set<avro.Type>): (c: Cursor) => JsonNode {
  let f: ((c: Cursor) => JsonNode) | null = null;
  return (c) => (f ??= jsonRead(t, inProgress))(c);
}

function branchOf<F>(branches: readonly F[], i: number): F {
  const b = branches[i];
  if (b === undefined) throw new AvroReadError(`invalid union index ${i}`);
  return b;
}

/** A scalar datum as a JSON value: numbers as numbers, other values as their text. */
function toJson(d: Datum, type: SqlType): JsonNode {
  if (d === null || typeof d === 'boolean' || typeof d === 'string') return d;
  if (typeof d === 'bigint') return Numeric.fromBigInt(d);
  if (d instanceof Numeric) return d;
  const numberType = type === T.int4 || type === T.float4 || type === T.float8;
  if (typeof d === 'number' && numberType && Number.isFinite(d)) return Numeric.fromNumber(d);
  return formatText(d, type, DEFAULT_IO_SETTINGS);
}

/** The columns of a record's fields (essential unions expanded) and their reader. */
export function compileFields(
  record: AnyType,
  inProgress = new Set<avro.Type>([record]),
): CompiledFields {
  const columns: AvroColumn[] = [];
  const readers: ((c: Cursor, row: Datum[], at: number) => void)[] = [];
  for (const field of record.fields!) {
    const at = columns.length;
    const t = field.type;
    if (t.typeName === 'union:wrapped') {
      const branches = t.types!;
      const nulls = branches.map((b) => b.typeName === 'null');
      const nonNull = branches.filter((b) => b.typeName !== 'null');
      if (nonNull.length === 1) {
        const m = mapType(nonNull[0]!, inProgress);
        columns.push({ name: field.name, type: m.type, nullable: true });
        const read = m.read;
        readers.push((c, row, base) => {
          const i = c.readInt();
          const isNull = nulls[i];
          if (isNull === undefined) throw new AvroReadError(`invalid union index ${i}`);
          row[base + at] = isNull ? null : read(c);
        });
        continue;
      }
      // An essential union: one nullable column per non-null branch, field1..fieldN.
      const slot: number[] = branches.map((b) => (b.typeName === 'null' ? -1 : 0));
      const reads: (Read | null)[] = [];
      let k = 0;
      for (let i = 0; i < branches.length; i++) {
        if (slot[i] === -1) {
          reads.push(null);
          continue;
        }
        const m = mapType(branches[i]!, inProgress);
        slot[i] = k++;
        columns.push({ name: `${field.name}${k}`, type: m.type, nullable: true });
        reads.push(m.read);
      }
      const width = k;
      readers.push((c, row, base) => {
        const i = c.readInt();
        const read = branchOf(reads, i);
        for (let j = 0; j < width; j++) row[base + at + j] = null;
        if (read !== null) row[base + at + slot[i]!] = read(c);
      });
      continue;
    }
    const m = mapType(t, inProgress);
    columns.push({ name: field.name, type: m.type, nullable: t.typeName === 'null' });
    const read = m.read;
    readers.push((c, row, base) => {
      row[base + at] = read(c);
    });
  }
  return {
    columns,
    readInto: (c, row, base) => {
      for (let i = 0; i < readers.length; i++) readers[i]!(c, row, base);
    },
  };
}

/** Compiles a top-level type: a record's fields, or any other type as one column `name`. */
export function compileTop(t: avro.Type, name: string): CompiledFields {
  const a = t as AnyType;
  if (a.typeName === 'record') return compileFields(a);
  const fake = { fields: [{ name, type: a }] } as unknown as AnyType;
  return compileFields(fake, new Set());
}
