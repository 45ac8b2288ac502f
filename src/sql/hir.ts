// The bound plan: relational expressions (Rel) over scalar expressions (Scalar), produced by the
// binder from the PostgreSQL AST. Columns are positional. Before lowering, scalars may contain
// subqueries and references to the columns of enclosing queries (`outer`); the planner's
// lowering (src/planner/lower.ts) removes both by decorrelation, after which a Rel is the
// relational algebra that renders into dataflow operators.
import type { Datum, SqlType } from '../repr/index.js';
import type { AggregateFunc, EvalContext, ScalarFunc } from '../expr/signature.js';

export type Scalar =
  | { readonly kind: 'column'; readonly index: number; readonly type: SqlType }
  /** A column of an enclosing query: `level` 1 is the immediately enclosing one. */
  | {
      readonly kind: 'outer';
      readonly level: number;
      readonly index: number;
      readonly type: SqlType;
    }
  /** A constant; `param` marks the value of parameter $n (for type inference while preparing). */
  | {
      readonly kind: 'literal';
      readonly value: Datum;
      readonly type: SqlType;
      readonly param?: number;
    }
  | {
      readonly kind: 'call';
      readonly func: ScalarFunc;
      readonly args: readonly Scalar[];
      readonly type: SqlType;
    }
  | {
      readonly kind: 'cast';
      readonly expr: Scalar;
      readonly type: SqlType;
      readonly mode: 'implicit' | 'assignment' | 'explicit';
    }
  | { readonly kind: 'and' | 'or'; readonly args: readonly Scalar[]; readonly type: SqlType }
  | { readonly kind: 'not'; readonly arg: Scalar; readonly type: SqlType }
  | { readonly kind: 'isNull'; readonly arg: Scalar; readonly type: SqlType }
  /** IS [NOT] TRUE/FALSE/UNKNOWN. */
  | {
      readonly kind: 'isBool';
      readonly arg: Scalar;
      readonly test: 'true' | 'false' | 'unknown';
      readonly type: SqlType;
    }
  | {
      readonly kind: 'case';
      readonly whens: readonly { readonly cond: Scalar; readonly then: Scalar }[];
      readonly else: Scalar;
      readonly type: SqlType;
    }
  | { readonly kind: 'coalesce'; readonly args: readonly Scalar[]; readonly type: SqlType }
  | {
      readonly kind: 'greatest' | 'least';
      readonly args: readonly Scalar[];
      readonly type: SqlType;
    }
  /** ARRAY[...] (elements of `type.elem`), possibly multi-dimensional from nested arrays. */
  | { readonly kind: 'array'; readonly elems: readonly Scalar[]; readonly type: SqlType }
  | { readonly kind: 'row'; readonly fields: readonly Scalar[]; readonly type: SqlType }
  /** An error raised when evaluated (used for constant errors caught at plan time). */
  | {
      readonly kind: 'error';
      readonly code: string;
      readonly message: string;
      readonly type: SqlType;
    }
  // ---- only while binding a grouped/windowed query: the i-th collected aggregate / window call ----
  | { readonly kind: 'aggRef'; readonly index: number; readonly type: SqlType }
  | { readonly kind: 'windowRef'; readonly index: number; readonly type: SqlType }
  // ---- only before lowering ----
  /** (SELECT ...) returning one column; NULL if no row; error 21000 if more than one. */
  | { readonly kind: 'subquery'; readonly rel: Rel; readonly type: SqlType }
  | { readonly kind: 'exists'; readonly rel: Rel; readonly type: SqlType }
  /**
   * lhs op ANY/ALL (subquery). `cmp` is the comparison bound over [lhs..., subquery columns...]
   * (row comparison for multi-column IN), evaluated per subquery row.
   */
  | {
      readonly kind: 'quantified';
      readonly all: boolean;
      readonly cmp: Scalar;
      readonly lhs: readonly Scalar[];
      readonly rel: Rel;
      readonly type: SqlType;
    };

export interface AggregateCall {
  readonly func: AggregateFunc;
  readonly args: readonly Scalar[];
  readonly argTypes: readonly SqlType[];
  readonly distinct: boolean;
  readonly filter: Scalar | null;
  readonly orderBy: readonly SortKey[];
  readonly type: SqlType;
}

export interface SortKey {
  readonly expr: Scalar;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

export type WindowFrameBound =
  | { readonly kind: 'unboundedPreceding' }
  | { readonly kind: 'preceding'; readonly offset: Scalar; readonly range?: RangeOffset }
  | { readonly kind: 'currentRow' }
  | { readonly kind: 'following'; readonly offset: Scalar; readonly range?: RangeOffset }
  | { readonly kind: 'unboundedFollowing' };

/**
 * A RANGE frame bound `offset PRECEDING/FOLLOWING` over the window's one ORDER BY value, as
 * PostgreSQL's in_range(value, base, offset, sub, less) tests it: a row is on the frame's side of
 * the bound when its value is <= (less) or >= base ± offset (sub: minus), base being the current
 * row's value. Both expressions read column 0 of a one-column row holding a sort value (not the
 * window's input row).
 */
export interface RangeOffset {
  /** base ± offset, from the current row's sort value. */
  readonly edge: Scalar;
  /** A row's sort value in the edge's type. */
  readonly value: Scalar;
  readonly sub: boolean;
  readonly less: boolean;
  /** A frame start (else end) bound, in the sort's order. */
  readonly start: boolean;
  readonly nullsFirst: boolean;
}

export interface WindowFrame {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: WindowFrameBound;
  readonly end: WindowFrameBound;
  readonly exclude: 'noOthers' | 'currentRow' | 'group' | 'ties';
}

export interface WindowCall {
  /** row_number, rank, ..., lag, lead, first_value..., or 'aggregate'. */
  readonly name: string;
  readonly args: readonly Scalar[];
  readonly aggregate: AggregateCall | null;
  readonly partitionBy: readonly Scalar[];
  readonly orderBy: readonly SortKey[];
  readonly frame: WindowFrame;
  readonly type: SqlType;
}

export type JoinKind = 'inner' | 'left' | 'right' | 'full';

/** A table function call in FROM: produces rows from argument values. */
export interface TableFunc {
  readonly name: string;
  readonly args: readonly Scalar[];
  readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
  /** Generates the rows for one set of argument values. */
  readonly impl: (args: readonly Datum[], ctx: EvalContext) => Iterable<readonly Datum[]>;
  /** NULL arguments produce no rows. */
  readonly strict: boolean;
  /** WITH ORDINALITY: append a bigint ordinal column. */
  readonly ordinality: boolean;
}

/** An index of a relation: its id and key columns. */
export interface RelIndex {
  readonly id: string;
  readonly name: string;
  readonly columns: readonly number[];
}

export type Rel =
  | {
      readonly kind: 'get';
      readonly id: string;
      readonly name: string;
      readonly types: readonly SqlType[];
      /** Rows are only ever added to the relation (an ENVELOPE NONE source). */
      readonly appendOnly?: boolean;
      /** Column positions of the relation's primary key, if it has one (tables). */
      readonly primaryKey?: readonly number[];
      /** Indexes usable for point lookups (materialized views). */
      readonly indexes?: readonly RelIndex[];
      /** Read only the rows with these primary-key (or index key) values (set by the optimizer). */
      readonly lookup?: readonly (readonly Datum[])[];
      /**
       * Parallel to `lookup`: the parameter number ($n) each value came from, where it came from
       * one (so a plan kept for a prepared statement can read the next execution's values).
       */
      readonly lookupParams?: readonly (readonly (number | undefined)[])[];
      /** The index `lookup` reads through; absent: the primary key. */
      readonly lookupIndex?: RelIndex;
    }
  | {
      readonly kind: 'constant';
      readonly rows: readonly (readonly Datum[])[];
      readonly types: readonly SqlType[];
    }
  /** Appends the values of `exprs` (over the input row, and earlier appended columns) to each row. */
  | { readonly kind: 'map'; readonly input: Rel; readonly exprs: readonly Scalar[] }
  | { readonly kind: 'filter'; readonly input: Rel; readonly predicates: readonly Scalar[] }
  | { readonly kind: 'project'; readonly input: Rel; readonly outputs: readonly number[] }
  /** Appends the table function's columns; input rows with no output rows disappear. */
  | { readonly kind: 'flatMap'; readonly input: Rel; readonly func: TableFunc }
  | {
      readonly kind: 'join';
      readonly left: Rel;
      readonly right: Rel;
      readonly joinKind: JoinKind;
      /** Over the concatenated row [left..., right...]. */
      readonly on: Scalar;
      /** The right side refers to the left side's columns (LATERAL) as `outer` level 1. */
      readonly lateral: boolean;
    }
  | {
      readonly kind: 'reduce';
      readonly input: Rel;
      /** Output = group key values, then one column per aggregate. */
      readonly groupKey: readonly Scalar[];
      readonly aggregates: readonly AggregateCall[];
    }
  | { readonly kind: 'distinct'; readonly input: Rel }
  | {
      readonly kind: 'topK';
      readonly input: Rel;
      readonly groupKey: readonly Scalar[];
      readonly order: readonly SortKey[];
      readonly limit: Scalar | null;
      readonly offset: Scalar | null;
      /** FETCH FIRST ... WITH TIES: also the rows after the last that tie with it in `order`. */
      readonly withTies?: boolean;
    }
  /** Appends one column per window call. */
  | { readonly kind: 'window'; readonly input: Rel; readonly calls: readonly WindowCall[] }
  | { readonly kind: 'union'; readonly inputs: readonly Rel[] }
  | { readonly kind: 'negate'; readonly input: Rel }
  /** Keeps each row max(count, 0) times. */
  | { readonly kind: 'threshold'; readonly input: Rel }
  /**
   * WITH RECURSIVE: `base`'s rows, then `step`'s rows over the rows found last (read in `step` as
   * the workTable with the same id), round after round until a round finds none; with `all`
   * false (UNION) a row already found is dropped from every round. One-shot queries only.
   */
  | {
      readonly kind: 'recursiveUnion';
      readonly id: number;
      readonly name: string;
      readonly base: Rel;
      readonly step: Rel;
      readonly all: boolean;
    }
  /** The rows the previous round of the recursiveUnion `id` found. */
  | { readonly kind: 'workTable'; readonly id: number; readonly types: readonly SqlType[] };

/** The result columns of a bound query, plus the finishing (ORDER BY / LIMIT of the top level). */
export interface BoundQuery {
  readonly rel: Rel;
  readonly columns: readonly {
    readonly name: string;
    readonly type: SqlType;
    readonly tableOid: number;
    readonly columnNumber: number;
  }[];
  /** Sort of the final result (over rel's columns, which may include hidden sort columns). */
  readonly order: readonly SortKey[];
  readonly limit: Scalar | null;
  readonly offset: Scalar | null;
  /** FETCH FIRST ... WITH TIES (see the topK Rel). */
  readonly withTies?: boolean;
  /** How many of rel's columns are visible (the rest are hidden ORDER BY columns). */
  readonly visible: number;
}
