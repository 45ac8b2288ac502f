// FORMAT TEXT and FORMAT BYTES decoding: the whole record is one column — `text` (valid UTF-8
// required) or `data bytea` — named `key` when decoding a Kafka key (Materialize's INCLUDE KEY
// name). One declared column may rename it; for TEXT its type may be any type with a text
// input function (the record is converted through it), for BYTES it must be bytea.
import { datatypeMismatch, invalidTableDefinition } from '../errors/index.js';
import { T, type Datum } from '../repr/index.js';
import { formatType } from '../repr/pgtypes.js';
import { decodeContext, textConverter } from './coerce.js';
import { codeOf, DecodeError, decodeUtf8, messageOf } from './errors.js';
import type { Decoder, DecoderOptions, FormatColumn } from './spec.js';

function singleColumn(
  what: string,
  defaultName: string,
  type: FormatColumn['type'],
  declared: readonly FormatColumn[] | undefined,
  options: DecoderOptions,
): FormatColumn {
  if (declared === undefined || declared.length === 0)
    return { name: options.role === 'key' ? 'key' : defaultName, type, nullable: false };
  if (declared.length !== 1)
    throw invalidTableDefinition(
      `${what} format has 1 column, but ${declared.length} columns were declared`,
    );
  return declared[0]!;
}

export function makeTextDecoder(
  declared: readonly FormatColumn[] | undefined,
  options: DecoderOptions = {},
): Decoder {
  const column = singleColumn('TEXT', 'text', T.text, declared, options);
  const conv = textConverter(column.type, decodeContext(options.timeZone));
  return {
    columns: [column],
    decode(bytes): Datum[] {
      const text = decodeUtf8(bytes, 'TEXT');
      try {
        return [conv(text)];
      } catch (e) {
        throw new DecodeError(codeOf(e), `Failed to decode TEXT: ${messageOf(e)}`, bytes);
      }
    },
  };
}

export function makeBytesDecoder(
  declared: readonly FormatColumn[] | undefined,
  options: DecoderOptions = {},
): Decoder {
  const column = singleColumn('BYTES', 'data', T.bytea, declared, options);
  if (column.type.kind !== 'scalar' || column.type.name !== 'bytea')
    throw datatypeMismatch(
      `BYTES format produces a bytea column, but column "${column.name}" is ${formatType(column.type)}`,
    );
  return {
    columns: [column],
    decode(bytes): Datum[] {
      return [new Uint8Array(bytes)];
    },
  };
}
