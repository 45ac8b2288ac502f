// Rendering of the order-dependent operators: top-k (LIMIT/OFFSET, DISTINCT ON) and window
// functions.
import { EddyError, featureNotSupported } from '../errors/index.js';
import type { Datum, Row } from '../repr/index.js';
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
    limit: evalLimit(r.limit, ctx, 'LIMIT'),
    offset: evalLimit(r.offset, ctx, 'OFFSET') ?? 0,
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
    start: bound(call.frame.start, call.frame.mode, ctx),
    end: bound(call.frame.end, call.frame.mode, ctx),
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
  ctx: EvalContext,
): FrameBound {
  switch (b.kind) {
    case 'unboundedPreceding':
    case 'unboundedFollowing':
    case 'currentRow':
      return { kind: b.kind };
    case 'preceding':
    case 'following': {
      if (mode === 'range')
        throw featureNotSupported('RANGE with offset PRECEDING/FOLLOWING is not supported');
      const v = compileScalar(b.offset, ctx)([]);
      if (v === null) throw new EddyError('22004', 'frame starting offset must not be null');
      const n = Number(v);
      if (n < 0) throw new EddyError('22013', 'frame starting offset must not be negative');
      return { kind: b.kind, offset: n };
    }
  }
}
