// makeDecoder: the decoder of a record format (FORMAT ... of a Kafka key or value), given the
// source's declared columns if any. See each format's file for its columns and errors.
import { makeAvroDecoder } from './avro/decode.js';
import { makeCsvDecoder } from './csv.js';
import { makeJsonDecoder } from './json-decode.js';
import { makeBytesDecoder, makeTextDecoder } from './simple.js';
import type { Decoder, DecoderOptions, FormatColumn, FormatSpec } from './spec.js';
import type { Row } from '../repr/index.js';
import { invalidTableDefinition } from '../errors/index.js';

export function makeDecoder(
  spec: FormatSpec,
  declared?: readonly FormatColumn[],
  options: DecoderOptions = {},
): Decoder {
  switch (spec.kind) {
    case 'json':
      return makeJsonDecoder(declared, options);
    case 'text':
      return makeTextDecoder(declared, options);
    case 'bytes':
      return makeBytesDecoder(declared, options);
    case 'csv':
      return makeCsvDecoder(spec, declared, options);
    case 'avro':
      return makeAvroDecoder(spec, declared, options);
  }
}

/** The same decoder with its columns renamed (INCLUDE KEY AS name, prefixes, ...). */
export function renameColumns(decoder: Decoder, names: readonly string[]): Decoder {
  if (names.length !== decoder.columns.length)
    throw invalidTableDefinition(
      `${names.length} column names given for ${decoder.columns.length} columns`,
    );
  const columns = decoder.columns.map((c, i) => ({ ...c, name: names[i]! }));
  return { columns, decode: (bytes: Uint8Array): Row | null => decoder.decode(bytes) };
}
