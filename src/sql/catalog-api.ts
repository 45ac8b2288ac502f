// What the binder needs to know about the catalog: relations by name (following the search path),
// schemas, and the session's settings. Implemented by the session layer over the live catalog.
import type { SqlType } from '../repr/index.js';
import type { RelIndex } from './hir.js';

export interface CatalogColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
  /** SQL text of the DEFAULT expression, if any. */
  readonly defaultSql: string | null;
}

interface RelationBase {
  readonly id: string;
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly CatalogColumn[];
}

export type CatalogRelation =
  | (RelationBase & {
      readonly kind: 'table';
      readonly primaryKey: readonly number[];
      /** Rows are only ever added, never changed or removed (an ENVELOPE NONE source). */
      readonly appendOnly?: boolean;
    })
  | (RelationBase & { readonly kind: 'view'; readonly sql: string })
  /** A materialized view: read like a table, from its maintained contents. */
  | (RelationBase & { readonly kind: 'materialized-view'; readonly indexes: readonly RelIndex[] })
  /** A relation computed from the catalog itself (pg_catalog, information_schema). */
  | (RelationBase & { readonly kind: 'system' })
  /** A sequence: read as one row (last_value, log_cnt, is_called); nextval('name') names it. */
  | (RelationBase & { readonly kind: 'sequence' });

export interface CatalogReader {
  /** Resolves a possibly schema-qualified name; undefined if it does not exist. */
  resolveRelation(schema: string | null, name: string): CatalogRelation | undefined;
  schemaExists(name: string): boolean;
  /** The pg_namespace OID of a schema ('public'::regnamespace); undefined if none. */
  schemaOid?(name: string): number | undefined;
  /** Relation by OID (for ::regclass and catalogs); undefined if none. */
  relationByOid(oid: number): CatalogRelation | undefined;
  currentDatabase(): string;
  /**
   * The pg_proc OIDs of the functions of this name ('array_in'::regproc); absent where no
   * function can be named (regproc input then takes OIDs only).
   */
  functionOids?(name: string): readonly number[];
  /** Effective search path (schemas in order, pg_catalog first if not listed). */
  searchPath(): readonly string[];
}
