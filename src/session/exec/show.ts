// Materialize's SHOW statements: SHOW MATERIALIZED VIEWS / VIEWS / TABLES / INDEXES and
// SHOW CREATE {MATERIALIZED VIEW | VIEW | TABLE | INDEX}, answered from the catalog.
import { quoteIdent } from '../system/quote.js';
import { EddyError, wrongObjectType } from '../../errors/index.js';
import { T, type Row } from '../../repr/index.js';
import { formatType } from '../../repr/pgtypes.js';
import type { EddyShow, EddyShowCreate } from '../../sql/extensions.js';
import type { ResultColumn, StatementResult } from '../api.js';
import { kindName } from '../catalog/catalog.js';
import type { IndexRecord, RelationRecord } from '../catalog/objects.js';
import type { EddySession } from '../session.js';
import { findRelation } from './ddl.js';
import { column, rowsResult } from './rows.js';

export function describeShow(tag: string, body: Record<string, unknown>): ResultColumn[] | null {
  if (tag === 'EddyShowCreate') return [column('name', T.text), column('create_sql', T.text)];
  if (tag !== 'EddyShow') return null;
  switch ((body as unknown as EddyShow).what) {
    case 'materialized views':
      return [column('name', T.text), column('cluster', T.text)];
    case 'indexes':
      return ['name', 'on', 'cluster', 'key'].map((n) => column(n, T.text));
    default:
      return [column('name', T.text)];
  }
}

export function executeShow(
  s: EddySession,
  tag: string,
  body: Record<string, unknown>,
): StatementResult {
  const columns = describeShow(tag, body)!;
  const rows =
    tag === 'EddyShow'
      ? showList(s, body as unknown as EddyShow)
      : showCreate(s, body as unknown as EddyShowCreate);
  return rowsResult(columns, rows, (n) => `SELECT ${n}`);
}

const KIND: Record<string, RelationRecord['kind']> = {
  'materialized views': 'materialized-view',
  'materialized view': 'materialized-view',
  views: 'view',
  view: 'view',
  tables: 'table',
  table: 'table',
};

function firstSchema(s: EddySession): string {
  return (
    s
      .catalogReader()
      .searchPath()
      .find((p) => p !== 'pg_catalog') ?? 'public'
  );
}

function showList(s: EddySession, show: EddyShow): Row[] {
  const catalog = s.engine.catalog;
  if (show.what === 'indexes') {
    let indexes: IndexRecord[];
    if (show.on !== undefined) {
      const rel = relation(s, show.on);
      indexes = catalog.indexesOn(rel.id);
    } else {
      const schema = show.schema ?? firstSchema(s);
      indexes = [...catalog.all()].filter(
        (r): r is IndexRecord =>
          r.kind === 'index' && r.database === s.database && r.schema === schema,
      );
    }
    return indexes
      .map((i): Row => {
        const on = catalog.get(i.on) as RelationRecord;
        const key = `{${i.columns.map((c) => on.columns[c]!.name).join(',')}}`;
        return [i.name, on.name, 'default', key];
      })
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  }
  const schema = show.schema ?? firstSchema(s);
  if (catalog.schema(s.database, schema) === undefined)
    throw new EddyError('3F000', `unknown schema '${schema}'`);
  const kind = KIND[show.what]!;
  return catalog
    .relations(s.database)
    .filter((r) => r.schema === schema && r.kind === kind && !isSource(r))
    .map((r): Row => (kind === 'materialized-view' ? [r.name, 'default'] : [r.name]))
    .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
}

const isSource = (r: RelationRecord): boolean => r.kind === 'table' && r.source !== undefined;

function relation(s: EddySession, name: readonly string[]): RelationRecord {
  const rel = findRelation(s, name.length > 1 ? name.at(-2)! : null, name.at(-1)!);
  if (rel === undefined) throw new EddyError('42P01', `unknown catalog item '${name.join('.')}'`);
  return rel;
}

function showCreate(s: EddySession, show: EddyShowCreate): Row[] {
  const catalog = s.engine.catalog;
  if (show.what === 'index') {
    const name = show.name.at(-1)!;
    const schemas = show.name.length > 1 ? [show.name.at(-2)!] : s.catalogReader().searchPath();
    const ix = schemas.map((sc) => catalog.indexNamed(s.database, sc, name)).find((i) => i);
    if (ix === undefined)
      throw new EddyError('42P01', `unknown catalog item '${show.name.join('.')}'`);
    const on = catalog.get(ix.on) as RelationRecord;
    const cols = ix.columns.map((c) => quoteIdent(on.columns[c]!.name)).join(', ');
    const full = `${quoteIdent(ix.schema)}.${quoteIdent(ix.name)}`;
    return [[full, `CREATE INDEX ${quoteIdent(ix.name)} ON ${qualified(on)} (${cols})`]];
  }
  const rel = relation(s, show.name);
  if (rel.kind !== KIND[show.what] || isSource(rel))
    throw wrongObjectType(`${qualified(rel)} is not a ${show.what}`, {
      hint: `Use SHOW CREATE ${kindName(rel).toUpperCase()}.`,
    });
  let sql: string;
  switch (rel.kind) {
    case 'materialized-view':
      sql = `CREATE MATERIALIZED VIEW ${qualified(rel)} (${rel.columns.map((c) => quoteIdent(c.name)).join(', ')}) AS ${rel.sql}`;
      break;
    case 'view':
      sql = `CREATE VIEW ${qualified(rel)} AS ${rel.sql}`;
      break;
    case 'table': {
      const defs = rel.columns.map(
        (c) =>
          `${quoteIdent(c.name)} ${formatType(c.type)}${c.nullable ? '' : ' NOT NULL'}${c.defaultSql === null ? '' : ` DEFAULT ${c.defaultSql}`}`,
      );
      if (rel.primaryKey.length > 0)
        defs.push(
          `PRIMARY KEY (${rel.primaryKey.map((i) => quoteIdent(rel.columns[i]!.name)).join(', ')})`,
        );
      sql = `CREATE TABLE ${qualified(rel)} (${defs.join(', ')})`;
      break;
    }
  }
  return [[qualified(rel), sql]];
}

function qualified(r: { schema: string; name: string }): string {
  return `${quoteIdent(r.schema)}.${quoteIdent(r.name)}`;
}
