// The records of a sqllogictest file, as the parser produces them. The format is SQLite's
// (https://sqlite.org/sqllogictest): records separated by blank lines, `#` comments, `statement`
// and `query` records, `skipif`/`onlyif` conditions, `hash-threshold` and `halt`; plus the
// widely used extensions `statement error <regex>`, `statement count N` and `query error <regex>`
// from sqllogictest-rs.

/** How a query's values are sorted before comparing: as returned, by row, or value by value. */
export type SortMode = 'nosort' | 'rowsort' | 'valuesort';

/** A column type letter: I integer, R real (3 decimals), T text. */
export type ColumnType = 'I' | 'R' | 'T';

/** `skipif <engine>` / `onlyif <engine>` lines before a record. */
export interface Condition {
  readonly kind: 'skipif' | 'onlyif';
  readonly engine: string;
}

export type StatementExpect =
  | { readonly kind: 'ok' }
  | { readonly kind: 'count'; readonly count: number }
  /** `pattern` is a regular expression the error message must match, if given. */
  | { readonly kind: 'error'; readonly pattern: string | undefined };

export type QueryExpect =
  /** The result lines after `----`: one value per line, or one row per line (space separated). */
  | { readonly kind: 'values'; readonly lines: readonly string[] }
  | { readonly kind: 'hash'; readonly count: number; readonly hash: string }
  | { readonly kind: 'error'; readonly pattern: string | undefined };

interface RecordBase {
  /** 1-based line of the record's `statement`/`query`/... line. */
  readonly line: number;
  readonly conditions: readonly Condition[];
}

export interface StatementRecord extends RecordBase {
  readonly kind: 'statement';
  readonly sql: string;
  readonly expect: StatementExpect;
}

export interface QueryRecord extends RecordBase {
  readonly kind: 'query';
  readonly sql: string;
  readonly types: readonly ColumnType[];
  readonly sort: SortMode;
  readonly label: string | undefined;
  readonly expect: QueryExpect;
}

export interface HashThresholdRecord extends RecordBase {
  readonly kind: 'hash-threshold';
  readonly threshold: number;
}

export interface HaltRecord extends RecordBase {
  readonly kind: 'halt';
}

export type SltRecord = StatementRecord | QueryRecord | HashThresholdRecord | HaltRecord;

/** A malformed file: the message names the line. */
export class SltParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'SltParseError';
  }
}
