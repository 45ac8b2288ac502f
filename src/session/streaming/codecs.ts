// The record formats of sources and sinks (src/formats) as the streaming runtime uses them: a
// source's decoders and ingest plan from its catalog record, a sink's JSON encoders.
import {
  encodeDebezium,
  makeDebeziumDecoder,
  makeDecoder,
  makeEncoder,
  type Decoder,
  type DebeziumDecoder,
  type FormatColumn,
} from '../../formats/index.js';
import type { Row, SqlType } from '../../repr/index.js';
import type { RecordFormat, SinkRecord, TableRecord } from '../catalog/objects.js';
import type { IngestPlan } from './source-ingest.js';
import type { SinkEncoders } from './sink-runner.js';

export interface DeclaredColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
}

/** The decoder of a key or value format (declared columns type the value's fields). */
export function decoderFor(
  format: RecordFormat,
  role: 'key' | 'value',
  declared?: readonly DeclaredColumn[],
): Decoder {
  return makeDecoder(format, declared as FormatColumn[] | undefined, { role });
}

export function debeziumFor(
  format: RecordFormat,
  declared?: readonly DeclaredColumn[],
): DebeziumDecoder {
  return makeDebeziumDecoder(format, declared as FormatColumn[] | undefined, {});
}

/** The value columns a source's layout refers to, as declared (typed JSON) or by the format. */
function declaredValueColumns(source: TableRecord): DeclaredColumn[] {
  const spec = source.source!;
  const out: DeclaredColumn[] = [];
  spec.layout.forEach((c, i) => {
    if (c.from === 'value') out[c.index] = source.columns[i]!;
  });
  return out;
}

/** How a source's records become rows (decoders rebuilt from the catalog at each start). */
export function ingestPlan(source: TableRecord): IngestPlan {
  const spec = source.source!;
  // Declared (typed) value columns were given to the decoder at creation; without them the
  // format decided the columns (declared names only renamed them).
  const declared = spec.valueTyped === true ? declaredValueColumns(source) : undefined;
  const keyDecoder = spec.keyFormat === null ? null : decoderFor(spec.keyFormat, 'key');
  const keyColumns = spec.layout.flatMap((c, i) => (c.from === 'key' ? [i] : []));
  const rowIsValue = spec.layout.every((c, i) => c.from === 'value' && c.index === i);
  if (spec.envelope === 'debezium') {
    const dbz = debeziumFor(spec.valueFormat, declared);
    return {
      sourceId: source.id,
      envelope: 'debezium',
      layout: spec.layout,
      rowIsValue,
      keyColumns,
      decoders: {
        key: keyDecoder,
        value: { decode: () => [] },
        debezium: (bytes) => dbz.decode(bytes),
      },
    };
  }
  return {
    sourceId: source.id,
    envelope: spec.envelope,
    layout: spec.layout,
    rowIsValue,
    keyColumns,
    decoders: { key: keyDecoder, value: decoderFor(spec.valueFormat, 'value', declared) },
  };
}

/** A sink's encoders: JSON objects of the key columns and of whole rows. */
export function sinkEncoders(sink: SinkRecord): SinkEncoders {
  const columns: FormatColumn[] = sink.columns.map((c) => ({
    name: c.name,
    type: c.type,
    nullable: c.nullable,
  }));
  const keyColumns = sink.key.map((i) => columns[i]!);
  const value = makeEncoder('json', columns);
  const key = keyColumns.length === 0 ? null : makeEncoder('json', keyColumns);
  return {
    key: key === null ? null : { encode: (row: Row) => key.encode(row)! },
    value: { encode: (row: Row) => value.encode(row)! },
    debezium: (before, after) => encodeDebezium(columns, before, after),
  };
}
