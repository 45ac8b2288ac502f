// FORMAT AVRO USING SCHEMA decoding: the framing (Confluent's wire format — magic byte 0 and a
// 4-byte big-endian schema id before the datum — unless CONFLUENT WIRE FORMAT = false), then
// one binary datum of the writer schema read by the compiled reader (./compile.ts). The schema
// id is not checked against the given schema, as Materialize does for inline schemas.
// Declared columns may rename the columns and change their types to any type the mapped type
// casts to by assignment.
import type avro from 'avsc';
import {
  datatypeMismatch,
  featureNotSupported,
  invalidParameterValue,
  invalidTableDefinition,
} from '../../errors/index.js';
import { typeEquals, type Datum } from '../../repr/index.js';
import { formatType } from '../../repr/pgtypes.js';
import { castAllowed, castDatum } from '../../expr/cast.js';
import { decodeContext } from '../coerce.js';
import { codeOf, DecodeError, messageOf } from '../errors.js';
import type { Decoder, DecoderOptions, FormatColumn, FormatSpec } from '../spec.js';
import { compileTop, parseAvroSchema, type CompiledFields } from './compile.js';
import { Cursor } from './cursor.js';

type AvroSpec = Extract<FormatSpec, { kind: 'avro' }>;

/** Whether records carry Confluent's 5-byte header (the API flag wins over the option). */
export function usesConfluentWireFormat(spec: AvroSpec): boolean {
  if (spec.confluentWireFormat !== undefined) return spec.confluentWireFormat;
  const opt = spec.options?.find((o) => o.name === 'CONFLUENT WIRE FORMAT');
  if (opt === undefined) return true;
  const v = opt.value;
  if (v === undefined) return true;
  if (v.kind === 'boolean' && typeof v.value === 'boolean') return v.value;
  if ((v.kind === 'string' || v.kind === 'ident') && typeof v.value === 'string') {
    const s = v.value.toLowerCase();
    if (s === 'true' || s === 'false') return s === 'true';
  }
  throw invalidParameterValue('CONFLUENT WIRE FORMAT must be a boolean');
}

/** The parsed writer schema of a spec. */
export function avroSchemaOf(spec: AvroSpec): avro.Type {
  if (spec.schema === undefined)
    throw featureNotSupported('AVRO: the schema must be given (fetch it from the registry first)');
  let json: unknown;
  try {
    json = JSON.parse(spec.schema);
  } catch (e) {
    throw invalidParameterValue(`invalid Avro schema: ${messageOf(e)}`);
  }
  try {
    return parseAvroSchema(json);
  } catch (e) {
    throw invalidParameterValue(`invalid Avro schema: ${messageOf(e)}`);
  }
}

/** Reads one framed datum of `compiled` into a new row; throws DecodeError. */
export function readAvroRow(
  compiled: CompiledFields,
  confluent: boolean,
  bytes: Uint8Array,
): Datum[] {
  let start = 0;
  if (confluent) {
    if (bytes.length < 5)
      throw new DecodeError(
        '22P03',
        'avro deserialization error: Confluent-style avro datum is too short',
        bytes,
        'Bytes',
      );
    if (bytes[0] !== 0)
      throw new DecodeError(
        '22P03',
        `avro deserialization error: wrong Confluent-style avro serialization magic: expected 0, got ${bytes[0]}`,
        bytes,
        'Bytes',
      );
    start = 5;
  }
  const c = new Cursor(bytes, start, bytes.length);
  const row = new Array<Datum>(compiled.columns.length);
  try {
    compiled.readInto(c, row, 0);
  } catch (e) {
    throw new DecodeError(
      codeOf(e) === '22P02' ? '22P03' : codeOf(e),
      `avro deserialization error: ${messageOf(e)}`,
      bytes,
      'Bytes',
    );
  }
  if (c.pos !== c.end)
    throw new DecodeError(
      '22P03',
      `avro deserialization error: ${c.end - c.pos} unexpected bytes remaining after the datum`,
      bytes,
      'Bytes',
    );
  return row;
}

/** Casts of the mapped columns to declared ones (null entries: no cast needed). */
export function declaredCasts(
  mapped: readonly FormatColumn[],
  declared: readonly FormatColumn[] | undefined,
  options: DecoderOptions,
): { columns: readonly FormatColumn[]; apply: (row: Datum[], bytes: Uint8Array) => Datum[] } {
  if (declared === undefined || declared.length === 0) return { columns: mapped, apply: (r) => r };
  if (declared.length !== mapped.length)
    throw invalidTableDefinition(
      `AVRO schema has ${mapped.length} columns, but ${declared.length} columns were declared`,
    );
  const ctx = decodeContext(options.timeZone);
  const casts = declared.map((d, i) => {
    const from = mapped[i]!.type;
    if (typeEquals(from, d.type)) return null;
    if (!castAllowed(from, d.type, 'assignment'))
      throw datatypeMismatch(
        `column "${d.name}" is of type ${formatType(d.type)}, but the Avro field is ${formatType(from)}`,
      );
    return (v: Datum) => castDatum(v, from, d.type, ctx, 'assignment');
  });
  return {
    columns: declared,
    apply: (row, bytes) => {
      for (let i = 0; i < row.length; i++) {
        const f = casts[i];
        const name = declared[i]!.name;
        try {
          if (f !== null && f !== undefined) row[i] = f(row[i]!);
        } catch (e) {
          throw new DecodeError(
            codeOf(e),
            `avro deserialization error: column "${name}": ${messageOf(e)}`,
            bytes,
            'Bytes',
          );
        }
        if (row[i] === null && !declared[i]!.nullable)
          throw new DecodeError(
            '23502',
            `avro deserialization error: column "${name}" is NOT NULL, but the datum has null`,
            bytes,
            'Bytes',
          );
      }
      return row;
    },
  };
}

export function makeAvroDecoder(
  spec: AvroSpec,
  declared: readonly FormatColumn[] | undefined,
  options: DecoderOptions = {},
): Decoder {
  const compiled = compileTop(avroSchemaOf(spec), options.role === 'key' ? 'key' : 'data');
  const confluent = usesConfluentWireFormat(spec);
  const { columns, apply } = declaredCasts(compiled.columns, declared, options);
  return {
    columns,
    decode: (bytes) => apply(readAvroRow(compiled, confluent, bytes), bytes),
  };
}
