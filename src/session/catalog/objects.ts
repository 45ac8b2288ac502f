// The catalog's objects as stored (plain JSON-serialisable records) and as the binder sees them.
import type { SqlType } from '../../repr/index.js';

export interface DatabaseRecord {
  readonly kind: 'database';
  readonly id: string;
  readonly oid: number;
  readonly name: string;
}

export interface SchemaRecord {
  readonly kind: 'schema';
  readonly id: string;
  readonly oid: number;
  readonly database: string;
  readonly name: string;
}

export interface ColumnRecord {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
  /** SQL text of the DEFAULT expression (as pg_get_expr shows it), or null. */
  readonly defaultSql: string | null;
}

export interface TableRecord {
  readonly kind: 'table';
  readonly id: string;
  readonly oid: number;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ColumnRecord[];
  /** Column positions of the primary key (empty: rows are keyed by a row id). */
  readonly primaryKey: readonly number[];
  /** Name of the primary key constraint (`<table>_pkey`). */
  readonly pkeyName: string | null;
  readonly pkeyOid: number;
}

export interface ViewRecord {
  readonly kind: 'view';
  readonly id: string;
  readonly oid: number;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ColumnRecord[];
  /** The defining query, as SQL text. */
  readonly sql: string;
  /** Ids of the relations the query reads (for DROP ... CASCADE / RESTRICT). */
  readonly dependsOn: readonly string[];
}

export type CatalogRecord = DatabaseRecord | SchemaRecord | TableRecord | ViewRecord;
export type RelationRecord = TableRecord | ViewRecord;
