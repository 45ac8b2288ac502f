// CREATE SOURCE ... FROM KAFKA CONNECTION c (TOPIC 't', ...) [formats] [INCLUDE ...] [ENVELOPE ...]
//
// A source is stored like a table (its TableRecord carries the SourceSpec), so everything that
// reads tables reads sources: SELECT, views, materialized views (which hydrate from the stored
// rows, i.e. from everything the source has read up to the tick they start at), SUBSCRIBE. Its
// rows are written only by its runner (streaming/source-runner.ts). Columns come first from the
// key (ENVELOPE UPSERT, or INCLUDE KEY), then from the value, then the metadata INCLUDEd, in the
// order written; for UPSERT the key columns are the primary key.
import { EddyError, featureNotSupported } from '../../errors/index.js';
import { T, type SqlType } from '../../repr/index.js';
import { bindTypeName } from '../../sql/bind-expr.js';
import { Binder, Params } from '../../sql/binder.js';
import { tagOf } from '../../sql/ast.js';
import { parseStatements } from '../../sql/parser.js';
import type { CreateSource, FormatSpec } from '../../sql/streaming-ast.js';
import type { StatementResult } from '../api.js';
import type {
  ColumnRecord,
  RecordFormat,
  SourceColumn,
  SourceSpec,
  TableRecord,
} from '../catalog/objects.js';
import type { EddySession } from '../session.js';
import { decoderFor, debeziumFor, type DeclaredColumn } from '../streaming/codecs.js';
import { errorTableOf } from '../streaming/source-state.js';
import { itemOfKind, newItemName, streamingOf } from './ddl-streaming.js';
import { notice } from './ddl.js';
import { Options } from './streaming-options.js';

const SOURCE_OPTIONS = ['TOPIC', 'START OFFSET', 'START TIMESTAMP', 'GROUP ID PREFIX'];

export async function createSource(
  s: EddySession,
  st: CreateSource,
  sql: string,
): Promise<StatementResult> {
  const { schema, name } = newItemName(s, st.name);
  const catalog = s.engine.catalog;
  if (st.ifNotExists && catalog.relation(s.database, schema, name) !== undefined)
    return notice('CREATE SOURCE', `source "${name}" already exists, skipping`, '42710');
  catalog.checkNewRelation(s.database, schema, name);
  new Options(st.with, [], 'SOURCE');
  if (st.progress !== undefined)
    throw featureNotSupported('EXPOSE PROGRESS AS is not supported', {
      hint: "mz_internal.eddy_kafka_source_partitions shows each partition's offset.",
    });
  if (st.inlineErrors !== undefined)
    throw featureNotSupported('VALUE DECODING ERRORS = INLINE is not supported', {
      hint: 'Records that fail to decode are kept in mz_internal.eddy_source_errors.',
    });
  const connection = itemOfKind(s, st.connection, 'connection');
  if (connection.connector !== 'kafka')
    throw new EddyError('42809', `${connection.name} is not a Kafka connection`);
  const o = new Options(st.options, SOURCE_OPTIONS, 'KAFKA SOURCE');
  const topic = o.requiredString('TOPIC');
  const startOffsets = o.integers('START OFFSET');
  let startTimestamp = o.number('START TIMESTAMP');
  if (startOffsets !== undefined && startTimestamp !== undefined)
    throw new EddyError('42601', '`START OFFSET` and `START TIMESTAMP` cannot both be specified');
  if (startTimestamp !== undefined && startTimestamp < 0) startTimestamp += Date.now();

  const valueFormat = recordFormat(st.valueFormat ?? { kind: 'bytes' });
  const keySpec = st.keyFormat ?? (st.valueFormat === null ? null : st.valueFormat);
  const keyFormat = keySpec === null ? null : recordFormat(keySpec);
  const includesKey = st.include.some((i) => i.what === 'key');
  const declared = declaredColumns(s, st);
  const typed = declared !== null && declared.every((c) => c.type !== null);

  // Columns of the value (or of Debezium's `after`), then of the key.
  const valueDecoder =
    st.envelope === 'debezium'
      ? debeziumFor(valueFormat, typed ? (declared as DeclaredColumn[]) : undefined)
      : decoderFor(valueFormat, 'value', typed ? (declared as DeclaredColumn[]) : undefined);
  const needKey = st.envelope === 'upsert' || includesKey;
  if (needKey && keyFormat === null)
    throw new EddyError('42601', `ENVELOPE ${st.envelope.toUpperCase()} requires a KEY FORMAT`);
  const keyDecoder = needKey ? decoderFor(keyFormat!, 'key') : null;

  const columns: ColumnRecord[] = [];
  const layout: SourceColumn[] = [];
  const add = (colName: string, type: SqlType, nullable: boolean, from: SourceColumn): void => {
    columns.push({ name: colName, type, nullable, defaultSql: null });
    layout.push(from);
  };
  if (keyDecoder !== null) {
    const alias = st.include.find((i) => i.what === 'key')?.alias;
    if (alias !== undefined && keyDecoder.columns.length !== 1)
      throw featureNotSupported('INCLUDE KEY AS name for a key of several columns');
    keyDecoder.columns.forEach((c, i) =>
      add(alias ?? c.name, c.type, st.envelope === 'upsert' ? false : true, {
        from: 'key',
        index: i,
      }),
    );
  }
  valueDecoder.columns.forEach((c, i) =>
    add(c.name, c.type, c.nullable, { from: 'value', index: i }),
  );
  for (const item of st.include) {
    switch (item.what) {
      case 'key':
        break;
      case 'partition':
        add(item.alias ?? 'partition', T.int4, false, { from: 'partition' });
        break;
      case 'offset':
        add(item.alias ?? 'offset', T.int8, false, { from: 'offset' });
        break;
      case 'timestamp':
        add(item.alias ?? 'timestamp', T.timestamp, false, { from: 'timestamp' });
        break;
      case 'headers':
        add(item.alias ?? 'headers', T.jsonb, false, { from: 'headers' });
        break;
      case 'header':
        add(item.alias!, item.bytes === true ? T.bytea : T.text, true, {
          from: 'header',
          key: item.headerKey!,
          bytes: item.bytes === true,
        });
        break;
    }
  }
  if (declared !== null && !typed) {
    // Names only: they rename every column, in order.
    if (declared.length !== columns.length)
      throw new EddyError(
        '42601',
        `source ${name} has ${columns.length} columns, but ${declared.length} column names were given`,
      );
    declared.forEach((d, i) => (columns[i] = { ...columns[i]!, name: d.name }));
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name))
      throw new EddyError('42701', `column "${c.name}" specified more than once`);
    seen.add(c.name);
  }

  await streamingOf(s).io.checkTopic(connection, topic);
  const primaryKey =
    st.envelope === 'upsert' ? keyDecoder!.columns.map((_, i) => i) : ([] as number[]);
  const spec: SourceSpec = {
    connector: 'kafka',
    connection: connection.id,
    topic,
    ...(startOffsets === undefined ? {} : { startOffsets }),
    ...(startTimestamp === undefined ? {} : { startTimestamp }),
    keyFormat: needKey ? keyFormat : null,
    valueFormat,
    ...(typed ? { valueTyped: true } : {}),
    envelope: st.envelope,
    layout,
    sql,
  };
  const table: TableRecord = {
    ...catalog.newTable(s.database, schema, name, columns, primaryKey),
    source: spec,
  };
  s.engine.commit({
    catalog: [{ kind: 'put', record: table }],
    createTables: [table.id, errorTableOf(table.id)],
  });
  return { kind: 'command', tag: 'CREATE SOURCE' };
}

/** The parser's format as the catalog keeps it. */
export function recordFormat(f: FormatSpec): RecordFormat {
  switch (f.kind) {
    case 'json':
    case 'text':
    case 'bytes':
      return { kind: f.kind };
    case 'csv':
      return { kind: 'csv', columns: f.columns, delimiter: f.delimiter };
    case 'avro': {
      if (f.schema === undefined)
        throw featureNotSupported('AVRO USING CONFLUENT SCHEMA REGISTRY is not supported yet');
      const o = new Options(f.options, ['CONFLUENT WIRE FORMAT'], 'AVRO');
      return {
        kind: 'avro',
        schema: f.schema,
        confluentWireFormat: o.boolean('CONFLUENT WIRE FORMAT') ?? true,
      };
    }
  }
}

/** Declared columns: names with types (typed JSON), names only (renames), or null if none. */
function declaredColumns(
  s: EddySession,
  st: CreateSource,
): { name: string; type: SqlType | null; nullable: boolean }[] | null {
  if (st.columns.length === 0) return null;
  const binder = new Binder(s.catalogReader(), new Params([], []));
  return st.columns.map((c) => ({
    name: c.name,
    type: c.type === undefined || c.type.trim() === '' ? null : typeOf(binder, c.type, c.position),
    nullable: !c.notNull,
  }));
}

/** A type written as text (`numeric(10,2)`), resolved as CREATE TABLE would. */
function typeOf(binder: Binder, text: string, position: number): SqlType {
  let stmt;
  try {
    [stmt] = parseStatements(`SELECT NULL::${text}`);
  } catch {
    throw new EddyError('42601', `invalid type name "${text}"`, { position });
  }
  const target = (tagOf(stmt!.ast)[1] as { targetList?: unknown[] }).targetList?.[0];
  const cast = (target as { ResTarget: { val: { TypeCast: { typeName: never } } } }).ResTarget.val
    .TypeCast;
  return bindTypeName(binder, cast.typeName);
}
