// How scalar functions, operators and aggregates describe themselves to the binder. The binder
// resolves a call by PostgreSQL's rules (exact match, then implicit casts, preferring the
// category's preferred type, polymorphic pseudo-types unified across arguments), then calls the
// chosen implementation with already-cast arguments.
import type { Datum, ScalarName, SqlType } from '../repr/index.js';

/** A parameter of a signature: a concrete type or a polymorphic pseudo-type. */
export type ParamType =
  | ScalarName
  | { readonly array: ScalarName }
  | 'any'
  | 'anyelement'
  | 'anyarray'
  | 'anynonarray'
  | 'anycompatible'
  | 'anycompatiblearray'
  /** Any row value (ROW(...), a whole-row reference), kept as it is. */
  | 'record';

/** Return type: concrete, the unified polymorphic type, or computed from the argument types. */
export type ReturnType =
  | SqlType
  | 'anyelement'
  | 'anyarray'
  | 'anycompatible'
  | 'anycompatiblearray'
  | ((args: readonly SqlType[]) => SqlType);

export type Volatility = 'immutable' | 'stable' | 'volatile';

/** What evaluation may depend on besides the arguments. */
export interface EvalContext {
  /** Session TimeZone (IANA name or offset), e.g. 'UTC'. */
  readonly timeZone: string;
  /** Start of the current transaction, µs since epoch (now(), current_timestamp). */
  readonly txnStart: bigint;
  /** Start of the current statement, µs since epoch (statement_timestamp()). */
  readonly statementStart: bigint;
  /** Other session settings (DateStyle, IntervalStyle, extra_float_digits, search_path...). */
  setting(name: string): string | undefined;
  /** Facts about the session and its catalog, for functions such as current_user. */
  readonly session?: SessionInfo;
  /**
   * Set while compiling a plan that a prepared statement keeps for its later executions: the
   * literal of parameter $n then evaluates to `values[n - 1]` as they are when it is evaluated,
   * not to the value it had when compiled.
   */
  readonly parameters?: { readonly values: readonly Datum[] };
}

/** What session-aware functions (current_database(), pg_table_is_visible(), ...) may ask. */
export interface SessionInfo {
  readonly database: string;
  readonly user: string;
  readonly backendPid: number;
  /** Effective search path, pg_catalog first. */
  searchPath(): readonly string[];
  /** Sets a setting (set_config); returns the new value. */
  setSetting(name: string, value: string): string;
  /** Name of the relation with this OID (for ::regclass output), undefined if none. */
  relationName(oid: number): string | undefined;
  /** Name of the function with this pg_proc OID (for ::regproc output), undefined if none. */
  procName(oid: number): string | undefined;
  /** Whether the relation is visible through the search path. */
  relationVisible(oid: number): boolean;
  /** SQL text of a column default (pg_get_expr on pg_attrdef.adbin). */
  columnDefault(relOid: number, attnum: number): string | undefined;
  /** CREATE VIEW body (pg_get_viewdef). */
  viewDefinition(oid: number): string | undefined;
  /** Name of a schema (pg_namespace OID), undefined if none. */
  schemaName(oid: number): string | undefined;
  /** pg_sleep: the statement sleeps (cancellably) this long once its rows are computed. */
  requestSleep(seconds: number): void;
  /** nextval, currval, setval and lastval of the sequence with this OID (regclass). */
  sequence(oid: number): {
    next(): bigint;
    current(): bigint;
    set(value: bigint, called: boolean): bigint;
  };
  lastval(): bigint;
}

export interface Signature {
  readonly args: readonly ParamType[];
  /** If set, the last parameter repeats (VARIADIC). */
  readonly variadic?: boolean;
  readonly ret: ReturnType;
}

export interface ScalarFunc extends Signature {
  readonly name: string;
  /** Strict functions return NULL when any argument is NULL, without being called. */
  readonly strict: boolean;
  readonly volatility: Volatility;
  /** Arguments arrive already cast to the resolved parameter types. */
  readonly impl: (args: readonly Datum[], ctx: EvalContext, argTypes: readonly SqlType[]) => Datum;
  /** pg_proc OID if PostgreSQL has one (for catalogs); 0 otherwise. */
  readonly oid?: number;
}

/** One input of an aggregate over a multiset: argument values and their multiplicity. */
export type AggInput = readonly [args: readonly Datum[], diff: number];

export interface AggregateFunc extends Signature {
  readonly name: string;
  /** Aggregates that ignore NULL inputs (all standard ones but count(*)/array_agg/jsonb_agg). */
  readonly strict: boolean;
  /**
   * The aggregate of a multiset of inputs (each with a positive multiplicity), in the call's
   * ORDER BY order when it has one. Must equal what PostgreSQL computes over the same rows;
   * `empty` (no input rows at all) gives count → 0, others → NULL.
   */
  readonly apply: (
    inputs: readonly AggInput[],
    ctx: EvalContext,
    argTypes: readonly SqlType[],
  ) => Datum;
  /**
   * Accumulable aggregates (count, sum, avg...) can be maintained by adding signed diffs to a
   * small state instead of revisiting the multiset. Optional; `apply` is always correct.
   */
  readonly accumulate?: AccumulableAgg;
  readonly oid?: number;
}

export interface AccumulableAgg {
  readonly zero: () => readonly Datum[];
  /** Adds `diff` copies of one input (diff may be negative) to the state. */
  readonly add: (state: readonly Datum[], args: readonly Datum[], diff: number) => readonly Datum[];
  readonly finish: (state: readonly Datum[], ctx: EvalContext) => Datum;
}

/** A set-returning function usable in FROM (generate_series, unnest, jsonb_each, ...). */
export interface TableFunc extends Signature {
  readonly name: string;
  /** Output columns for the resolved argument types. */
  readonly columns: (
    argTypes: readonly SqlType[],
  ) => readonly { readonly name: string; readonly type: SqlType }[];
  /**
   * True if the function returns a scalar: a call in a select list is its value, a whole-row
   * reference to it in FROM is its one column, and that column is named after the alias or the
   * function (unless outParameter).
   */
  readonly scalarResult: boolean;
  /** A scalar result declared as one OUT parameter: its column keeps that parameter's name. */
  readonly outParameter?: boolean;
  /** Strict: NULL arguments produce no rows. */
  readonly strict: boolean;
  readonly impl: (
    args: readonly Datum[],
    ctx: EvalContext,
    argTypes: readonly SqlType[],
  ) => Iterable<readonly Datum[]>;
}
