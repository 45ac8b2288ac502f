// DDL of maintained objects: CREATE [OR REPLACE] MATERIALIZED VIEW, CREATE INDEX / CREATE DEFAULT
// INDEX on a materialized view, DROP INDEX. The engine creates, hydrates and drops the views'
// storage in the same commit as their catalog records (views/maintainer.ts).
import type { CreateTableAsStmt, DropStmt, IndexStmt, SelectStmt } from '@pgsql/types';
import { EddyError, featureNotSupported, wrongObjectType } from '../../errors/index.js';
import { names, tagOf, type Node } from '../../sql/ast.js';
import { Binder, Params } from '../../sql/binder.js';
import { bindQueryRel } from '../../sql/bind-select.js';
import type { EddyCreateDefaultIndex } from '../../sql/extensions.js';
import { deparse } from '../../sql/parser.js';
import type { StatementResult } from '../api.js';
import type { CatalogChange } from '../catalog/catalog.js';
import type { IndexRecord, RelationRecord } from '../catalog/objects.js';
import type { EddySession } from '../session.js';
import { uniqueKeys } from '../../planner/keys.js';
import { checkMaintainable, lowerMaintained, maintainedCatalog } from '../views/maintained.js';
import { contentsShape } from '../views/storage.js';
import { findRelation, namedColumns, notice, targetSchema } from './ddl.js';

/**
 * CREATE [OR REPLACE] MATERIALIZED VIEW [IF NOT EXISTS] name [(cols)] AS query. Returns once the
 * view has hydrated (other sessions' statements run meanwhile); views it reads that are still
 * hydrating are waited for first.
 */
export async function createMaterializedView(
  s: EddySession,
  c: CreateTableAsStmt,
): Promise<StatementResult> {
  const [qtag, qbody] = tagOf(c.query!);
  if (qtag !== 'SelectStmt') throw featureNotSupported('materialized views are defined by SELECT');
  const probe = s.catalogReader();
  bindQueryRel(new Binder(maintainedCatalog(probe), new Params([], [])), qbody as SelectStmt, null);
  for (const id of probe.touched) await s.engine.views.whenReady(id);
  const result = defineMaterializedView(s, c);
  if (result.id !== undefined) await s.engine.views.whenReady(result.id);
  return result.result;
}

function defineMaterializedView(
  s: EddySession,
  c: CreateTableAsStmt,
): { result: StatementResult; id?: string } {
  const into = c.into!;
  const rv = into.rel!;
  const name = rv.relname ?? '';
  const schema = targetSchema(s, rv);
  const catalog = s.engine.catalog;
  const replace = (c as { replace?: boolean }).replace === true;
  const retainHistoryMs = (c as { retainHistoryMs?: number }).retainHistoryMs;
  if (into.skipData === true)
    throw featureNotSupported('materialized views WITH NO DATA are not supported');
  const existing = catalog.relation(s.database, schema, name);
  if (existing !== undefined && c.if_not_exists === true)
    return {
      result: notice(
        'CREATE MATERIALIZED VIEW',
        `relation "${name}" already exists, skipping`,
        '42P07',
      ),
    };
  if (existing !== undefined && !(replace && existing.kind === 'materialized-view')) {
    if (replace) throw wrongObjectType(`"${name}" is not a materialized view`);
    throw new EddyError('42P07', `relation "${name}" already exists`);
  }
  if (existing === undefined) catalog.checkNewRelation(s.database, schema, name);
  const qbody = tagOf(c.query!)[1];
  const reader = s.catalogReader();
  const q = bindQueryRel(
    new Binder(maintainedCatalog(reader), new Params([], [])),
    qbody as SelectStmt,
    null,
  );
  checkMaintainable(q.rel);
  const columns = namedColumns(q.columns, names(into.colNames));
  const timeZone = s.settings.get('TimeZone') ?? 'UTC';
  const visible = columns.length;
  const keys = uniqueKeys(lowerMaintained(q.rel, timeZone).lowered).filter((k) =>
    k.every((c) => c < visible),
  );
  const changes: CatalogChange[] = [];
  if (existing !== undefined) {
    if (reader.touched.has(existing.id))
      throw new EddyError('42P17', `materialized view "${name}" cannot depend on itself`);
    changes.push(...catalog.dropRelationChanges(existing, false));
  }
  const record = catalog.newMaterializedView({
    database: s.database,
    schema,
    name,
    columns,
    sql: deparse(c.query!),
    searchPath: s.settings.get('search_path') ?? 'public',
    timeZone,
    dependsOn: [...reader.touched],
    ...(keys.length > 0 ? { keys } : {}),
    stateInContents: true,
    ...(retainHistoryMs === undefined ? {} : { retainHistoryMs }),
  });
  changes.push({ kind: 'put', record });
  s.engine.commit({ catalog: changes });
  return { result: { kind: 'command', tag: 'CREATE MATERIALIZED VIEW' }, id: record.id };
}

function indexable(s: EddySession, parts: readonly string[]): RelationRecord {
  const name = parts.at(-1)!;
  const rel = findRelation(s, parts.length > 1 ? parts.at(-2)! : null, name);
  if (rel === undefined)
    throw new EddyError('42P01', `relation "${parts.join('.')}" does not exist`);
  if (rel.kind !== 'materialized-view')
    throw featureNotSupported(
      `indexes on ${rel.kind === 'table' ? 'tables' : 'views'} are not supported (only on materialized views)`,
    );
  return rel;
}

function addIndex(
  s: EddySession,
  rel: RelationRecord,
  name: string,
  columns: number[],
  ifNotExists: boolean,
  tag: string,
): StatementResult {
  const catalog = s.engine.catalog;
  if (
    catalog.indexNamed(s.database, rel.schema, name) !== undefined ||
    catalog.relation(s.database, rel.schema, name) !== undefined
  ) {
    if (ifNotExists) return notice(tag, `relation "${name}" already exists, skipping`, '42P07');
    throw new EddyError('42P07', `relation "${name}" already exists`);
  }
  const keys = rel.kind === 'materialized-view' ? (rel.keys ?? []) : [];
  const unique = keys.some((k) => k.every((c) => columns.includes(c)));
  const contents = rel.kind === 'materialized-view' ? contentsShape(rel) : undefined;
  const inContents =
    contents?.unique === true &&
    contents.columns.length === columns.length &&
    contents.columns.every((c, i) => c === columns[i]);
  const index = catalog.newIndex({
    database: s.database,
    schema: rel.schema,
    name,
    on: rel.id,
    columns,
    ...(unique ? { unique } : {}),
    ...(inContents ? { inContents } : {}),
  });
  s.engine.commit({ catalog: [{ kind: 'put', record: index }] });
  return { kind: 'command', tag };
}

/** CREATE INDEX [name] ON materialized_view (col, ...). */
export function createIndex(s: EddySession, stmt: IndexStmt): StatementResult {
  const rv = stmt.relation!;
  const rel = indexable(s, [
    ...(rv.schemaname === undefined ? [] : [rv.schemaname]),
    rv.relname ?? '',
  ]);
  if (stmt.unique === true) throw featureNotSupported('unique indexes are not supported');
  const columns = (stmt.indexParams ?? []).map((p) => {
    const elem = tagOf(p as Node)[1] as { name?: string; expr?: Node };
    if (elem.name === undefined)
      throw featureNotSupported('indexes on expressions are not supported');
    const i = rel.columns.findIndex((c) => c.name === elem.name);
    if (i < 0) throw new EddyError('42703', `column "${elem.name}" does not exist`);
    return i;
  });
  const name =
    stmt.idxname ?? `${rel.name}_${columns.map((i) => rel.columns[i]!.name).join('_')}_idx`;
  return addIndex(s, rel, name, columns, stmt.if_not_exists === true, 'CREATE INDEX');
}

/** CREATE DEFAULT INDEX ON materialized_view: all columns, named <view>_primary_idx. */
export function createDefaultIndex(s: EddySession, stmt: EddyCreateDefaultIndex): StatementResult {
  const rel = indexable(s, stmt.name);
  const columns = rel.columns.map((_, i) => i);
  return addIndex(s, rel, `${rel.name}_primary_idx`, columns, stmt.ifNotExists, 'CREATE INDEX');
}

/** DROP INDEX [IF EXISTS] name, ... */
export function dropIndex(s: EddySession, d: DropStmt): StatementResult {
  const catalog = s.engine.catalog;
  const changes: CatalogChange[] = [];
  const notices: EddyError[] = [];
  for (const obj of d.objects ?? []) {
    const [tag, body] = tagOf(obj);
    const parts = tag === 'List' ? names(body.items as Node[]) : [String(body.sval ?? '')];
    const name = parts.at(-1)!;
    const schemas =
      parts.length > 1
        ? [parts.at(-2)!]
        : s
            .catalogReader()
            .searchPath()
            .filter((p) => p !== 'pg_catalog');
    let index: IndexRecord | undefined;
    for (const sc of schemas) index ??= catalog.indexNamed(s.database, sc, name);
    if (index === undefined) {
      if (d.missing_ok === true) {
        notices.push(
          new EddyError('00000', `index "${name}" does not exist, skipping`, {
            severity: 'NOTICE',
          }),
        );
        continue;
      }
      throw new EddyError('42704', `index "${name}" does not exist`);
    }
    changes.push({ kind: 'delete', record: index });
  }
  if (changes.length > 0) s.engine.commit({ catalog: changes });
  return { kind: 'command', tag: 'DROP INDEX', ...(notices.length > 0 ? { notices } : {}) };
}
