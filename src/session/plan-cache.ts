// Reuse of a prepared SELECT's bound query across executions (the extended protocol's
// Parse-once, Bind/Execute-many pattern), so that an Execute does not resolve names, overloads
// and coercions again.
//
// The binder puts parameter values into the bound query as literals marked with their parameter
// number. A bound query is reused, with the marked literals' values replaced, only when that is
// exactly what binding the new values would produce:
// - the catalog has not changed since (Catalog.version), nor the session's search_path: names
//   resolve the same way;
// - every parameter literal the binder made is still in the bound query, marked: no binding
//   decision read a value (a coercion folded into a new literal, a ::regclass resolved, a VALUES
//   list turned into constant rows all drop the mark, and such a query is bound afresh each time);
// - no value was NULL when the query was recorded (coercing a NULL literal drops its mark too).
// Parameter types are those fixed at Parse, so the binder sees the same types every time.
// A recorded binding also keeps the statement's plan when it is a direct one (exec/reusable.ts:
// lowered, optimized and compiled once, with parameter slots); other plans are lowered,
// optimized and rendered per execution on the substituted query.
import type { SelectStmt } from '@pgsql/types';
import type { Datum } from '../repr/index.js';
import { Binder, Params } from '../sql/binder.js';
import { bindQuery } from '../sql/bind-select.js';
import type { BoundQuery, Rel } from '../sql/hir.js';
import type { Prepared } from './prepared.js';
import type { EddySession } from './session.js';
import type { ReusablePlan } from './exec/reusable.js';

/** A recorded bound query and what it depends on. */
export interface CachedBinding {
  readonly session: EddySession;
  readonly catalogVersion: number;
  readonly searchPath: string;
  /** null: binding this statement reads parameter values; bind it every time. */
  readonly query: BoundQuery | null;
  /** The nodes of `query` that contain a parameter literal (the only ones substitution copies). */
  readonly withParams: WeakSet<object>;
  /** The plan kept for the executions that reuse `query` (made by the first of them). */
  readonly plan: PlanSlot;
}

/** A kept plan: undefined until made, null when the query has none to keep. */
export interface PlanSlot {
  plan?: ReusablePlan | null;
}

/** The bound query of one execution, and the plan slot it may use with its values. */
export interface PreparedSelect {
  readonly query: BoundQuery;
  readonly reuse?: { readonly slot: PlanSlot; readonly values: readonly Datum[] };
}

/** Parameters that count the literals the binder makes of each parameter. */
class CountingParams extends Params {
  readonly made: number[] = [];

  override value(n: number): Datum {
    this.made[n] = (this.made[n] ?? 0) + 1;
    return super.value(n);
  }
}

type ParamLiteral = { readonly kind: 'literal'; readonly value: Datum; readonly param: number };

function isParamLiteral(o: object): o is ParamLiteral {
  const l = o as { kind?: unknown; param?: unknown };
  return l.kind === 'literal' && typeof l.param === 'number';
}

/** Plain data of a plan (not Datums, which are primitives or class instances, nor functions). */
function isPlain(v: unknown): v is object {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Marks the nodes under `node` that contain parameter literals; counts the distinct parameter
 * literals per parameter number. `seen` memoizes shared subtrees.
 */
function mark(
  node: object,
  found: number[],
  withParams: WeakSet<object>,
  seen: Map<object, boolean>,
): boolean {
  const known = seen.get(node);
  if (known !== undefined) return known;
  let has = false;
  if (isParamLiteral(node)) {
    found[node.param] = (found[node.param] ?? 0) + 1;
    has = true;
  } else {
    for (const v of Array.isArray(node) ? node : Object.values(node)) {
      if (isPlain(v) && mark(v, found, withParams, seen)) has = true;
    }
  }
  seen.set(node, has);
  if (has) withParams.add(node);
  return has;
}

/** A copy of `node` with the parameter literals' values taken from `values`. */
function substitute<T>(node: T, values: readonly Datum[], withParams: WeakSet<object>): T {
  if (typeof node !== 'object' || node === null || !withParams.has(node)) return node;
  if (isParamLiteral(node)) return { ...node, value: values[node.param - 1] ?? null };
  if (Array.isArray(node)) return node.map((v) => substitute(v, values, withParams)) as T;
  // A clone keeps the node's shape; only the fields leading to parameters are replaced.
  const out = { ...node } as Record<string, unknown>;
  for (const k in out) {
    const v = out[k];
    if (typeof v === 'object' && v !== null && withParams.has(v))
      out[k] = substitute(v, values, withParams);
  }
  return out as T;
}

/**
 * `q` with the values substituted; its relation only when read (an execution through a kept plan
 * never reads it).
 */
class WithValues implements BoundQuery {
  readonly columns: BoundQuery['columns'];
  readonly order: BoundQuery['order'];
  readonly limit: BoundQuery['limit'];
  readonly offset: BoundQuery['offset'];
  readonly withTies: boolean;
  readonly visible: number;
  #rel: Rel | undefined;

  constructor(
    private readonly q: BoundQuery,
    private readonly values: readonly Datum[],
    private readonly withParams: WeakSet<object>,
  ) {
    this.columns = q.columns;
    this.order = substitute(q.order, values, withParams);
    this.limit = substitute(q.limit, values, withParams);
    this.offset = substitute(q.offset, values, withParams);
    this.withTies = q.withTies === true;
    this.visible = q.visible;
  }

  get rel(): Rel {
    return (this.#rel ??= substitute(this.q.rel, this.values, this.withParams));
  }
}

/** The parameter numbers of the marked literals in a plan tree (a bound query, a lowered plan). */
export function paramNumbers(root: object): Set<number> {
  const found: number[] = [];
  mark(root, found, new WeakSet(), new Map());
  const out = new Set<number>();
  found.forEach((count, n) => count > 0 && out.add(n));
  return out;
}

/** Whether every parameter literal the binder made is in the bound query, marked. */
function allMarked(made: readonly number[], found: readonly number[]): boolean {
  for (let n = 0; n < Math.max(made.length, found.length); n++) {
    if ((made[n] ?? 0) !== (found[n] ?? 0)) return false;
  }
  return true;
}

/**
 * The bound query of a prepared SELECT for these parameter values: the recorded one with the
 * values substituted when it is still valid, else bound afresh (and recorded from the second
 * execution of the statement on, so one-shot statements pay nothing for it). Values with a NULL
 * are always bound afresh.
 */
export function bindPreparedSelect(
  s: EddySession,
  stmt: Prepared,
  body: SelectStmt,
  values: readonly Datum[],
): PreparedSelect {
  const catalogVersion = s.engine.catalog.version;
  const searchPath = s.settings.get('search_path') ?? '';
  const c = stmt.binding;
  const valid =
    c !== undefined &&
    c.session === s &&
    c.catalogVersion === catalogVersion &&
    c.searchPath === searchPath;
  const hasNull = values.includes(null);
  if (valid && c.query !== null && !hasNull) {
    return {
      query: new WithValues(c.query, values, c.withParams),
      reuse: { slot: c.plan, values },
    };
  }
  const first = stmt.executions++ === 0;
  // A statement known to read its values while binding is bound plainly until something changes.
  if (first || valid || hasNull) {
    const params = new Params([...stmt.paramTypes], values);
    return { query: bindQuery(new Binder(s.catalogReader(), params), body, null) };
  }
  const params = new CountingParams([...stmt.paramTypes], values);
  const q = bindQuery(new Binder(s.catalogReader(), params), body, null);
  const found: number[] = [];
  const withParams = new WeakSet<object>();
  mark(q, found, withParams, new Map());
  const query = allMarked(params.made, found) ? q : null;
  stmt.binding = { session: s, catalogVersion, searchPath, query, withParams, plan: {} };
  return { query: q };
}
