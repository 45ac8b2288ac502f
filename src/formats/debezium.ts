// ENVELOPE DEBEZIUM decoding of Kafka values: a change record {"before": row|null, "after":
// row|null, "op": "c"|"u"|"d"|"r", ...}. For JSON the change may be wrapped as {"schema": ...,
// "payload": {...}} (Kafka Connect's JsonConverter with schemas enabled) and the row columns are
// the declared ones; for Avro the writer schema is the envelope record, whose `before` and
// `after` fields are ["null", record] and whose record's fields are the columns. Tombstones
// (null value bytes) are the caller's business: they carry no change.
import avro from 'avsc';
import { featureNotSupported, invalidTableDefinition } from '../errors/index.js';
import { RecordDatum, type Datum, type Row } from '../repr/index.js';
import { compileFields, compileTop } from './avro/compile.js';
import {
  avroSchemaOf,
  declaredCasts,
  readAvroRow,
  usesConfluentWireFormat,
} from './avro/decode.js';
import { DecodeError, decodeUtf8 } from './errors.js';
import { DeclaredJsonDecoder, parseRecord } from './json-decode.js';
import type { DecoderOptions, FormatColumn, FormatSpec } from './spec.js';

export interface DebeziumChange {
  readonly before: Row | null;
  readonly after: Row | null;
  /** The `op` field when the record has one. */
  readonly op: string | null;
}

export interface DebeziumDecoder {
  /** The columns of `before` and `after` rows. */
  readonly columns: readonly FormatColumn[];
  decode(bytes: Uint8Array): DebeziumChange;
}

/** Decodes one Debezium change record with a decoder from makeDebeziumDecoder. */
export function decodeDebezium(decoder: DebeziumDecoder, bytes: Uint8Array): DebeziumChange {
  return decoder.decode(bytes);
}

export function makeDebeziumDecoder(
  spec: FormatSpec,
  declared: readonly FormatColumn[] | undefined,
  options: DecoderOptions = {},
): DebeziumDecoder {
  switch (spec.kind) {
    case 'json':
      return jsonDebezium(declared, options);
    case 'avro':
      return avroDebezium(spec, declared, options);
    default:
      throw featureNotSupported(
        `ENVELOPE DEBEZIUM requires FORMAT JSON or AVRO, not ${spec.kind.toUpperCase()}`,
      );
  }
}

const hasOwn = Object.prototype.hasOwnProperty;
/** Where `before` and `after` sit in a change record, plain or wrapped in `payload`. */
interface SidePaths {
  readonly before: readonly string[];
  readonly after: readonly string[];
}
const PLAIN: SidePaths = { before: ['before'], after: ['after'] };
const WRAPPED: SidePaths = { before: ['payload', 'before'], after: ['payload', 'after'] };

function jsonDebezium(
  declared: readonly FormatColumn[] | undefined,
  options: DecoderOptions,
): DebeziumDecoder {
  if (declared === undefined || declared.length === 0)
    throw invalidTableDefinition('ENVELOPE DEBEZIUM with FORMAT JSON needs declared columns');
  const rows = new DeclaredJsonDecoder(declared, options);
  /** The row at env[key], found in the record at `path` (for the exact re-parse). */
  const side = (
    env: Record<string, unknown>,
    key: string,
    path: readonly string[],
    text: string,
    bytes: Uint8Array,
  ): Row | null => {
    const v = hasOwn.call(env, key) ? env[key] : undefined;
    if (v === undefined || v === null) return null;
    return rows.fields(v, text, bytes, path);
  };
  return {
    columns: declared,
    decode(bytes) {
      const text = decodeUtf8(bytes, 'JSON');
      const obj = parseRecord(text, bytes);
      let env = obj as Record<string, unknown>;
      let paths = PLAIN;
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
        throw new DecodeError(
          '22P02',
          'Failed to decode Debezium change: expected a JSON object',
          bytes,
        );
      const payload = env.payload;
      if (
        !hasOwn.call(env, 'before') &&
        !hasOwn.call(env, 'after') &&
        typeof payload === 'object' &&
        payload !== null
      ) {
        env = payload as Record<string, unknown>;
        paths = WRAPPED;
      }
      if (!hasOwn.call(env, 'before') && !hasOwn.call(env, 'after'))
        throw new DecodeError(
          '22P02',
          'Failed to decode Debezium change: no "before" or "after" field',
          bytes,
        );
      const op = typeof env.op === 'string' ? env.op : null;
      return {
        before: side(env, 'before', paths.before, text, bytes),
        after: side(env, 'after', paths.after, text, bytes),
        op,
      };
    },
  };
}

type AnyType = avro.Type & { fields?: { name: string; type: AnyType }[]; types?: AnyType[] };

function avroDebezium(
  spec: Extract<FormatSpec, { kind: 'avro' }>,
  declared: readonly FormatColumn[] | undefined,
  options: DecoderOptions,
): DebeziumDecoder {
  const schema = avroSchemaOf(spec) as AnyType;
  const fields = schema.typeName === 'record' ? schema.fields! : [];
  const recordOf = (name: string): AnyType | undefined => {
    const t = fields.find((f) => f.name === name)?.type;
    const branches = t?.typeName === 'union:wrapped' ? t.types! : t ? [t] : [];
    return branches.find((b) => b.typeName === 'record');
  };
  const rowType = recordOf('after') ?? recordOf('before');
  if (rowType === undefined)
    throw invalidTableDefinition(
      'ENVELOPE DEBEZIUM: the Avro schema must be a record with "before" and "after" record fields',
    );
  const envelope = compileTop(schema, 'data');
  const names = envelope.columns.map((c) => c.name);
  const iBefore = names.indexOf('before');
  const iAfter = names.indexOf('after');
  const iOp = names.indexOf('op');
  const inner = compileFields(rowType);
  const { columns, apply } = declaredCasts(inner.columns, declared, options);
  const confluent = usesConfluentWireFormat(spec);
  const rowOf = (d: Datum | undefined, bytes: Uint8Array): Row | null =>
    d instanceof RecordDatum ? apply([...d.fields], bytes) : null;
  return {
    columns,
    decode(bytes) {
      const env = readAvroRow(envelope, confluent, bytes);
      const op = iOp >= 0 && typeof env[iOp] === 'string' ? (env[iOp] as string) : null;
      return {
        before: iBefore >= 0 ? rowOf(env[iBefore], bytes) : null,
        after: iAfter >= 0 ? rowOf(env[iAfter], bytes) : null,
        op,
      };
    },
  };
}
