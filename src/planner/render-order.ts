// Rendering of the order-dependent operators: top-k (LIMIT/OFFSET, DISTINCT ON) and window
// functions.
import { EddyError, featureNotSupported, internalError } from '../errors/index.js';
import { compareDatum, Interval, Numeric, type Datum, type Row } from '../repr/index.js';
import type { Collection } from '../dataflow/graph.js';
import { topK } from '../dataflow/top-k.js';
import { window } from '../dataflow/window.js';
import type { WindowFuncSpec } from '../dataflow/window-funcs.js';
import type { FrameBound, WindowFrame as DfFrame } from '../dataflow/window-frame.js';
import type { EvalContext } from '../expr/signature.js';
import type { Rel, WindowCall, WindowFrameBound } from '../sql/hir.js';
import { compileScalar } from './compile.js';
import { compileOrder } from './sort.js';
import { aggregateSpec } from './render.js';
import { evalLimit } from './limits.js';

export function renderTopK(
  input: Collection,
  r: Extract<Rel, { kind: 'topK' }>,
  ctx: EvalContext,
): Collection {
  const keys = r.groupKey.map((k) => compileScalar(k, ctx));
  return topK(input, {
    key: (row) => keys.map((k) => k(row)),
    compare: compileOrder(r.order, ctx),
    limit: evalLimit(r.limit, ctx, 'LIMIT', r.withTies === true),
    offset: evalLimit(r.offset, ctx, 'OFFSET') ?? 0,
    withTies: r.withTies === true,
  });
}

export function renderWindow(
  input: Collection,
  r: Extract<Rel, { kind: 'window' }>,
  ctx: EvalContext,
): Collection {
  // One operator per call; each appends its column, so later calls still read the input's
  // columns at the same positions.
  let out = input;
  for (const call of r.calls) {
    const part = call.partitionBy.map((p) => compileScalar(p, ctx));
    out = window(out, {
      partitionKey: (row) => part.map((p) => p(row)),
      orderBy: call.orderBy.length === 0 ? null : compileOrder(call.orderBy, ctx),
      functions: [windowFunc(call, ctx)],
    });
  }
  return out;
}

function windowFunc(call: WindowCall, ctx: EvalContext): WindowFuncSpec {
  const arg = (i: number): ((row: Row) => Datum) | null => {
    const a = call.args[i];
    return a === undefined ? null : compileScalar(a, ctx);
  };
  const frame = (): DfFrame => ({
    mode: call.frame.mode,
    start: bound(call.frame.start, call.frame.mode, call, true, ctx),
    end: bound(call.frame.end, call.frame.mode, call, false, ctx),
    exclude: call.frame.exclude,
  });
  switch (call.name) {
    case 'row_number':
    case 'rank':
    case 'dense_rank':
    case 'percent_rank':
    case 'cume_dist':
      return { kind: call.name };
    case 'ntile':
      return { kind: 'ntile', buckets: arg(0)! };
    case 'lag':
    case 'lead':
      return { kind: call.name, value: arg(0)!, offset: arg(1), default: arg(2) };
    case 'first_value':
    case 'last_value':
      return { kind: call.name, value: arg(0)!, frame: frame() };
    case 'nth_value':
      return { kind: 'nth_value', value: arg(0)!, n: arg(1)!, frame: frame() };
    case 'aggregate':
      if (call.aggregate === null)
        throw new EddyError('XX000', 'internal error: window aggregate without aggregate');
      return { kind: 'aggregate', aggregate: aggregateSpec(call.aggregate, ctx), frame: frame() };
    default:
      throw featureNotSupported(`window function ${call.name} is not supported`);
  }
}

function bound(
  b: WindowFrameBound,
  mode: 'rows' | 'range' | 'groups',
  call: WindowCall,
  isStart: boolean,
  ctx: EvalContext,
): FrameBound {
  switch (b.kind) {
    case 'unboundedPreceding':
    case 'unboundedFollowing':
    case 'currentRow':
      return { kind: b.kind };
    case 'preceding':
    case 'following': {
      const v = compileScalar(b.offset, ctx)([]);
      if (v === null) {
        throw new EddyError(
          '22004',
          `frame ${isStart ? 'starting' : 'ending'} offset must not be null`,
        );
      }
      if (mode === 'range') return rangeTest(b, v, call, ctx);
      const n = Number(v);
      if (n < 0) {
        throw new EddyError(
          '22013',
          `frame ${isStart ? 'starting' : 'ending'} offset must not be negative`,
        );
      }
      return { kind: b.kind, offset: n };
    }
  }
}

/**
 * The test of a RANGE offset bound (window-frame.ts): PostgreSQL's in_range over the window's
 * sort value, with its rules for NULLs (a NULL row's frame is its NULL peers; NULLs are outside
 * any other row's) and NaN (after every number; an edge infinitely far from an infinite value,
 * inf - inf, takes every row). An edge beyond its type's range is infinitely far.
 */
function rangeTest(
  b: Extract<WindowFrameBound, { kind: 'preceding' | 'following' }>,
  offset: Datum,
  call: WindowCall,
  ctx: EvalContext,
): FrameBound {
  const r = b.range;
  if (r === undefined) throw internalError('a RANGE frame offset without its bound');
  if (isNegativeSize(offset))
    throw new EddyError('22013', 'invalid preceding or following size in window function');
  const key = compileScalar(call.orderBy[0]!.expr, ctx);
  const edgeOf = compileScalar(r.edge, ctx);
  const valueOf = compileScalar(r.value, ctx);
  const { less, sub, start, nullsFirst } = r;
  // The last current row's edge: the frame's bounds are searched for one current row at a time.
  let lastBase: Datum | undefined;
  let lastEdge: Datum | typeof BEYOND = null;
  const edge = (base: Datum): Datum | typeof BEYOND => {
    if (base === lastBase) return lastEdge;
    let e: Datum | typeof BEYOND;
    try {
      e = edgeOf([base]);
    } catch (err) {
      if (!(err instanceof EddyError) || (err.code !== '22003' && err.code !== '22008')) throw err;
      e = BEYOND;
    }
    lastBase = base;
    lastEdge = e;
    return e;
  };
  const test = (candidate: Row, current: Row): boolean => {
    const base = key(current);
    const val = key(candidate);
    if (base === null || val === null) {
      if (base === null && val === null) return true;
      // NULLs sort before every value (NULLS FIRST) or after them all.
      const candidateBefore = nullsFirst === (val === null);
      return start ? !candidateBefore : candidateBefore;
    }
    // NaN sorts after every number (the tests below are in_range's, in its order).
    if (isNaNDatum(val)) return isNaNDatum(base) || !less;
    if (isNaNDatum(base)) return less;
    const e = edge(base);
    if (e === BEYOND) return less !== sub;
    if (isNaNDatum(e)) return true;
    const c = compareDatum(valueOf([val]), e);
    return less ? c <= 0 : c >= 0;
  };
  return { kind: 'range', test };
}

/** An edge beyond its type's range: above every value when added, below when subtracted. */
const BEYOND = Symbol('beyond');

function isNaNDatum(d: Datum): boolean {
  return (typeof d === 'number' && Number.isNaN(d)) || (d instanceof Numeric && d.isNaN());
}

/** PostgreSQL refuses a negative (or NaN) RANGE offset. */
function isNegativeSize(d: Datum): boolean {
  if (typeof d === 'number') return Number.isNaN(d) || d < 0;
  if (typeof d === 'bigint') return d < 0n;
  if (d instanceof Numeric) return d.isNaN() || d.compare(Numeric.ZERO) < 0;
  if (d instanceof Interval) return compareDatum(d, new Interval(0, 0, 0n)) < 0;
  return false;
}
