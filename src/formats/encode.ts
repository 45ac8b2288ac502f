// Sink encoders: makeEncoder(kind, columns) turns a row into the bytes of a Kafka key or value
// (FORMAT JSON | TEXT | BYTES | AVRO, the last in ./avro/sink.ts), and the two sink envelopes: DEBEZIUM ({"before": row|null,
// "after": row|null}) and UPSERT (key object, and the value object or a tombstone). TEXT and
// BYTES encode a single column (TEXT through the type's text output); a NULL value encodes
// to null, which the caller sends as a null Kafka payload.
import { datatypeMismatch, featureNotSupported } from '../errors/index.js';
import type { Row } from '../repr/index.js';
import { formatType } from '../repr/pgtypes.js';
import { formatText } from '../repr/io/text.js';
import { DEFAULT_IO_SETTINGS } from '../repr/io/settings.js';
import { jsonObjectText } from './json-encode.js';
import { makeAvroSinkEncoder, type AvroSinkOptions } from './avro/sink.js';
import type { FormatColumn } from './spec.js';

export type EncoderKind = 'json' | 'text' | 'bytes' | 'avro';

export interface RowEncoder {
  readonly kind: EncoderKind;
  readonly columns: readonly FormatColumn[];
  /** For 'avro': the generated writer schema, to register with the schema registry. */
  readonly avroSchema?: Record<string, unknown>;
  /** The bytes of a row; null only for TEXT/BYTES of a NULL value. */
  encode(row: Row): Buffer | null;
}

function single(kind: string, columns: readonly FormatColumn[]): FormatColumn {
  if (columns.length !== 1)
    throw featureNotSupported(
      `FORMAT ${kind} encodes a single column, but the relation has ${columns.length}`,
    );
  return columns[0]!;
}

export function makeEncoder(
  kind: EncoderKind,
  columns: readonly FormatColumn[],
  avroOptions: AvroSinkOptions = {},
): RowEncoder {
  switch (kind) {
    case 'json':
      return { kind, columns, encode: (row) => Buffer.from(jsonObjectText(columns, row), 'utf8') };
    case 'text': {
      const c = single('TEXT', columns);
      return {
        kind,
        columns,
        encode: (row) => {
          const d = row[0] ?? null;
          return d === null
            ? null
            : Buffer.from(formatText(d, c.type, DEFAULT_IO_SETTINGS), 'utf8');
        },
      };
    }
    case 'bytes': {
      const c = single('BYTES', columns);
      if (c.type.kind !== 'scalar' || c.type.name !== 'bytea')
        throw datatypeMismatch(
          `FORMAT BYTES requires a bytea column, but "${c.name}" is ${formatType(c.type)}`,
        );
      return {
        kind,
        columns,
        encode: (row) => {
          const d = row[0] ?? null;
          return d === null ? null : Buffer.from(d as Uint8Array);
        },
      };
    }
    case 'avro': {
      const e = makeAvroSinkEncoder(columns, avroOptions);
      return { kind, columns, avroSchema: e.schema, encode: (row) => e.encode(row) };
    }
  }
}

/** ENVELOPE DEBEZIUM value: {"before": row|null, "after": row|null} (JSON). */
export function encodeDebezium(
  columns: readonly FormatColumn[],
  before: Row | null,
  after: Row | null,
): Buffer {
  const b = before === null ? 'null' : jsonObjectText(columns, before);
  const a = after === null ? 'null' : jsonObjectText(columns, after);
  return Buffer.from(`{"before":${b},"after":${a}}`, 'utf8');
}

/** ENVELOPE UPSERT message: the key's encoding and the value's (null: a tombstone). */
export function encodeUpsert(
  key: RowEncoder,
  value: RowEncoder,
  keyRow: Row,
  valueRow: Row | null,
): { readonly key: Buffer | null; readonly value: Buffer | null } {
  return { key: key.encode(keyRow), value: valueRow === null ? null : value.encode(valueRow) };
}
