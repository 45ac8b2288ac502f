// CREATE SINK (Materialize's Kafka sink), after `CREATE SINK`:
//
//   [IF NOT EXISTS] name [IN CLUSTER c] FROM relation
//   INTO KAFKA CONNECTION conn (option, ...)
//   [KEY (col, ...) [NOT ENFORCED]] [HEADERS col]
//   [FORMAT f | KEY FORMAT f VALUE FORMAT f]
//   [ENVELOPE UPSERT | DEBEZIUM] [WITH (option, ...)]
//
// Other targets (INTO ICEBERG, INTO S3 ...) raise 0A000.
import type { CreateSink } from '../streaming-ast.js';
import type { Cursor } from './cursor.js';
import { formats } from './formats.js';
import { optionList, withOptions } from './options.js';

export function createSink(c: Cursor): CreateSink {
  const ifNotExists = c.ifNotExists();
  const name = c.name();
  const cluster = c.acceptKeywords('IN', 'CLUSTER') ? c.ident() : undefined;
  c.expectKeywords('FROM');
  const from = c.name();
  c.expectKeywords('INTO');
  if (!c.isKeyword('KAFKA')) {
    const t = c.peek();
    if (t.kind === 'ident' && !t.quoted && c.peek(1).kind !== 'eof')
      throw c.unsupported(`CREATE SINK ... INTO ${t.value.toUpperCase()}`);
    throw c.error();
  }
  c.expectKeywords('KAFKA', 'CONNECTION');
  const connection = c.name();
  const options = optionList(c);
  let key: string[] | undefined;
  let keyNotEnforced = false;
  if (c.isKeyword('KEY') && c.isPunct('(', 1)) {
    c.next();
    key = c.identList();
    keyNotEnforced = c.acceptKeywords('NOT', 'ENFORCED');
  }
  const headers = c.acceptKeywords('HEADERS') ? c.ident() : undefined;
  const { keyFormat, valueFormat } = formats(c);
  let envelope: CreateSink['envelope'] = null;
  if (c.acceptKeywords('ENVELOPE')) {
    if (c.acceptKeywords('UPSERT')) envelope = 'upsert';
    else if (c.acceptKeywords('DEBEZIUM')) envelope = 'debezium';
    else throw c.error();
  }
  const withOpts = withOptions(c);
  c.end();
  return {
    kind: 'create-sink',
    name,
    ifNotExists,
    ...(cluster === undefined ? {} : { cluster }),
    from,
    connector: 'kafka',
    connection,
    options,
    ...(key === undefined ? {} : { key }),
    keyNotEnforced,
    ...(headers === undefined ? {} : { headers }),
    keyFormat,
    valueFormat,
    envelope,
    with: withOpts,
  };
}
