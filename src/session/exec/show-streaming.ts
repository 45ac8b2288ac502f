// SHOW SOURCES | SINKS | CONNECTIONS | SECRETS [FROM schema] and SHOW CREATE SOURCE | SINK |
// CONNECTION, with Materialize's columns. SHOW CREATE gives the statement as it was written.
import { EddyError, wrongObjectType } from '../../errors/index.js';
import { T, type Row } from '../../repr/index.js';
import type { ShowCreateStreaming, ShowStreaming } from '../../sql/streaming-ast.js';
import type { ResultColumn, StatementResult } from '../api.js';
import type { EddySession } from '../session.js';
import { quoteIdent } from '../system/quote.js';
import { findItem } from './ddl-streaming.js';
import { findRelation } from './ddl.js';
import { column, rowsResult } from './rows.js';

const COLUMNS: Record<ShowStreaming['what'], string[]> = {
  sources: ['name', 'type', 'cluster', 'comment'],
  sinks: ['name', 'type', 'cluster', 'comment'],
  connections: ['name', 'type', 'comment'],
  secrets: ['name', 'comment'],
};

export function describeShowStreaming(st: ShowStreaming | ShowCreateStreaming): ResultColumn[] {
  if (st.kind === 'show-create') return [column('name', T.text), column('create_sql', T.text)];
  return COLUMNS[st.what].map((n) => column(n, T.text));
}

export function executeShowStreaming(
  s: EddySession,
  st: ShowStreaming | ShowCreateStreaming,
): StatementResult {
  const rows = st.kind === 'show' ? list(s, st) : showCreate(s, st);
  return rowsResult(describeShowStreaming(st), rows, (n) => `SELECT ${n}`);
}

function list(s: EddySession, st: ShowStreaming): Row[] {
  const catalog = s.engine.catalog;
  const schema =
    st.schema ??
    s
      .catalogReader()
      .searchPath()
      .find((p) => p !== 'pg_catalog' && p !== 'information_schema') ??
    'public';
  if (catalog.schema(s.database, schema) === undefined)
    throw new EddyError('3F000', `unknown schema '${schema}'`);
  let rows: Row[];
  switch (st.what) {
    case 'sources':
      rows = catalog
        .sources()
        .filter((r) => r.database === s.database && r.schema === schema)
        .map((r) => [r.name, r.source!.connector, 'default', null]);
      break;
    case 'sinks':
      rows = catalog
        .sinks()
        .filter((r) => r.database === s.database && r.schema === schema)
        .map((r) => [r.name, 'kafka', 'default', null]);
      break;
    case 'connections':
      rows = catalog
        .streamingItems(s.database)
        .filter((r) => r.kind === 'connection' && r.schema === schema)
        .map((r) => [r.name, r.kind === 'connection' ? r.connector : '', null]);
      break;
    case 'secrets':
      rows = catalog
        .streamingItems(s.database)
        .filter((r) => r.kind === 'secret' && r.schema === schema)
        .map((r) => [r.name, null]);
      break;
  }
  return rows.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
}

function showCreate(s: EddySession, st: ShowCreateStreaming): Row[] {
  const label = st.name.join('.');
  if (st.what === 'source') {
    const rel = findRelation(s, st.name.length > 1 ? st.name.at(-2)! : null, st.name.at(-1)!);
    if (rel === undefined) throw new EddyError('42P01', `unknown catalog item '${label}'`);
    if (rel.kind !== 'table' || rel.source === undefined)
      throw wrongObjectType(`${label} is not a source`);
    return [[`${quoteIdent(rel.schema)}.${quoteIdent(rel.name)}`, rel.source.sql]];
  }
  const item = findItem(s, st.name);
  if (item === undefined) throw new EddyError('42P01', `unknown catalog item '${label}'`);
  if (item.kind !== st.what) throw wrongObjectType(`${label} is not a ${st.what}`);
  return [[`${quoteIdent(item.schema)}.${quoteIdent(item.name)}`, 'sql' in item ? item.sql : '']];
}
