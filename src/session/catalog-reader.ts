// The binder's view of the catalog for one session: its database, its search path, user tables
// and views, and the system relations of pg_catalog and information_schema.
import type { CatalogReader, CatalogRelation } from '../sql/catalog-api.js';
import { INFORMATION_SCHEMA_OID, PG_CATALOG_OID, type Catalog } from './catalog/catalog.js';
import { isRelation, type RelationRecord, type SequenceRecord } from './catalog/objects.js';
import { T } from '../repr/index.js';
import { procOidsNamed } from './system/pg-proc.js';
import {
  MZ_SCHEMAS,
  everySystemRelation,
  systemRelation,
  type SystemRelation,
} from './system/registry.js';

export class SessionCatalog implements CatalogReader {
  /** Ids of user relations resolved (for view dependencies). */
  readonly touched = new Set<string>();

  constructor(
    private readonly catalog: Catalog,
    private readonly database: string,
    private readonly user: string,
    private readonly searchPathSetting: () => string,
  ) {}

  currentDatabase(): string {
    return this.database;
  }

  functionOids(name: string): readonly number[] {
    return procOidsNamed(name);
  }

  searchPath(): readonly string[] {
    const parts = this.searchPathSetting()
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p) => (p.startsWith('"') && p.endsWith('"') ? p.slice(1, -1) : p.toLowerCase()))
      .map((p) => (p === '$user' ? this.user : p))
      .filter(
        (p) =>
          p === 'pg_catalog' ||
          p === 'information_schema' ||
          this.catalog.schema(this.database, p) !== undefined,
      );
    return parts.includes('pg_catalog') ? parts : ['pg_catalog', ...parts];
  }

  schemaOid(name: string): number | undefined {
    if (name === 'pg_catalog') return PG_CATALOG_OID;
    if (name === 'information_schema') return INFORMATION_SCHEMA_OID;
    return this.catalog.schema(this.database, name)?.oid;
  }

  schemaExists(name: string): boolean {
    return (
      name === 'pg_catalog' ||
      name === 'information_schema' ||
      MZ_SCHEMAS.includes(name) ||
      this.catalog.schema(this.database, name) !== undefined
    );
  }

  resolveRelation(schema: string | null, name: string): CatalogRelation | undefined {
    if (schema !== null) return this.inSchema(schema, name);
    for (const s of this.searchPath()) {
      const r = this.inSchema(s, name);
      if (r !== undefined) return r;
    }
    // As in Materialize, mz_catalog is searched after the path (SELECT * FROM mz_sources).
    return this.inSchema('mz_catalog', name);
  }

  private inSchema(schema: string, name: string): CatalogRelation | undefined {
    if (schema === 'pg_catalog' || schema === 'information_schema' || MZ_SCHEMAS.includes(schema)) {
      const sys = systemRelation(schema, name);
      return sys === undefined ? undefined : fromSystem(sys);
    }
    const r =
      this.catalog.relation(this.database, schema, name) ??
      this.catalog.sequence(this.database, schema, name);
    if (r === undefined) return undefined;
    this.touched.add(r.id);
    return fromRecord(r, this.catalog);
  }

  relationByOid(oid: number): CatalogRelation | undefined {
    const r = this.catalog.byOidLookup(oid);
    if (r !== undefined && (isRelation(r) || r.kind === 'sequence'))
      return fromRecord(r, this.catalog);
    const sys = everySystemRelation().find((s) => s.oid === oid);
    return sys === undefined ? undefined : fromSystem(sys);
  }
}

/** The columns a sequence reads as (SELECT * FROM a sequence). */
export const SEQUENCE_COLUMNS: readonly CatalogRelation['columns'][number][] = [
  { name: 'last_value', type: T.int8, nullable: false, defaultSql: null },
  { name: 'log_cnt', type: T.int8, nullable: false, defaultSql: null },
  { name: 'is_called', type: T.bool, nullable: false, defaultSql: null },
];

export function fromRecord(r: RelationRecord | SequenceRecord, catalog: Catalog): CatalogRelation {
  if (r.kind === 'sequence')
    return {
      id: r.id,
      oid: r.oid,
      schema: r.schema,
      name: r.name,
      columns: SEQUENCE_COLUMNS,
      kind: 'sequence',
    };
  const base = { id: r.id, oid: r.oid, schema: r.schema, name: r.name, columns: r.columns };
  switch (r.kind) {
    case 'table':
      return {
        ...base,
        kind: 'table',
        primaryKey: r.primaryKey,
        ...(r.source?.envelope === 'none' ? { appendOnly: true } : {}),
      };
    case 'view':
      return { ...base, kind: 'view', sql: r.sql };
    case 'materialized-view':
      return {
        ...base,
        kind: 'materialized-view',
        indexes: catalog
          .indexesOn(r.id)
          .map((i) => ({ id: i.id, name: i.name, columns: i.columns })),
      };
  }
}

function fromSystem(s: SystemRelation): CatalogRelation {
  return {
    kind: 'system',
    id: `sys:${s.schema}.${s.name}`,
    oid: s.oid,
    schema: s.schema,
    name: s.name,
    columns: s.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: true,
      defaultSql: null,
    })),
  };
}
