// The contract between the wire layer and the session layer. The wire layer knows messages and
// connections; a Session knows statements, transactions and settings. Everything crossing this
// boundary is typed data (SqlType, Datum rows), never protocol bytes — except COPY payloads,
// whose text/CSV formats belong to the session layer.
import type { EddyError } from '../errors/index.js';
import type { Datum, Row, SqlType } from '../repr/index.js';
import type { IoSettings } from '../repr/io/settings.js';

/** One output column, as RowDescription describes it. */
export interface ResultColumn {
  readonly name: string;
  readonly type: SqlType;
  /** OID of the table the column comes from, 0 if none. */
  readonly tableOid: number;
  /** Attribute number in that table, 0 if none. */
  readonly columnNumber: number;
}

/** A parsed, bound statement, ready to execute any number of times. */
export interface PreparedStatement {
  readonly sql: string;
  /** Parameter types, declared by the client or inferred from the statement. */
  readonly paramTypes: readonly SqlType[];
  /** Result columns; null when the statement returns no rows (NoData). */
  readonly columns: readonly ResultColumn[] | null;
}

/** Rows produced lazily; fetch(n) returns up to n rows (fewer only at the end). */
export interface RowSource {
  fetch(max: number): Promise<{ rows: Row[]; done: boolean }>;
  /** Present when the rows are already computed: what fetch would resolve to, without waiting. */
  take?(max: number): { rows: Row[]; done: boolean };
  /** Releases what the source holds; called when the portal closes early. */
  close(): void;
  /**
   * A live source (SUBSCRIBE): fetch returns what is there as soon as there is something, a
   * short batch does not mean the end, and each batch is sent to the client at once.
   */
  readonly streaming?: boolean;
  /**
   * For FETCH on a live source: up to `max` rows (0: all there are), waiting for at least one
   * at most `waitMs` milliseconds (null: until one comes).
   */
  fetchWithin?(max: number, waitMs: number | null): Promise<{ rows: Row[]; done: boolean }>;
}

export interface Notices {
  /** NOTICE/WARNING messages to send before the result. */
  readonly notices?: readonly EddyError[];
  /** ParameterStatus messages to send (settings with GUC_REPORT that changed). */
  readonly parameterStatus?: readonly (readonly [string, string])[];
}

export type StatementResult =
  | (Notices & {
      readonly kind: 'rows';
      readonly columns: readonly ResultColumn[];
      readonly rows: RowSource;
      /** Command tag once all rows are out, e.g. (n) => `SELECT ${n}`. */
      readonly tag: (rowCount: number) => string;
    })
  | (Notices & { readonly kind: 'command'; readonly tag: string })
  | (Notices & { readonly kind: 'empty' })
  | (Notices & {
      readonly kind: 'copyIn';
      /** Number of columns, and whether the payload is text (0) or binary (1). */
      readonly columnFormats: readonly (0 | 1)[];
      readonly format: 0 | 1;
      /** Receives CopyData payloads as they arrive. */
      write(chunk: Uint8Array): void;
      /** CopyDone: applies the data; resolves to the command tag (`COPY n`). */
      end(): Promise<string>;
      /** CopyFail or connection loss: discards the data. */
      abort(reason: string): void;
    })
  | (Notices & {
      readonly kind: 'copyOut';
      readonly columnFormats: readonly (0 | 1)[];
      readonly format: 0 | 1;
      /** Next CopyData payload; null when done. */
      next(): Promise<Uint8Array | null>;
      /** A live stream (COPY (SUBSCRIBE ...)): each payload is sent to the client at once. */
      readonly streaming?: boolean;
      /** Command tag once done (`COPY n`). */
      tag(): string;
      close(): void;
    });

export type TransactionStatus = 'I' | 'T' | 'E';

export interface StartupParams {
  readonly user: string;
  readonly database: string;
  readonly options: Readonly<Record<string, string>>;
}

/** The connection's named prepared statements, as DEALLOCATE drops them. */
export interface PreparedNames {
  keys(): Iterable<string>;
  /** Whether there was one to drop. */
  delete(name: string): boolean;
}

export interface Session {
  /** Settings reported to the client at startup (server_version, TimeZone, ...). */
  startupParameterStatus(): readonly (readonly [string, string])[];
  /**
   * Parses and binds a query string. The simple protocol may carry several statements; the
   * extended protocol exactly one (the wire layer checks). `declared` holds the client's
   * parameter types (null = unspecified, to be inferred). With `describe: false` (the simple
   * protocol) statements are only parsed: each is bound when it runs, after the ones before it
   * (so `CREATE TABLE t ...; INSERT INTO t ...` works in one string).
   */
  prepare(
    sql: string,
    declared: readonly (SqlType | null)[],
    options?: { readonly describe?: boolean },
  ): PreparedStatement[];
  /** The columns of a cursor declared in SQL (DECLARE), or null if there is none by that name. */
  cursorColumns(name: string): readonly ResultColumn[] | null;
  /** Runs a prepared statement with decoded parameter values. */
  execute(
    stmt: PreparedStatement,
    params: readonly Datum[],
    signal: AbortSignal,
  ): Promise<StatementResult>;
  /** An error outside execute (e.g. a bad Bind) in a transaction block fails the block. */
  noteError(): void;
  /** Implicit transaction boundary (Sync / end of a simple query): commits an implicit txn. */
  sync(): Promise<void>;
  transactionStatus(): TransactionStatus;
  /** Current value of a session setting (used for DateStyle/TimeZone-aware text output). */
  setting(name: string): string | undefined;
  /** The text I/O settings now (DateStyle, TimeZone, ...), for parameters and results. */
  ioSettings(): IoSettings;
  /** Connection closed: roll back and release everything. */
  close(): void;
  /** The wire layer's named prepared statements, for DEALLOCATE (set once, at startup). */
  attachPreparedNames?(names: PreparedNames): void;
}

export interface SessionFactory {
  /** Opens a session; throws EddyError (3D000 unknown database, 28000 ...) to refuse. */
  open(params: StartupParams): Session;
}
