// src/formats: the record formats of Kafka sources and sinks — decoding the bytes of a Kafka
// key or value into a row (JSON, TEXT, BYTES, CSV, AVRO; ENVELOPE DEBEZIUM changes) and
// encoding rows for sinks (JSON, TEXT, BYTES, AVRO; DEBEZIUM and UPSERT envelopes). Pure functions
// of bytes and rows: no Kafka client, no catalog. Imports only src/repr, src/errors, src/expr.
export type { Decoder, DecoderOptions, FormatColumn, FormatOption, FormatSpec } from './spec.js';
export { DecodeError } from './errors.js';
export { makeDecoder, renameColumns } from './decode.js';
export {
  decodeDebezium,
  makeDebeziumDecoder,
  type DebeziumChange,
  type DebeziumDecoder,
} from './debezium.js';
export {
  encodeDebezium,
  encodeUpsert,
  makeEncoder,
  type EncoderKind,
  type RowEncoder,
} from './encode.js';
export { jsonValue, jsonObjectText } from './json-encode.js';
export { splitCsvRecord } from './csv.js';
export {
  avroFieldNames,
  makeAvroDebeziumEncoder,
  makeAvroSinkEncoder,
  type AvroSinkEncoder,
  type AvroSinkOptions,
} from './avro/sink.js';
