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

/**
 * A materialized view: its query is maintained incrementally by a dataflow whose contents,
 * errors and operator state live in LMDB databases of its own (see src/session/views/).
 */
export interface MaterializedViewRecord {
  readonly kind: 'materialized-view';
  readonly id: string;
  readonly oid: number;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ColumnRecord[];
  /** The defining query, as SQL text (bound again at each start with `searchPath`). */
  readonly sql: string;
  readonly searchPath: string;
  /** The creating session's TimeZone, which the query's expressions are evaluated in. */
  readonly timeZone: string;
  readonly dependsOn: readonly string[];
  /** WITH (RETAIN HISTORY FOR ...): how long its changes are kept for SUBSCRIBE ... AS OF. */
  readonly retainHistoryMs?: number;
}

/** An index on a materialized view: its contents arranged by some columns for point lookups. */
export interface IndexRecord {
  readonly kind: 'index';
  readonly id: string;
  readonly oid: number;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  /** The indexed relation. */
  readonly on: string;
  /** Column positions (0-based) of the key, in order. */
  readonly columns: readonly number[];
}

export type CatalogRecord =
  DatabaseRecord | SchemaRecord | TableRecord | ViewRecord | MaterializedViewRecord | IndexRecord;
export type RelationRecord = TableRecord | ViewRecord | MaterializedViewRecord;

export function isRelation(r: CatalogRecord): r is RelationRecord {
  return r.kind === 'table' || r.kind === 'view' || r.kind === 'materialized-view';
}
