// DDL: CREATE/DROP TABLE, CREATE TABLE AS, TRUNCATE, VIEW, SCHEMA, DATABASE. Catalog changes are durable when
// the statement returns (TRUNCATE deletes rows in the current transaction).
import { quoteIdent } from '../system/quote.js';
import type {
  CreateStmt,
  CreateSeqStmt,
  AlterSeqStmt,
  CreateTableAsStmt,
  TruncateStmt,
  CreatedbStmt,
  DropdbStmt,
  DropStmt,
  ViewStmt,
  IndexStmt,
  CreateSchemaStmt,
  RangeVar,
  SelectStmt,
} from '@pgsql/types';
import {
  EddyError,
  activeSqlTransaction,
  duplicateColumn,
  featureNotSupported,
  invalidTableDefinition,
  wrongObjectType,
} from '../../errors/index.js';
import { names, tagOf, type Node } from '../../sql/ast.js';
import { Binder, Params } from '../../sql/binder.js';
import { bindQuery, bindQueryRel } from '../../sql/bind-select.js';
import type { Row } from '../../repr/index.js';
import { TxnWrites } from '../txn.js';
import { rowIdKey } from '../../storage/row-id.js';
import { runQuery } from './query.js';
import { deparse } from '../../sql/parser.js';
import type { StatementResult } from '../api.js';
import { kindName, type CatalogChange } from '../catalog/catalog.js';
import { createDefaultIndex, createIndex, createMaterializedView, dropIndex } from './ddl-views.js';
import type { EddyCreateDefaultIndex } from '../../sql/extensions.js';
import type { ColumnRecord, RelationRecord } from '../catalog/objects.js';
import type { EddySession } from '../session.js';
import { SessionCatalog } from '../catalog-reader.js';
import { storageOf } from './ddl-streaming.js';
import {
  alterSequence,
  createSequence,
  dropSequence,
  restartOwnedSequences,
} from './ddl-sequence.js';
import { createTable } from './ddl-table.js';

const DDL = new Set([
  'IndexStmt',
  'EddyCreateDefaultIndex',
  'CreateTableAsStmt',
  'TruncateStmt',
  'CreateStmt',
  'ViewStmt',
  'DropStmt',
  'CreateSeqStmt',
  'AlterSeqStmt',
  'CreateSchemaStmt',
  'CreatedbStmt',
  'DropdbStmt',
]);

export function isDdl(tag: string): boolean {
  return DDL.has(tag);
}

export async function executeDdlAsync(
  s: EddySession,
  tag: string,
  body: Record<string, unknown>,
  signal: AbortSignal,
): Promise<StatementResult | null> {
  if (tag === 'CreateTableAsStmt') return createTableAs(s, body as CreateTableAsStmt, signal);
  if (tag === 'TruncateStmt') return truncate(s, body as TruncateStmt);
  return null;
}

/** CREATE TABLE name [(cols)] AS query [WITH [NO] DATA], and SELECT ... INTO name. */
async function createTableAs(
  s: EddySession,
  c: CreateTableAsStmt,
  signal: AbortSignal,
): Promise<StatementResult> {
  if (c.objtype === 'OBJECT_MATVIEW') return await createMaterializedView(s, c);
  const into = c.into!;
  const rv = into.rel!;
  const name = rv.relname ?? '';
  const schema = targetSchema(s, rv);
  const catalog = s.engine.catalog;
  if (c.if_not_exists === true && catalog.relation(s.database, schema, name) !== undefined) {
    return notice('CREATE TABLE AS', `relation "${name}" already exists, skipping`, '42P07');
  }
  catalog.checkNewRelation(s.database, schema, name);
  const [qtag, qbody] = tagOf(c.query!);
  if (qtag !== 'SelectStmt') throw featureNotSupported('CREATE TABLE AS supports SELECT only');
  const q = bindQuery(new Binder(s.catalogReader(), new Params([], [])), qbody as SelectStmt, null);
  const columns = namedColumns(q.columns, names(into.colNames));
  let rows: Row[] = [];
  if (into.skipData !== true) {
    const snapshot = s.engine.snapshot();
    try {
      rows = await runQuery(q, s.execEnv(snapshot, signal));
    } finally {
      snapshot.release();
    }
  }
  const table = catalog.newTable(s.database, schema, name, columns, []);
  const writes = new TxnWrites();
  for (const row of rows) writes.put(table.id, rowIdKey(s.engine.newRowId()), row, 'fresh');
  // The table and its rows appear together, in one commit.
  s.engine.commit({ catalog: [{ kind: 'put', record: table }], createTables: [table.id], writes });
  return {
    kind: 'command',
    tag: `SELECT ${rows.length}`,
  };
}

/** TRUNCATE: deletes every row of the tables, in the current transaction. */
function truncate(s: EddySession, t: TruncateStmt): StatementResult {
  const reader = s.catalogReader();
  const snapshot = s.engine.snapshot();
  try {
    for (const n of t.relations ?? []) {
      const rv = tagOf(n)[1] as RangeVar;
      const rel = reader.resolveRelation(rv.schemaname ?? null, rv.relname ?? '');
      if (rel === undefined)
        throw new EddyError('42P01', `relation "${rv.relname ?? ''}" does not exist`);
      if (rel.kind !== 'table' || s.engine.catalog.get(rel.id)?.kind !== 'table')
        throw wrongObjectType(`"${rel.name}" is not a table`);
      const rec = s.engine.catalog.get(rel.id);
      if (rec?.kind === 'table' && rec.source !== undefined)
        throw wrongObjectType(`cannot truncate source "${rel.name}"`);
      for (const [key] of [...s.writes.scan(snapshot, rel.id)]) s.writes.delete(rel.id, key);
      // Not undone by a rollback (PostgreSQL's is): sequences here are outside transactions.
      if (t.restart_seqs === true) restartOwnedSequences(s, rel.id);
    }
  } finally {
    snapshot.release();
  }
  return { kind: 'command', tag: 'TRUNCATE TABLE' };
}

export function executeDdl(
  s: EddySession,
  binder: Binder,
  tag: string,
  body: Record<string, unknown>,
  _sql: string,
): StatementResult {
  switch (tag) {
    case 'CreateStmt':
      return createTable(s, binder, body as CreateStmt);
    case 'ViewStmt':
      return createView(s, body as ViewStmt);
    case 'DropStmt':
      return drop(s, body as DropStmt);
    case 'CreateSeqStmt':
      return createSequence(s, binder, body as CreateSeqStmt);
    case 'AlterSeqStmt':
      return alterSequence(s, body as AlterSeqStmt);
    case 'IndexStmt':
      return createIndex(s, body as IndexStmt);
    case 'EddyCreateDefaultIndex':
      return createDefaultIndex(s, body as unknown as EddyCreateDefaultIndex);
    case 'CreateSchemaStmt': {
      const c = body as CreateSchemaStmt;
      if ((c.schemaElts ?? []).length > 0)
        throw featureNotSupported('CREATE SCHEMA with elements is not supported');
      const name = c.schemaname ?? c.authrole?.rolename ?? '';
      const changes = s.engine.catalog.createSchema(s.database, name, c.if_not_exists === true);
      if (changes.length === 0)
        return notice('CREATE SCHEMA', `schema "${name}" already exists, skipping`, '42P06');
      s.engine.commit({ catalog: changes });
      return { kind: 'command', tag: 'CREATE SCHEMA' };
    }
    case 'CreatedbStmt': {
      if (s.inExplicitTransaction)
        throw activeSqlTransaction('CREATE DATABASE cannot run inside a transaction block');
      const c = body as CreatedbStmt;
      const changes = s.engine.catalog.createDatabase(c.dbname ?? '', false);
      s.engine.commit({ catalog: changes });
      return { kind: 'command', tag: 'CREATE DATABASE' };
    }
    case 'DropdbStmt': {
      if (s.inExplicitTransaction)
        throw activeSqlTransaction('DROP DATABASE cannot run inside a transaction block');
      const d = body as DropdbStmt;
      const name = d.dbname ?? '';
      const catalog = s.engine.catalog;
      const changes = catalog.dropDatabase(name, d.missing_ok === true, s.database);
      if (changes.length === 0)
        return notice('DROP DATABASE', `database "${name}" does not exist, skipping`, '00000');
      const dropTables = changes.flatMap((c) =>
        c.kind === 'delete' && c.record.kind === 'table' ? [c.record.id] : [],
      );
      s.engine.commit({ catalog: changes, dropTables });
      return { kind: 'command', tag: 'DROP DATABASE' };
    }
    default:
      throw featureNotSupported(`${tag} is not supported`);
  }
}

/** Column records of a query's output, renamed by `aliases` (CREATE TABLE AS, MATERIALIZED VIEW). */
export function namedColumns(
  output: readonly { name: string; type: ColumnRecord['type'] }[],
  aliases: readonly string[],
): ColumnRecord[] {
  if (aliases.length > output.length)
    throw new EddyError('42601', 'too many column names were specified');
  const columns: ColumnRecord[] = output.map((col, i) => ({
    name: aliases[i] ?? col.name,
    type: col.type,
    nullable: true,
    defaultSql: null,
  }));
  const seen = new Set<string>();
  for (const col of columns) {
    if (seen.has(col.name)) throw duplicateColumn(`column "${col.name}" specified more than once`);
    seen.add(col.name);
  }
  return columns;
}

export function notice(tag: string, message: string, code: string): StatementResult {
  return { kind: 'command', tag, notices: [new EddyError(code, message, { severity: 'NOTICE' })] };
}

/** The schema a new object goes in: its qualifier, or the first existing schema on the path. */
export function targetSchema(s: EddySession, rv: RangeVar): string {
  if (rv.schemaname !== undefined) {
    if (rv.schemaname === 'pg_catalog' || rv.schemaname === 'information_schema') {
      throw new EddyError(
        '42501',
        `permission denied to create "${rv.schemaname}.${rv.relname ?? ''}"`,
        {
          detail: 'System catalog modifications are currently disallowed.',
        },
      );
    }
    return rv.schemaname;
  }
  const path = s
    .catalogReader()
    .searchPath()
    .filter((p) => p !== 'pg_catalog' && p !== 'information_schema');
  const first = path[0];
  if (first === undefined) throw new EddyError('3F000', 'no schema has been selected to create in');
  return first;
}

function createView(s: EddySession, v: ViewStmt): StatementResult {
  const rv = v.view!;
  const name = rv.relname ?? '';
  const schema = targetSchema(s, rv);
  const catalog = s.engine.catalog;
  const reader = s.catalogReader();
  const q = bindQueryRel(
    new Binder(reader, new Params([], [])),
    tagOf(v.query!)[1] as SelectStmt,
    null,
  );
  const aliases = names(v.aliases);
  if (aliases.length > q.columns.length)
    throw new EddyError('42601', 'CREATE VIEW specifies more column names than columns');
  const columns: ColumnRecord[] = q.columns.map((c, i) => ({
    name: aliases[i] ?? c.name,
    type: c.type,
    nullable: true,
    defaultSql: null,
  }));
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw duplicateColumn(`column "${c.name}" specified more than once`);
    seen.add(c.name);
  }
  // Column aliases become part of the stored query so that SELECT * from the view uses them.
  const body = deparse(v.query!);
  const sql =
    aliases.length > 0
      ? `SELECT * FROM (${body}) AS _v(${columns.map((c) => quoteIdent(c.name)).join(', ')})`
      : body;
  const existing = catalog.relation(s.database, schema, name);
  let changes: CatalogChange[] = [];
  let oid: number | undefined;
  if (existing !== undefined) {
    if (v.replace !== true || existing.kind !== 'view') {
      if (existing.kind !== 'view' && v.replace === true)
        throw wrongObjectType(`"${name}" is not a view`);
      throw new EddyError('42P07', `relation "${name}" already exists`);
    }
    existing.columns.forEach((c, i) => {
      const n = columns[i];
      if (n === undefined) throw invalidTableDefinition('cannot drop columns from view');
      if (n.name !== c.name)
        throw invalidTableDefinition(
          `cannot change name of view column "${c.name}" to "${n.name}"`,
        );
      if (JSON.stringify(n.type) !== JSON.stringify(c.type))
        throw invalidTableDefinition(`cannot change data type of view column "${c.name}"`);
    });
    oid = existing.oid;
    changes = [{ kind: 'delete', record: existing }];
  } else {
    catalog.checkNewRelation(s.database, schema, name);
  }
  const deps = [...reader.touched];
  const view = catalog.newView(s.database, schema, name, columns, sql, deps);
  const record = oid === undefined ? view : { ...view, id: existing!.id, oid };
  s.engine.commit({ catalog: [...changes, { kind: 'put', record }] });
  return { kind: 'command', tag: 'CREATE VIEW' };
}

const DROP_KINDS: Record<
  string,
  { word: string; tag: string; kind: RelationRecord['kind'] | null }
> = {
  OBJECT_TABLE: { word: 'table', tag: 'DROP TABLE', kind: 'table' },
  OBJECT_MATVIEW: {
    word: 'materialized view',
    tag: 'DROP MATERIALIZED VIEW',
    kind: 'materialized-view',
  },
  OBJECT_VIEW: { word: 'view', tag: 'DROP VIEW', kind: 'view' },
  OBJECT_SCHEMA: { word: 'schema', tag: 'DROP SCHEMA', kind: null },
};

function drop(s: EddySession, d: DropStmt): StatementResult {
  if (d.removeType === 'OBJECT_INDEX') return dropIndex(s, d);
  if (d.removeType === 'OBJECT_SEQUENCE') return dropSequence(s, d);
  const what = DROP_KINDS[d.removeType ?? ''];
  if (what === undefined)
    throw featureNotSupported(
      `DROP ${String(d.removeType ?? '').replace('OBJECT_', '')} is not supported`,
    );
  const cascade = d.behavior === 'DROP_CASCADE';
  const catalog = s.engine.catalog;
  const notices: EddyError[] = [];
  const changes: CatalogChange[] = [];
  const seen = new Set<string>();
  const named = new Set<string>();
  for (const obj of d.objects ?? []) {
    const [tag, body] = tagOf(obj);
    const parts = tag === 'List' ? names(body.items as Node[]) : [String(body.sval ?? '')];
    if (what.kind === null) {
      const schemaName = parts[parts.length - 1]!;
      const c = catalog.dropSchema(s.database, schemaName, d.missing_ok === true, cascade);
      if (c.length === 0)
        notices.push(
          new EddyError('00000', `schema "${schemaName}" does not exist, skipping`, {
            severity: 'NOTICE',
          }),
        );
      changes.push(...c);
      continue;
    }
    const name = parts[parts.length - 1]!;
    const schemaName = parts.length > 1 ? parts[parts.length - 2]! : null;
    const rel = findRelation(s, schemaName, name);
    if (rel === undefined) {
      const label = schemaName === null ? name : `${schemaName}.${name}`;
      if (d.missing_ok === true) {
        notices.push(
          new EddyError('00000', `${what.word} "${label}" does not exist, skipping`, {
            severity: 'NOTICE',
          }),
        );
        continue;
      }
      throw new EddyError('42P01', `${what.word} "${label}" does not exist`);
    }
    if (rel.kind !== what.kind || (rel.kind === 'table' && rel.source !== undefined)) {
      throw wrongObjectType(`"${name}" is not a ${what.word}`, {
        hint: `Use DROP ${kindName(rel).toUpperCase()} to remove a ${kindName(rel)}.`,
      });
    }
    named.add(rel.id);
    changes.push(...catalog.dropRelationChanges(rel, cascade, seen));
  }
  const dropped = changes.filter((c) => c.kind === 'delete').map((c) => c.record);
  // PostgreSQL reports each object dropped by cascade (the views depending on what was named).
  for (const r of dropped) {
    if (
      (r.kind === 'view' || r.kind === 'materialized-view') &&
      !named.has(r.id) &&
      what.kind !== null
    )
      notices.push(
        new EddyError('00000', `drop cascades to ${kindName(r)} ${r.name}`, { severity: 'NOTICE' }),
      );
  }
  const dropTables = storageOf(dropped);
  for (const id of dropTables) s.writes.forget(id);
  const sequences = dropped.filter((r) => r.kind === 'sequence');
  if (changes.length > 0)
    s.engine.commit({
      catalog: changes,
      dropTables,
      extra: (txn) => {
        for (const q of sequences) s.engine.sequences.dropped(q, txn);
      },
    });
  return { kind: 'command', tag: what.tag, ...(notices.length > 0 ? { notices } : {}) };
}

export function findRelation(
  s: EddySession,
  schema: string | null,
  name: string,
): RelationRecord | undefined {
  return findInPath(s, schema, (p) => s.engine.catalog.relation(s.database, p, name));
}

/** The session's effective search path (schemas in order). */
export function sessionSearchPath(s: EddySession): readonly string[] {
  return new SessionCatalog(
    s.engine.catalog,
    s.database,
    s.user,
    () => s.settings.get('search_path') ?? 'public',
  ).searchPath();
}

/** What `find` finds in `schema`, or (no schema given) in the first schema of the path. */
export function findInPath<T>(
  s: EddySession,
  schema: string | null,
  find: (schema: string) => T | undefined,
): T | undefined {
  if (schema !== null) return find(schema);
  for (const p of sessionSearchPath(s)) {
    const r = find(p);
    if (r !== undefined) return r;
  }
  return undefined;
}
