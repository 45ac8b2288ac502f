// The live catalog: databases, schemas, tables and views, with name resolution, OID allocation and
// dependency tracking. Mutations are computed as change lists first, made durable by the engine
// (in the same LMDB transaction as any data they imply), and only then applied here.
import {
  EddyError,
  dependentObjectsStillExist,
  duplicateDatabase,
  duplicateSchema,
  duplicateTable,
  undefinedDatabase,
  undefinedSchema,
} from '../../errors/index.js';
import {
  isRelation,
  type CatalogRecord,
  type DatabaseRecord,
  type IndexRecord,
  type MaterializedViewRecord,
  type RelationRecord,
  type SchemaRecord,
  type SequenceRecord,
  type SinkRecord,
  type StreamingItemRecord,
  type TableRecord,
  type ViewRecord,
} from './objects.js';

export type CatalogChange =
  | { readonly kind: 'put'; readonly record: CatalogRecord }
  | { readonly kind: 'delete'; readonly record: CatalogRecord };

/** Fixed OIDs of the built-in schemas (as in PostgreSQL). */
export const PG_CATALOG_OID = 11;
export const PUBLIC_OID = 2200;
export const INFORMATION_SCHEMA_OID = 13_000;
export const FIRST_USER_OID = 16_384;

export class Catalog {
  private readonly records = new Map<string, CatalogRecord>();
  private readonly byOid = new Map<number, CatalogRecord>();
  private nextOid = FIRST_USER_OID;
  private changes = 0;

  constructor(records: Iterable<CatalogRecord>) {
    for (const r of records) this.index(r);
  }

  /** A fresh catalog's records: database `eddy` with schema `public`. */
  static bootstrap(): CatalogRecord[] {
    const db: DatabaseRecord = {
      kind: 'database',
      id: 'db:eddy',
      oid: FIRST_USER_OID - 1,
      name: 'eddy',
    };
    return [db, publicSchema(db)];
  }

  private index(r: CatalogRecord): void {
    this.records.set(r.id, r);
    this.byOid.set(r.oid, r);
    if (r.oid >= this.nextOid) this.nextOid = r.oid + 1;
    if (r.kind === 'table' && r.pkeyOid >= this.nextOid) this.nextOid = r.pkeyOid + 1;
  }

  /** Counts applied change lists: equal versions mean the same records (plan-cache.ts). */
  get version(): number {
    return this.changes;
  }

  /** Replaces all records by `records` (a reader process taking in the writer's catalog). */
  replace(records: Iterable<CatalogRecord>): void {
    this.changes++;
    this.records.clear();
    this.byOid.clear();
    this.nextOid = FIRST_USER_OID;
    for (const r of records) this.index(r);
  }

  apply(changes: readonly CatalogChange[]): void {
    this.changes++;
    for (const c of changes) {
      if (c.kind === 'put') this.index(c.record);
      else {
        this.records.delete(c.record.id);
        this.byOid.delete(c.record.oid);
      }
    }
  }

  allocateOid(): number {
    return this.nextOid++;
  }

  // ---- lookups ----

  all(): Iterable<CatalogRecord> {
    return this.records.values();
  }

  get(id: string): CatalogRecord | undefined {
    return this.records.get(id);
  }

  byOidLookup(oid: number): CatalogRecord | undefined {
    return this.byOid.get(oid);
  }

  databases(): DatabaseRecord[] {
    return [...this.records.values()].filter((r): r is DatabaseRecord => r.kind === 'database');
  }

  database(name: string): DatabaseRecord | undefined {
    return this.databases().find((d) => d.name === name);
  }

  schemas(database: string): SchemaRecord[] {
    return [...this.records.values()].filter(
      (r): r is SchemaRecord => r.kind === 'schema' && r.database === database,
    );
  }

  schema(database: string, name: string): SchemaRecord | undefined {
    return this.schemas(database).find((s) => s.name === name);
  }

  relations(database: string): RelationRecord[] {
    return [...this.records.values()].filter(
      (r): r is RelationRecord => isRelation(r) && r.database === database,
    );
  }

  relation(database: string, schema: string, name: string): RelationRecord | undefined {
    for (const r of this.records.values()) {
      if (isRelation(r) && r.database === database && r.schema === schema && r.name === name)
        return r;
    }
    return undefined;
  }

  /** Views and materialized views that read `id` directly. */
  dependents(id: string): (ViewRecord | MaterializedViewRecord)[] {
    return [...this.records.values()].filter(
      (r): r is ViewRecord | MaterializedViewRecord =>
        (r.kind === 'view' || r.kind === 'materialized-view') && r.dependsOn.includes(id),
    );
  }

  /** Materialized views, in creation (OID) order: every one after those it reads. */
  materializedViews(): MaterializedViewRecord[] {
    return [...this.records.values()]
      .filter((r): r is MaterializedViewRecord => r.kind === 'materialized-view')
      .sort((a, b) => a.oid - b.oid);
  }

  /** Indexes on a relation, in creation order. */
  indexesOn(id: string): IndexRecord[] {
    return [...this.records.values()]
      .filter((r): r is IndexRecord => r.kind === 'index' && r.on === id)
      .sort((a, b) => a.oid - b.oid);
  }

  /** An index by schema and name. */
  indexNamed(database: string, schema: string, name: string): IndexRecord | undefined {
    for (const r of this.records.values()) {
      if (r.kind === 'index' && r.database === database && r.schema === schema && r.name === name)
        return r;
    }
    return undefined;
  }

  /** Sequences of a database. */
  sequences(database: string): SequenceRecord[] {
    return [...this.records.values()].filter(
      (r): r is SequenceRecord => r.kind === 'sequence' && r.database === database,
    );
  }

  sequence(database: string, schema: string, name: string): SequenceRecord | undefined {
    return this.sequences(database).find((r) => r.schema === schema && r.name === name);
  }

  newSequence(fields: Omit<SequenceRecord, 'kind' | 'id' | 'oid'>): SequenceRecord {
    const oid = this.allocateOid();
    return { kind: 'sequence', id: `q${oid}`, oid, ...fields };
  }

  /** Secrets, connections and sinks of a database. */
  streamingItems(database: string): StreamingItemRecord[] {
    return [...this.records.values()].filter(
      (r): r is StreamingItemRecord =>
        (r.kind === 'secret' || r.kind === 'connection' || r.kind === 'sink') &&
        r.database === database,
    );
  }

  streamingItem(database: string, schema: string, name: string): StreamingItemRecord | undefined {
    return this.streamingItems(database).find((r) => r.schema === schema && r.name === name);
  }

  /** Sinks writing the changes of relation `id`. */
  sinksOn(id: string): SinkRecord[] {
    return [...this.records.values()].filter(
      (r): r is SinkRecord => r.kind === 'sink' && r.from === id,
    );
  }

  /** Every sink, in creation order. */
  sinks(): SinkRecord[] {
    return [...this.records.values()]
      .filter((r): r is SinkRecord => r.kind === 'sink')
      .sort((a, b) => a.oid - b.oid);
  }

  /** Every source (a table whose rows a connector writes), in creation order. */
  sources(): TableRecord[] {
    return [...this.records.values()]
      .filter((r): r is TableRecord => r.kind === 'table' && r.source !== undefined)
      .sort((a, b) => a.oid - b.oid);
  }

  // ---- change lists ----

  createDatabase(name: string, ifNotExists: boolean): CatalogChange[] {
    if (this.database(name) !== undefined) {
      if (ifNotExists) return [];
      throw duplicateDatabase(`database "${name}" already exists`);
    }
    const db: DatabaseRecord = {
      kind: 'database',
      id: `db:${name}`,
      oid: this.allocateOid(),
      name,
    };
    const pub = { ...publicSchema(db), oid: this.allocateOid() };
    return [
      { kind: 'put', record: db },
      { kind: 'put', record: pub },
    ];
  }

  dropDatabase(name: string, ifExists: boolean, current: string): CatalogChange[] {
    const db = this.database(name);
    if (db === undefined) {
      if (ifExists) return [];
      throw undefinedDatabase(name);
    }
    if (name === current) throw new EddyError('55006', 'cannot drop the currently open database');
    const changes: CatalogChange[] = [];
    for (const r of this.records.values()) {
      if (r.kind !== 'database' && r.database === name) {
        changes.push({ kind: 'delete', record: r });
      }
    }
    changes.push({ kind: 'delete', record: db });
    return changes;
  }

  createSchema(database: string, name: string, ifNotExists: boolean): CatalogChange[] {
    if (
      this.schema(database, name) !== undefined ||
      name === 'pg_catalog' ||
      name === 'information_schema'
    ) {
      if (ifNotExists) return [];
      throw duplicateSchema(`schema "${name}" already exists`);
    }
    const oid = this.allocateOid();
    return [{ kind: 'put', record: { kind: 'schema', id: `schema:${oid}`, oid, database, name } }];
  }

  dropSchema(database: string, name: string, ifExists: boolean, cascade: boolean): CatalogChange[] {
    const s = this.schema(database, name);
    if (s === undefined) {
      if (ifExists) return [];
      throw undefinedSchema(name);
    }
    const members = [
      ...this.relations(database),
      ...this.streamingItems(database),
      ...this.sequences(database),
    ].filter((r) => r.schema === name);
    if (members.length > 0 && !cascade) {
      throw dependentObjectsStillExist(
        `cannot drop schema ${name} because other objects depend on it`,
        {
          detail: members
            .map((m) => `${m.kind} ${name}.${m.name} depends on schema ${name}`)
            .join('\n'),
          hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
        },
      );
    }
    const changes: CatalogChange[] = [];
    const seen = new Set<string>();
    for (const m of members) {
      if (m.kind === 'table' || m.kind === 'view' || m.kind === 'materialized-view')
        changes.push(...this.dropRelationChanges(m, true, seen));
      else if (!seen.has(m.id)) {
        seen.add(m.id);
        changes.push({ kind: 'delete', record: m });
      }
    }
    changes.push({ kind: 'delete', record: s });
    return changes;
  }

  checkNewRelation(database: string, schema: string, name: string): void {
    if (this.schema(database, schema) === undefined) throw undefinedSchema(schema);
    if (
      this.relation(database, schema, name) !== undefined ||
      this.indexNamed(database, schema, name) !== undefined ||
      this.streamingItem(database, schema, name) !== undefined ||
      this.sequence(database, schema, name) !== undefined
    ) {
      throw duplicateTable(`relation "${name}" already exists`);
    }
  }

  newTable(
    database: string,
    schema: string,
    name: string,
    columns: TableRecord['columns'],
    primaryKey: number[],
  ): TableRecord {
    const oid = this.allocateOid();
    return {
      kind: 'table',
      id: `t${oid}`,
      oid,
      database,
      schema,
      name,
      columns,
      primaryKey,
      pkeyName: primaryKey.length > 0 ? `${name}_pkey` : null,
      pkeyOid: primaryKey.length > 0 ? this.allocateOid() : 0,
    };
  }

  newView(
    database: string,
    schema: string,
    name: string,
    columns: ViewRecord['columns'],
    sql: string,
    dependsOn: string[],
  ): ViewRecord {
    const oid = this.allocateOid();
    return { kind: 'view', id: `v${oid}`, oid, database, schema, name, columns, sql, dependsOn };
  }

  newMaterializedView(
    fields: Omit<MaterializedViewRecord, 'kind' | 'id' | 'oid'>,
  ): MaterializedViewRecord {
    const oid = this.allocateOid();
    return { kind: 'materialized-view', id: `m${oid}`, oid, ...fields };
  }

  newIndex(fields: Omit<IndexRecord, 'kind' | 'id' | 'oid'>): IndexRecord {
    const oid = this.allocateOid();
    return { kind: 'index', id: `i${oid}`, oid, ...fields };
  }

  /** Changes that drop a relation (and, with cascade, the views depending on it). */
  dropRelationChanges(
    rel: RelationRecord,
    cascade: boolean,
    seen = new Set<string>(),
  ): CatalogChange[] {
    if (seen.has(rel.id)) return [];
    seen.add(rel.id);
    const deps: (RelationRecord | SinkRecord)[] = [
      ...this.dependents(rel.id),
      ...this.sinksOn(rel.id),
    ];
    if (deps.length > 0 && !cascade) {
      throw dependentObjectsStillExist(
        `cannot drop ${kindName(rel)} ${rel.name} because other objects depend on it`,
        {
          detail: deps
            .map((d) => `${kindName(d)} ${d.name} depends on ${kindName(rel)} ${rel.name}`)
            .join('\n'),
          hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
        },
      );
    }
    const out: CatalogChange[] = [];
    for (const d of deps) {
      if (d.kind !== 'sink') out.push(...this.dropRelationChanges(d, true, seen));
      else if (!seen.has(d.id)) {
        seen.add(d.id);
        out.push({ kind: 'delete', record: d });
      }
    }
    for (const i of this.indexesOn(rel.id)) out.push({ kind: 'delete', record: i });
    // Sequences owned by its columns (serial) go with the table.
    for (const q of this.sequences(rel.database))
      if (q.ownedBy?.table === rel.id && !seen.has(q.id)) {
        seen.add(q.id);
        out.push({ kind: 'delete', record: q });
      }
    out.push({ kind: 'delete', record: rel });
    return out;
  }
}

/** The kind of a relation as PostgreSQL's messages name it. */
export function kindName(r: RelationRecord | StreamingItemRecord): string {
  if (r.kind === 'table' && r.source !== undefined) return 'source';
  return r.kind === 'materialized-view' ? 'materialized view' : r.kind;
}

function publicSchema(db: DatabaseRecord): SchemaRecord {
  return {
    kind: 'schema',
    id: `schema:${db.name}:public`,
    oid: PUBLIC_OID,
    database: db.name,
    name: 'public',
  };
}
