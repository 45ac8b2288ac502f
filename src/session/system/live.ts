// The live catalog as the pg_catalog relations see it: the current database's namespaces
// (including pg_catalog and information_schema), its relations (user tables, views and
// materialized views, their primary-key and CREATE INDEX indexes, and the system relations), and their columns. Every relation
// file reads the catalog through these, so they agree on OIDs and names.
import { INFORMATION_SCHEMA_OID, PG_CATALOG_OID } from '../catalog/catalog.js';
import type { ColumnRecord, TableRecord } from '../catalog/objects.js';
import type { SqlType } from '../../repr/index.js';
import { deparsedDefault } from './defaults.js';
import { SEQUENCE_COLUMNS } from '../catalog-reader.js';
import { allSystemRelations, type SystemContext, type SystemRelation } from './registry.js';

export interface LiveNamespace {
  readonly oid: number;
  readonly name: string;
}

export interface LiveColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
  readonly defaultSql: string | null;
  /** pg_attribute.attidentity: 'a' (GENERATED ALWAYS), 'd' (BY DEFAULT), '' (not identity). */
  readonly identity?: 'a' | 'd';
}

/** A pg_class entry: a table ('r'), view ('v'), materialized view ('m'), index ('i') or
 * sequence ('S'). */
export interface LiveRelation {
  readonly oid: number;
  readonly name: string;
  readonly namespace: LiveNamespace;
  readonly relkind: 'r' | 'v' | 'm' | 'i' | 'S';
  readonly columns: readonly LiveColumn[];
  /** For tables: the primary key index, if any. */
  readonly primaryKey?: LivePrimaryKey;
  /** For views: the defining query. */
  readonly viewSql?: string;
  /** True for pg_catalog / information_schema relations. */
  readonly system: boolean;
  /** Whether the relation has indexes (pg_class.relhasindex). */
  readonly hasIndex?: boolean;
  /** Number of CHECK constraints (pg_class.relchecks). */
  readonly checks?: number;
}

export interface LivePrimaryKey {
  readonly indexOid: number;
  readonly name: string;
  /** 1-based column numbers. */
  readonly attnums: readonly number[];
  readonly table: TableRecord;
}

export function namespaces(ctx: SystemContext): LiveNamespace[] {
  const user = ctx.catalog.schemas(ctx.database).map((s) => ({ oid: s.oid, name: s.name }));
  return [
    { oid: PG_CATALOG_OID, name: 'pg_catalog' },
    ...user,
    { oid: INFORMATION_SCHEMA_OID, name: 'information_schema' },
  ].sort((a, b) => a.oid - b.oid);
}

function namespaceOf(ctx: SystemContext, schema: string): LiveNamespace {
  if (schema === 'pg_catalog') return { oid: PG_CATALOG_OID, name: schema };
  if (schema === 'information_schema') return { oid: INFORMATION_SCHEMA_OID, name: schema };
  const s = ctx.catalog.schema(ctx.database, schema);
  return { oid: s?.oid ?? 0, name: schema };
}

function userColumns(cols: readonly ColumnRecord[]): LiveColumn[] {
  return cols.map((c) => ({
    name: c.name,
    type: c.type,
    notNull: !c.nullable,
    // An identity column's nextval is not a default to the catalogs (it has no pg_attrdef row).
    defaultSql:
      c.defaultSql === null || c.identity !== undefined
        ? null
        : deparsedDefault(c.defaultSql, c.type),
    ...(c.identity === undefined ? {} : { identity: c.identity === 'always' ? 'a' : 'd' }),
  }));
}

function systemRelation(ctx: SystemContext, s: SystemRelation): LiveRelation {
  const relkind = 'relkind' in s && s.relkind === 'v' ? 'v' : 'r';
  return {
    oid: s.oid,
    name: s.name,
    namespace: namespaceOf(ctx, s.schema),
    relkind,
    columns: s.columns.map((c) => ({
      name: c.name,
      type: c.type,
      notNull: false,
      defaultSql: null,
    })),
    system: true,
  };
}

/** Every pg_class entry of the current database, in OID order. */
export function relations(ctx: SystemContext): LiveRelation[] {
  const out: LiveRelation[] = allSystemRelations().map((s) => systemRelation(ctx, s));
  for (const r of ctx.catalog.relations(ctx.database)) {
    const namespace = namespaceOf(ctx, r.schema);
    const cols = userColumns(r.columns);
    if (r.kind === 'view' || r.kind === 'materialized-view') {
      const relkind = r.kind === 'view' ? 'v' : 'm';
      out.push({
        oid: r.oid,
        name: r.name,
        namespace,
        relkind,
        columns: cols,
        viewSql: r.sql,
        system: false,
        hasIndex: ctx.catalog.indexesOn(r.id).length > 0,
      });
      out.push(...secondaryIndexes(ctx, r.id, namespace, cols));
      continue;
    }
    const pk = primaryKeyOf(r);
    out.push({
      oid: r.oid,
      name: r.name,
      namespace,
      relkind: 'r',
      columns: cols,
      system: false,
      hasIndex: pk !== undefined || ctx.catalog.indexesOn(r.id).length > 0,
      checks: r.checks?.length ?? 0,
      ...(pk ? { primaryKey: pk } : {}),
    });
    out.push(...secondaryIndexes(ctx, r.id, namespace, cols));
    if (pk !== undefined) {
      const keyCols = pk.attnums.map((n) => cols[n - 1]!);
      out.push({
        oid: pk.indexOid,
        name: pk.name,
        namespace,
        relkind: 'i',
        columns: keyCols,
        system: false,
      });
    }
  }
  for (const q of ctx.catalog.sequences(ctx.database))
    out.push({
      oid: q.oid,
      name: q.name,
      namespace: namespaceOf(ctx, q.schema),
      relkind: 'S',
      columns: SEQUENCE_COLUMNS.map((c) => ({
        name: c.name,
        type: c.type,
        notNull: true,
        defaultSql: null,
      })),
      system: false,
    });
  return out.sort((a, b) => a.oid - b.oid);
}

/** The pg_class entries of the CREATE INDEX indexes on a relation. */
function secondaryIndexes(
  ctx: SystemContext,
  relationId: string,
  namespace: LiveNamespace,
  cols: readonly LiveColumn[],
): LiveRelation[] {
  return ctx.catalog.indexesOn(relationId).map((i) => ({
    oid: i.oid,
    name: i.name,
    namespace,
    relkind: 'i',
    columns: i.columns.map((n) => cols[n]!),
    system: false,
  }));
}

export function primaryKeyOf(t: TableRecord): LivePrimaryKey | undefined {
  if (t.primaryKey.length === 0 || t.pkeyName === null) return undefined;
  return {
    indexOid: t.pkeyOid,
    name: t.pkeyName,
    attnums: t.primaryKey.map((i) => i + 1),
    table: t,
  };
}

/** The user tables of the current database that have a primary key. */
export function primaryKeys(ctx: SystemContext): LivePrimaryKey[] {
  const out: LivePrimaryKey[] = [];
  for (const r of ctx.catalog.relations(ctx.database)) {
    if (r.kind !== 'table') continue;
    const pk = primaryKeyOf(r);
    if (pk !== undefined) out.push(pk);
  }
  return out.sort((a, b) => a.indexOid - b.indexOid);
}

/** Text types get the default collation; others none (pg_attribute.attcollation). */
export function collationOf(t: SqlType): number {
  const elem = t.kind === 'array' ? t.elem : t;
  if (elem.kind !== 'scalar') return 0;
  return elem.name === 'text' || elem.name === 'varchar' || elem.name === 'bpchar'
    ? 100
    : elem.name === 'name'
      ? 950
      : 0;
}
