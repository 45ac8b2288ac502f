// CREATE SINK name FROM relation INTO KAFKA CONNECTION c (TOPIC 't') [KEY (cols)] FORMAT JSON
// ENVELOPE UPSERT | DEBEZIUM [WITH (SNAPSHOT = bool)]
//
// The sink writes every change of a table, source or materialized view. Its first output (unless
// SNAPSHOT = false) is the relation's contents at the tick the sink is created in, staged in the
// same transaction as its catalog record; from then on every tick's changes are staged with the
// tick (streaming/sink-outbox.ts) and written to Kafka exactly once by its runner.
import { EddyError, featureNotSupported, undefinedColumn } from '../../errors/index.js';
import type { Datum, Diff, Row } from '../../repr/index.js';
import type { CreateSink } from '../../sql/streaming-ast.js';
import type { StatementResult } from '../api.js';
import type { RelationRecord, SinkRecord } from '../catalog/objects.js';
import type { EddySession } from '../session.js';
import type { StoreTxn } from '../store-api.js';
import { outboxOf, stage } from '../streaming/sink-outbox.js';
import { findItem, itemOfKind, newItemName, streamingOf } from './ddl-streaming.js';
import { findRelation, notice } from './ddl.js';
import { Options } from './streaming-options.js';

const SINK_OPTIONS = ['TOPIC', 'TOPIC PARTITION COUNT', 'TOPIC REPLICATION FACTOR'];

export async function createSink(
  s: EddySession,
  st: CreateSink,
  sql: string,
): Promise<StatementResult> {
  const { schema, name } = newItemName(s, st.name);
  const catalog = s.engine.catalog;
  if (st.ifNotExists && findItem(s, [schema, name]) !== undefined)
    return notice('CREATE SINK', `sink "${name}" already exists, skipping`, '42710');
  catalog.checkNewRelation(s.database, schema, name);
  const from = findRelation(s, st.from.length > 1 ? st.from.at(-2)! : null, st.from.at(-1)!);
  if (from === undefined)
    throw new EddyError('42P01', `unknown catalog item '${st.from.join('.')}'`);
  if (from.kind === 'view')
    throw featureNotSupported(
      `cannot sink the view ${from.name}: sinks read tables, sources and materialized views`,
    );
  const connection = itemOfKind(s, st.connection, 'connection');
  if (connection.connector !== 'kafka')
    throw new EddyError('42809', `${connection.name} is not a Kafka connection`);
  if (st.headers !== undefined) throw featureNotSupported('sink HEADERS are not supported');
  const o = new Options(st.options, SINK_OPTIONS, 'KAFKA SINK');
  const topic = o.requiredString('TOPIC');
  const withOpts = new Options(st.with, ['SNAPSHOT'], 'SINK');
  const format = st.valueFormat ?? { kind: 'json' as const };
  if (format.kind !== 'json' || (st.keyFormat !== null && st.keyFormat.kind !== 'json'))
    throw featureNotSupported(
      `sink FORMAT ${format.kind.toUpperCase()} is not supported (only JSON)`,
    );
  if (st.envelope === null) throw new EddyError('42601', 'ENVELOPE clause is required');
  const key = (st.key ?? []).map((k) => {
    const i = from.columns.findIndex((c) => c.name === k);
    if (i < 0) throw undefinedColumn(k);
    return i;
  });
  if (st.envelope === 'upsert' && key.length === 0)
    throw new EddyError('22023', 'ENVELOPE UPSERT requires a KEY', {
      hint: 'Name the columns that identify a row: KEY (col, ...).',
    });
  await s.engine.views.whenReady(from.id);
  const oid = catalog.allocateOid();
  const sink: SinkRecord = {
    kind: 'sink',
    id: `snk${oid}`,
    oid,
    database: s.database,
    schema,
    name,
    from: from.id,
    connection: connection.id,
    topic,
    key,
    format: 'json',
    envelope: st.envelope,
    columns: from.columns,
    sql,
  };
  await streamingOf(s).io.prepareSink(sink, {
    partitions: o.number('TOPIC PARTITION COUNT'),
    replicationFactor: o.number('TOPIC REPLICATION FACTOR'),
  });
  const snapshot = withOpts.boolean('SNAPSHOT') ?? true;
  s.engine.commit({
    catalog: [{ kind: 'put', record: sink }],
    createTables: [outboxOf(sink.id)],
    extra: (txn, tick) => {
      if (snapshot) stage(txn, sink.id, tick, contents(txn, from));
    },
  });
  return { kind: 'command', tag: 'CREATE SINK' };
}

/** A relation's rows with their multiplicities, as of the transaction. */
function contents(txn: StoreTxn, rel: RelationRecord): [Row, Diff][] {
  const out: [Row, Diff][] = [];
  if (rel.kind === 'materialized-view') {
    // A view's contents are stored as [count, ...row].
    for (const [, stored] of txn.scan(rel.id))
      out.push([stored.slice(1) as Datum[], Number(stored[0])]);
  } else {
    for (const [, row] of txn.scan(rel.id)) out.push([row, 1]);
  }
  return out;
}
