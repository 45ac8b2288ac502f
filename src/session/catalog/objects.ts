// The catalog's objects as stored (plain JSON-serialisable records) and as the binder sees them.
import type { FormatSpec } from '../../formats/index.js';
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
  /**
   * GENERATED ALWAYS / BY DEFAULT AS IDENTITY: the column's values come from its sequence
   * (defaultSql is that nextval, which the catalogs do not show as a default).
   */
  readonly identity?: 'always' | 'by default';
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
  /** CHECK constraints (absent: none). */
  readonly checks?: readonly CheckRecord[];
  /**
   * Set for a source (CREATE SOURCE): a relation read like a table, whose rows are written by
   * its connector instead of by DML; writers refuse it. An ENVELOPE NONE source stores its
   * records rather than rows (streaming/source-log.ts).
   */
  readonly source?: SourceSpec;
}

/** A CHECK constraint of a table (session/exec/checks.ts). */
export interface CheckRecord {
  readonly name: string;
  /** Its pg_constraint OID. */
  readonly oid: number;
  /** The expression's SQL (deparsed as written). */
  readonly sql: string;
  /** 1-based numbers of the columns it reads, in order of first appearance (conkey). */
  readonly columns: readonly number[];
}

/** How a source's records become rows (see src/session/streaming/). */
export interface SourceSpec {
  readonly connector: 'kafka';
  /** The connection's catalog id. */
  readonly connection: string;
  readonly topic: string;
  /** START OFFSET (one per partition, from partition 0). */
  readonly startOffsets?: readonly string[];
  /** START TIMESTAMP: ms since the epoch, or negative = that many ms before creation. */
  readonly startTimestamp?: number;
  readonly keyFormat: RecordFormat | null;
  readonly valueFormat: RecordFormat;
  /** The value's columns were declared with types (CREATE SOURCE s (a int, ...)). */
  readonly valueTyped?: boolean;
  readonly envelope: 'none' | 'upsert' | 'debezium';
  /** Where each column comes from, in column order. */
  readonly layout: readonly SourceColumn[];
  /** The CREATE SOURCE statement as written (for SHOW CREATE SOURCE). */
  readonly sql: string;
}

/** A record format with its parameters (JSON-serialisable), as src/formats takes it. */
export type RecordFormat = FormatSpec;

/** One column of a source: a decoded key/value column, or record metadata. */
export type SourceColumn =
  | { readonly from: 'key' | 'value'; readonly index: number }
  | { readonly from: 'partition' | 'offset' | 'timestamp' | 'headers' }
  | { readonly from: 'header'; readonly key: string; readonly bytes: boolean };

/** CREATE SECRET: a value kept in the catalog, readable only by connections. */
export interface SecretRecord {
  readonly kind: 'secret';
  readonly id: string;
  readonly oid: number;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  readonly value: string;
}

/** A string option of a connection, given as text or as a secret's id. */
export type ConnectionValue = { readonly text: string } | { readonly secret: string };

/** CREATE CONNECTION ... TO KAFKA / TO CONFLUENT SCHEMA REGISTRY. */
export interface ConnectionRecord {
  readonly kind: 'connection';
  readonly id: string;
  readonly oid: number;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  readonly connector: 'kafka' | 'confluent-schema-registry';
  readonly brokers: readonly string[];
  readonly securityProtocol: string;
  readonly saslMechanism?: string;
  readonly saslUsername?: ConnectionValue;
  readonly saslPassword?: ConnectionValue;
  /** Where sinks record their progress (Kafka connections). */
  readonly progressTopic: string;
  readonly url?: string;
  readonly sql: string;
}

/** CREATE SINK: a relation's changes written to a Kafka topic, exactly once. */
export interface SinkRecord {
  readonly kind: 'sink';
  readonly id: string;
  readonly oid: number;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  /** The relation whose changes it writes. */
  readonly from: string;
  readonly connection: string;
  readonly topic: string;
  /** KEY (cols): column positions. */
  readonly key: readonly number[];
  readonly format: 'json';
  readonly envelope: 'upsert' | 'debezium';
  /** The column names and types at creation (the record shape written). */
  readonly columns: readonly ColumnRecord[];
  readonly sql: string;
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
  /** Column sets no two of its rows agree on (planner/keys.ts); absent in older catalogs. */
  readonly keys?: readonly (readonly number[])[];
  /**
   * When its rows are a reduce's groups stored by the group key, the reduce keeps each group's
   * state in the group's contents entry (views/storage.ts groupRows); absent in views made by
   * earlier builds, whose reduce state stays in their state database.
   */
  readonly stateInContents?: true;
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
  /**
   * The columns include a key of the view: at most one row per key value, stored under the key
   * alone, so a lookup is one read (views/storage.ts).
   */
  readonly unique?: boolean;
  /**
   * The view's contents are already arranged by exactly these columns, one row per value
   * (views/storage.ts contentsShape): the index reads them and has no database of its own.
   * Absent in indexes made by earlier builds, which keep theirs.
   */
  readonly inContents?: true;
}

/**
 * CREATE SEQUENCE (also made for serial columns). Its bounds and steps are int8 values, kept as
 * decimal strings (JSON has no int8); its position is kept apart (session/sequences.ts).
 */
export interface SequenceRecord {
  readonly kind: 'sequence';
  readonly id: string;
  readonly oid: number;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  /** AS smallint / integer / bigint. */
  readonly dataType: 'int2' | 'int4' | 'int8';
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  /** OWNED BY: the column whose table's DROP drops the sequence too. */
  readonly ownedBy: { readonly table: string; readonly column: string } | null;
}

export type CatalogRecord =
  | DatabaseRecord
  | SequenceRecord
  | SchemaRecord
  | TableRecord
  | ViewRecord
  | MaterializedViewRecord
  | IndexRecord
  | SecretRecord
  | ConnectionRecord
  | SinkRecord;

/** Catalog items that live in a schema but are not relations. */
export type StreamingItemRecord = SecretRecord | ConnectionRecord | SinkRecord;
export type RelationRecord = TableRecord | ViewRecord | MaterializedViewRecord;

export function isRelation(r: CatalogRecord): r is RelationRecord {
  return r.kind === 'table' || r.kind === 'view' || r.kind === 'materialized-view';
}
