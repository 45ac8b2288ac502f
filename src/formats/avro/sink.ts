// FORMAT AVRO for sinks: the Avro schema Materialize generates for a relation (CREATE SINK:
// Kafka, "Avro"), and the encoding of rows under it. Columns become fields of a record named
// `envelope` (values) or `row` (keys) unless a fullname is given; nullable columns are
// ["null", T]; names that are not valid Avro names are adjusted (non-alphanumerics → "_", a
// leading digit gets "_", duplicates get the smallest number that makes them unique).
// Types: bool → boolean, int2/int4 → int, int8 → long, float4 → float, float8 → double,
// numeric(p,s) → bytes decimal(p,s) (unconstrained numeric: decimal(81,39)), text types →
// string, bytea → bytes, date → int date, time → long time-micros, timestamp(tz)(p) → long
// timestamp-millis when p <= 3 else timestamp-micros, jsonb → string io.debezium.data.Json,
// uuid → string uuid, arrays → array of nullable items, records → records.
// Deviations from Materialize (its custom fixed encodings are not reproduced): interval and
// every other type → string of its text output; oid → long.
// With ENVELOPE DEBEZIUM the value record is {before: ["null", row], after: ["null", row]}.
import { numericValueOutOfRange } from '../../errors/index.js';
import {
  Numeric,
  PgArray,
  RecordDatum,
  TS_NEG_INFINITY,
  TS_POS_INFINITY,
  type Datum,
  type Row,
  type SqlType,
} from '../../repr/index.js';
import { formatText } from '../../repr/io/text.js';
import { DEFAULT_IO_SETTINGS } from '../../repr/io/settings.js';
import { compactJson } from '../json-encode.js';
import type { FormatColumn } from '../spec.js';
import type { Jsonb } from '../../repr/index.js';
import { Writer } from './writer.js';

type Put = (w: Writer, d: Datum) => void;
type Schema = string | Record<string, unknown> | unknown[];

/** Avro names: [A-Za-z_][A-Za-z0-9_]*, unique among the record's fields. */
export function avroFieldNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    let s = n.replace(/[^A-Za-z0-9_]/g, '_');
    if (s === '' || /^[0-9]/.test(s)) s = `_${s}`;
    let out = s;
    for (let i = 1; used.has(out); i++) out = `${s}${i}`;
    used.add(out);
    return out;
  });
}

interface Compiled {
  readonly schema: Schema;
  readonly put: Put;
}

interface CompiledRecord {
  readonly schema: Schema;
  readonly putRow: (w: Writer, row: readonly Datum[]) => void;
}

class SchemaBuilder {
  private records = 0;

  column(type: SqlType, nullable: boolean): Compiled {
    const c = this.type(type);
    if (!nullable) return c;
    const put = c.put;
    return {
      schema: ['null', c.schema],
      put: (w, d) => {
        if (d === null) w.byte(0);
        else {
          w.byte(2);
          put(w, d);
        }
      },
    };
  }

  record(name: string, columns: readonly FormatColumn[]): CompiledRecord {
    const names = avroFieldNames(columns.map((c) => c.name));
    const fields = columns.map((c) => this.column(c.type, c.nullable));
    const puts = fields.map((f) => f.put);
    return {
      schema: {
        type: 'record',
        name,
        fields: fields.map((f, i) => ({ name: names[i], type: f.schema })),
      },
      putRow: (w, r) => {
        for (let i = 0; i < puts.length; i++) puts[i]!(w, r[i] ?? null);
      },
    };
  }

  private type(t: SqlType): Compiled {
    if (t.kind === 'array') {
      const item = this.column(t.elem, true);
      return {
        schema: { type: 'array', items: item.schema },
        put: (w, d) => {
          const els = (d as PgArray).elements;
          if (els.length > 0) {
            w.writeInt(els.length);
            for (const e of els) item.put(w, e);
          }
          w.byte(0);
        },
      };
    }
    if (t.kind === 'record') {
      const name = `com.materialize.sink.record${this.records++}`;
      const cols = t.fields.map((f) => ({ name: f.name, type: f.type, nullable: true }));
      const inner = this.record(name, cols);
      return { schema: inner.schema, put: (w, d) => inner.putRow(w, (d as RecordDatum).fields) };
    }
    switch (t.name) {
      case 'bool':
        return { schema: 'boolean', put: (w, d) => w.byte(d === true ? 1 : 0) };
      case 'int2':
      case 'int4':
        return { schema: 'int', put: (w, d) => w.writeInt(d as number) };
      case 'int8':
        return { schema: 'long', put: (w, d) => w.writeLong(d as bigint) };
      case 'oid':
        return { schema: 'long', put: (w, d) => w.writeInt(d as number) };
      case 'float4':
        return { schema: 'float', put: (w, d) => w.writeFloat(d as number) };
      case 'float8':
        return { schema: 'double', put: (w, d) => w.writeDouble(d as number) };
      case 'numeric': {
        const [p, s] = t.typmod >= 4 ? [(t.typmod - 4) >> 16, (t.typmod - 4) & 0xffff] : [81, 39];
        return {
          schema: { type: 'bytes', logicalType: 'decimal', precision: p, scale: s },
          put: (w, d) => w.writeBytes(decimalBytes(d as Numeric, s)),
        };
      }
      case 'text':
      case 'varchar':
      case 'bpchar':
      case 'name':
      case 'char':
        return { schema: 'string', put: (w, d) => w.writeString(d as string) };
      case 'bytea':
        return { schema: 'bytes', put: (w, d) => w.writeBytes(d as Uint8Array) };
      case 'date':
        return {
          schema: { type: 'int', logicalType: 'date' },
          put: (w, d) => w.writeInt(finiteDate(d as number)),
        };
      case 'time':
        return {
          schema: { type: 'long', logicalType: 'time-micros' },
          put: (w, d) => w.writeInt(d as number),
        };
      case 'timestamp':
      case 'timestamptz': {
        const millis = t.typmod >= 0 && t.typmod <= 3;
        return {
          schema: { type: 'long', logicalType: millis ? 'timestamp-millis' : 'timestamp-micros' },
          put: (w, d) => {
            const us = finiteTimestamp(d as bigint);
            w.writeLong(millis ? (us - (((us % 1000n) + 1000n) % 1000n)) / 1000n : us);
          },
        };
      }
      case 'jsonb':
      case 'json':
        return {
          schema: { type: 'string', 'connect.name': 'io.debezium.data.Json' },
          put: (w, d) => w.writeString(compactJson((d as Jsonb).value)),
        };
      case 'uuid':
        return {
          schema: { type: 'string', logicalType: 'uuid' },
          put: (w, d) => w.writeString(d as string),
        };
      default:
        return {
          schema: 'string',
          put: (w, d) => w.writeString(formatText(d, t, DEFAULT_IO_SETTINGS)),
        };
    }
  }
}

function finiteDate(days: number): number {
  if (!Number.isFinite(days)) throw numericValueOutOfRange('date out of range for Avro: infinity');
  return days;
}

function finiteTimestamp(us: bigint): bigint {
  if (us === TS_POS_INFINITY || us === TS_NEG_INFINITY)
    throw numericValueOutOfRange('timestamp out of range for Avro: infinity');
  return us;
}

/** The big-endian two's-complement unscaled value of `n` at scale `s` (rounded half away). */
function decimalBytes(n: Numeric, s: number): Uint8Array {
  if (n.special !== null)
    throw numericValueOutOfRange(`numeric ${n.special} cannot be encoded in Avro`);
  let v: bigint;
  if (n.scale <= s) v = n.coef * 10n ** BigInt(s - n.scale);
  else {
    const div = 10n ** BigInt(n.scale - s);
    const q = n.coef / div;
    const r = n.coef % div;
    v = 2n * (r < 0n ? -r : r) >= div ? q + (n.coef < 0n ? -1n : 1n) : q;
  }
  const out: number[] = [];
  for (;;) {
    out.unshift(Number(BigInt.asUintN(8, v)));
    v >>= 8n;
    const sign = (out[0]! & 0x80) !== 0;
    if ((v === 0n && !sign) || (v === -1n && sign)) break;
  }
  return Uint8Array.from(out);
}

export interface AvroSinkEncoder {
  /** The generated writer schema (register it; its JSON text is JSON.stringify(schema)). */
  readonly schema: Record<string, unknown>;
  encode(row: Row): Buffer;
}

/** Options: the record's fullname, and the registry's schema id for Confluent framing. */
export interface AvroSinkOptions {
  readonly fullname?: string;
  readonly schemaId?: number;
}

function frame(w: Writer, schemaId: number | undefined): void {
  if (schemaId === undefined) return;
  w.byte(0);
  w.raw(
    new Uint8Array([
      (schemaId >>> 24) & 0xff,
      (schemaId >>> 16) & 0xff,
      (schemaId >>> 8) & 0xff,
      schemaId & 0xff,
    ]),
  );
}

/** The encoder of rows of `columns` as Avro records. */
export function makeAvroSinkEncoder(
  columns: readonly FormatColumn[],
  options: AvroSinkOptions = {},
): AvroSinkEncoder {
  const rec = new SchemaBuilder().record(options.fullname ?? 'envelope', columns);
  return {
    schema: rec.schema as Record<string, unknown>,
    encode(row) {
      const w = new Writer();
      frame(w, options.schemaId);
      rec.putRow(w, row);
      return w.finish();
    },
  };
}

/** ENVELOPE DEBEZIUM in Avro: {before: ["null", row], after: ["null", row]}. */
export function makeAvroDebeziumEncoder(
  columns: readonly FormatColumn[],
  options: AvroSinkOptions = {},
): {
  readonly schema: Record<string, unknown>;
  encode(before: Row | null, after: Row | null): Buffer;
} {
  const rec = new SchemaBuilder().record('row', columns);
  const schema = {
    type: 'record',
    name: options.fullname ?? 'envelope',
    fields: [
      { name: 'before', type: ['null', rec.schema] },
      { name: 'after', type: ['null', 'row'] },
    ],
  };
  const side = (w: Writer, r: Row | null): void => {
    if (r === null) w.byte(0);
    else {
      w.byte(2);
      rec.putRow(w, r);
    }
  };
  return {
    schema,
    encode(before, after) {
      const w = new Writer();
      frame(w, options.schemaId);
      side(w, before);
      side(w, after);
      return w.finish();
    },
  };
}
