// Syntax trees of Eddy's streaming DDL (Materialize's dialect): secrets, connections, sources and
// sinks, with their DROP / SHOW / SHOW CREATE forms. The parser (streaming-ddl.ts) produces these
// as `{ EddyStreaming: StreamingStatement }` nodes; the session executes them.
//
// Values of options are kept as written (`OptionValue`), and checked by the statement's executor,
// which knows which options exist for which connector, so that an unknown or ill-typed option is
// reported with the option's name.

/** A value in an option list: `'text'`, `42`, `true`, `ident`, `SECRET name`, `(v, ...)`. */
export type OptionValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'ident'; readonly value: string }
  | { readonly kind: 'secret'; readonly name: readonly string[] }
  | { readonly kind: 'list'; readonly items: readonly OptionValue[] };

/** `NAME [=] value`; the name is upper-cased words joined by one space (`SASL MECHANISMS`). */
export interface SqlOption {
  readonly name: string;
  /** Absent for a bare flag (`WITH (SNAPSHOT)`). */
  readonly value?: OptionValue;
  /** 1-based position of the option's name in the statement text. */
  readonly position: number;
}

/** A record format. */
export type FormatSpec =
  | { readonly kind: 'json' }
  | { readonly kind: 'text' }
  | { readonly kind: 'bytes' }
  | {
      readonly kind: 'csv';
      /** WITH n COLUMNS, or WITH HEADER (names) (names empty: taken from the header). */
      readonly columns: number | { readonly header: readonly string[] };
      readonly delimiter: string;
    }
  | {
      readonly kind: 'avro';
      /** AVRO USING SCHEMA '...': the writer schema (JSON text). */
      readonly schema?: string;
      /** AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION name. */
      readonly registry?: readonly string[];
      /** Options after the schema (e.g. CONFLUENT WIRE FORMAT = false). */
      readonly options: readonly SqlOption[];
    };

export type IncludeWhat = 'key' | 'partition' | 'offset' | 'timestamp' | 'headers' | 'header';

export interface IncludeItem {
  readonly what: IncludeWhat;
  /** AS name (lower-cased unless quoted). */
  readonly alias?: string;
  /** INCLUDE HEADER 'key' AS name [BYTES]: the header key. */
  readonly headerKey?: string;
  /** INCLUDE HEADER ... BYTES. */
  readonly bytes?: boolean;
}

export type Envelope = 'none' | 'upsert' | 'debezium';

export interface ColumnDef {
  readonly name: string;
  /**
   * The type as written (`numeric(10,2)`, `text[]`), resolved by the executor; '' when only the
   * name is given (`CREATE SOURCE s (a, b) ... FORMAT CSV WITH 2 COLUMNS`: Materialize's
   * renaming of the format's columns).
   */
  readonly type: string;
  readonly notNull: boolean;
  readonly position: number;
}

export interface CreateSecret {
  readonly kind: 'create-secret';
  readonly name: readonly string[];
  readonly ifNotExists: boolean;
  /** CREATE SECRET name AS 'value' (a string literal; decode('...', 'base64') is also accepted). */
  readonly value: string;
}

export interface AlterSecret {
  readonly kind: 'alter-secret';
  readonly name: readonly string[];
  readonly value: string;
}

export interface CreateConnection {
  readonly kind: 'create-connection';
  readonly name: readonly string[];
  readonly ifNotExists: boolean;
  /** TO KAFKA | TO CONFLUENT SCHEMA REGISTRY. */
  readonly connector: 'kafka' | 'confluent-schema-registry';
  readonly options: readonly SqlOption[];
  /** WITH (VALIDATE = false) and the like. */
  readonly with: readonly SqlOption[];
}

export interface CreateSource {
  readonly kind: 'create-source';
  readonly name: readonly string[];
  readonly ifNotExists: boolean;
  /** IN CLUSTER c. */
  readonly cluster?: string;
  /** Declared columns (empty: the format decides). */
  readonly columns: readonly ColumnDef[];
  /** PRIMARY KEY (cols) NOT ENFORCED among the column definitions. */
  readonly primaryKey?: readonly string[];
  readonly connector: 'kafka';
  readonly connection: readonly string[];
  /** FROM KAFKA CONNECTION c (TOPIC 't', START OFFSET (...), ...). */
  readonly options: readonly SqlOption[];
  /** FORMAT f (both null when absent). */
  readonly keyFormat: FormatSpec | null;
  readonly valueFormat: FormatSpec | null;
  readonly include: readonly IncludeItem[];
  readonly envelope: Envelope;
  /**
   * ENVELOPE UPSERT (VALUE DECODING ERRORS = INLINE [AS name]): the column that receives value
   * decoding errors (`error` when not named). Absent: decoding errors make the source error.
   */
  readonly inlineErrors?: string;
  /** EXPOSE PROGRESS AS name. */
  readonly progress?: readonly string[];
  readonly with: readonly SqlOption[];
}

export interface CreateSink {
  readonly kind: 'create-sink';
  readonly name: readonly string[];
  readonly ifNotExists: boolean;
  /** IN CLUSTER c. */
  readonly cluster?: string;
  readonly from: readonly string[];
  readonly connector: 'kafka';
  readonly connection: readonly string[];
  /** INTO KAFKA CONNECTION c (TOPIC 't', ...). */
  readonly options: readonly SqlOption[];
  /** KEY (cols) [NOT ENFORCED]. */
  readonly key?: readonly string[];
  readonly keyNotEnforced: boolean;
  /** HEADERS column: a map column whose entries become the Kafka headers. */
  readonly headers?: string;
  readonly keyFormat: FormatSpec | null;
  readonly valueFormat: FormatSpec | null;
  /** null when not written. */
  readonly envelope: 'upsert' | 'debezium' | null;
  readonly with: readonly SqlOption[];
}

export type StreamingObjectKind = 'secret' | 'connection' | 'source' | 'sink';

export interface DropStreaming {
  readonly kind: 'drop';
  readonly what: StreamingObjectKind;
  readonly names: readonly (readonly string[])[];
  readonly ifExists: boolean;
  readonly cascade: boolean;
}

export interface ShowStreaming {
  readonly kind: 'show';
  /** SHOW SOURCES | SINKS | CONNECTIONS | SECRETS [FROM schema]. */
  readonly what: 'sources' | 'sinks' | 'connections' | 'secrets';
  readonly schema?: string;
}

export interface ShowCreateStreaming {
  readonly kind: 'show-create';
  readonly what: 'source' | 'sink' | 'connection';
  readonly name: readonly string[];
}

export type StreamingStatement =
  | CreateSecret
  | AlterSecret
  | CreateConnection
  | CreateSource
  | CreateSink
  | DropStreaming
  | ShowStreaming
  | ShowCreateStreaming;
