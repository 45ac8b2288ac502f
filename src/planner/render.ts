// Rendering: turns a lowered relation into a dataflow of operators over update batches. The same
// rendering serves one-shot SELECTs (all input at one tick) and, later, maintained views.
import { featureNotSupported, internalError } from '../errors/index.js';
import {
  assertNever,
  compareDatum,
  rowKey,
  type Datum,
  type Row,
  type SqlType,
} from '../repr/index.js';
import { Dataflow, type Collection, type InputHandle } from '../dataflow/graph.js';
import type { StateBackend } from '../dataflow/state.js';
import { constant } from '../dataflow/constant.js';
import { distinct } from '../dataflow/distinct.js';
import { filter } from '../dataflow/filter.js';
import { flatMap } from '../dataflow/flat-map.js';
import { join } from '../dataflow/join.js';
import { map } from '../dataflow/map.js';
import { negate } from '../dataflow/negate.js';
import { project } from '../dataflow/project.js';
import { reduce } from '../dataflow/reduce.js';
import { threshold } from '../dataflow/threshold.js';
import { union } from '../dataflow/union.js';
import type { AggregateSpec } from '../dataflow/aggregate.js';
import type { EvalContext } from '../expr/signature.js';
import type { AggregateCall, Rel } from '../sql/hir.js';
import { relTypes } from '../sql/rel-types.js';
import { compilePredicate, compileScalar } from './compile.js';
import { extractJoinKeys } from './join-keys.js';
import { uniqueOn } from './keys.js';
import { NULL_KEY } from './lower.js';
import { compileOrder } from './sort.js';
import { renderTopK, renderWindow } from './render-order.js';

/** What one dataflow input reads: a relation, whole or (lookup) only some primary keys. */
export interface InputRead {
  readonly id: string;
  readonly lookup?: readonly (readonly Datum[])[];
  /** The index id the lookup reads through (absent: the primary key). */
  readonly index?: string;
}

export interface Rendered {
  readonly dataflow: Dataflow;
  readonly output: Collection;
  /** One input per distinct read, by input name. */
  readonly inputs: ReadonlyMap<string, InputHandle>;
  readonly reads: ReadonlyMap<string, InputRead>;
}

/** Renders `rel`; operator state goes to `state` (default: memory, for one-shot queries). */
export function render(rel: Rel, ctx: EvalContext, name = 'query', state?: StateBackend): Rendered {
  const df = new Dataflow(name, state);
  const inputs = new Map<string, InputHandle>();
  const reads = new Map<string, InputRead>();
  const gets = new Map<string, Collection>();
  const go = (r: Rel): Collection => {
    switch (r.kind) {
      case 'get': {
        const name =
          r.lookup === undefined
            ? r.id
            : `${r.id}?${r.lookupIndex?.id ?? ''}?${rowKey(r.lookup.flat())}#${r.lookup.length}`;
        let c = gets.get(name);
        if (c === undefined) {
          const h = df.input(name);
          inputs.set(name, h);
          reads.set(
            name,
            r.lookup === undefined
              ? { id: r.id }
              : {
                  id: r.id,
                  lookup: r.lookup,
                  ...(r.lookupIndex ? { index: r.lookupIndex.id } : {}),
                },
          );
          c = h.collection;
          gets.set(name, c);
        }
        return c;
      }
      case 'constant':
        return constant(df, r.rows);
      case 'map': {
        const input = go(r.input);
        const fs = r.exprs.map((e) => compileScalar(e, ctx));
        if (fs.length === 1) {
          const f = fs[0]!;
          return map(input, (row) => [...row, f(row)]);
        }
        return map(input, (row) => {
          // Later expressions may read earlier ones (lowering relies on it).
          const out = [...row];
          for (const f of fs) out.push(f(out));
          return out;
        });
      }
      case 'filter': {
        const input = go(r.input);
        const ps = r.predicates.map((p) => compilePredicate(p, ctx));
        return filter(input, (row) => ps.every((p) => p(row)));
      }
      case 'project':
        return project(go(r.input), r.outputs);
      case 'flatMap': {
        const input = go(r.input);
        const args = r.func.args.map((a) => compileScalar(a, ctx));
        const { impl, strict, ordinality } = r.func;
        return flatMap(input, function* (row) {
          const vals = args.map((a) => a(row));
          if (strict && vals.some((v) => v === null)) return;
          let n = 0n;
          for (const out of impl(vals, ctx)) {
            n++;
            yield ordinality ? [...row, ...out, n] : [...row, ...out];
          }
        });
      }
      case 'join': {
        if (r.lateral) throw internalError('LATERAL join survived lowering');
        const left = go(r.left);
        const right = go(r.right);
        const la = relTypes(r.left).length;
        const ra = relTypes(r.right).length;
        const keys = extractJoinKeys(r.on, la);
        const lk = keys.left.map((k) => compileScalar(k, ctx));
        const rk = keys.right.map((k) => compileScalar(k, ctx));
        const safe = keys.nullSafe;
        const keyOf =
          (fs: typeof lk) =>
          (row: Row): Datum[] =>
            fs.map((f, i) => {
              const v = f(row);
              return v === null && safe[i] === true ? NULL_KEY : v;
            });
        const residual = keys.residual === null ? undefined : compileScalar(keys.residual, ctx);
        return join(left, right, {
          kind: r.joinKind,
          leftKey: keyOf(lk),
          rightKey: keyOf(rk),
          leftArity: la,
          rightArity: ra,
          leftUnique: uniqueOn(r.left, keys.left),
          rightUnique: uniqueOn(r.right, keys.right),
          ...(residual === undefined
            ? {}
            : { residual: (row: Row) => residual(row) as boolean | null }),
        });
      }
      case 'reduce': {
        const input = go(r.input);
        const keys = r.groupKey.map((k) => compileScalar(k, ctx));
        return reduce(input, {
          key: (row) => keys.map((k) => k(row)),
          aggregates: r.aggregates.map((a) => aggregateSpec(a, ctx, monotonic(r.input))),
        });
      }
      case 'distinct':
        return distinct(go(r.input));
      case 'topK':
        return renderTopK(go(r.input), r, ctx);
      case 'window':
        return renderWindow(go(r.input), r, ctx);
      case 'union':
        return union(r.inputs.map(go));
      case 'negate':
        return negate(go(r.input));
      case 'threshold':
        return threshold(go(r.input));
      case 'workTable': {
        // Fed by the caller round after round (session/exec/recursive.ts), never read.
        const name = workTableInput(r.id);
        let c = gets.get(name);
        if (c === undefined) {
          const h = df.input(name);
          inputs.set(name, h);
          c = h.collection;
          gets.set(name, c);
        }
        return c;
      }
      case 'recursiveUnion':
        // One-shot queries evaluate it before rendering; a maintained one would need iteration.
        throw featureNotSupported(
          'WITH RECURSIVE is not supported in materialized views, indexes and subscriptions',
          { hint: 'A SELECT can use WITH RECURSIVE; its result is computed when the SELECT runs.' },
        );
      default:
        return assertNever(r);
    }
  };
  const output = go(rel);
  return { dataflow: df, output, inputs, reads };
}

/** The input name of a rendered workTable. */
export const workTableInput = (id: number): string => `workTable#${id}`;

/**
 * Types whose values the storage key codec orders exactly as MIN/MAX compare them (bpchar is
 * left out: its comparison ignores trailing spaces, its key bytes do not).
 */
const KEY_ORDERED = new Set([
  'int2',
  'int4',
  'int8',
  'float4',
  'float8',
  'numeric',
  'text',
  'varchar',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'interval',
  'oid',
]);

function orderedByKey(t: SqlType): boolean {
  return t.kind === 'scalar' && KEY_ORDERED.has(t.name);
}

/**
 * Whether a relation's rows are only ever added (every diff it will ever produce is positive): it
 * reads only relations that only grow (`grows`: by default append-only sources; a one-shot query,
 * fed inserts only, passes every relation), through operators that keep that so. Materialize
 * calls such collections monotonic; over them MIN/MAX need only the extreme so far.
 */
export function monotonic(
  r: Rel,
  grows: (get: Rel & { kind: 'get' }) => boolean = (get) => get.appendOnly === true,
): boolean {
  const go = (x: Rel): boolean => monotonic(x, grows);
  switch (r.kind) {
    case 'get':
      return grows(r);
    case 'constant':
      return true;
    case 'map':
    case 'filter':
    case 'project':
    case 'flatMap':
      return go(r.input);
    case 'join':
      return r.joinKind === 'inner' && go(r.left) && go(r.right);
    case 'union':
      return r.inputs.every(go);
    case 'recursiveUnion':
      return go(r.base) && go(r.step);
    case 'workTable':
      // The rows of all rounds together only grow (one round's rows leave the step's input in the
      // next, but no reduce reads a work table: the binder refuses aggregates over it).
      return true;
    default:
      return false;
  }
}

/** MIN/MAX over a monotonic input: the extreme so far, replaced by any value beyond it. */
function runningExtreme(sign: 1 | -1): NonNullable<AggregateSpec['accumulate']> {
  return {
    zero: () => [],
    add: (state, args, diff) => {
      // Never happens over a monotonic input; an error in the view rather than a wrong answer.
      if (diff < 0) throw internalError('MIN/MAX over an append-only input saw a retraction');
      const v = args[0] ?? null;
      if (v === null) return state;
      return state.length === 0 || compareDatum(v, state[0]!) * sign > 0 ? [v] : state;
    },
    finish: (state) => state[0] ?? null,
  };
}

/**
 * How reduce maintains MIN/MAX of one argument (nothing for other aggregates): over an input that
 * only grows, by the extreme so far; over a key-ordered type, by its ordered values.
 */
function minMax(a: AggregateCall, growing: boolean): Partial<AggregateSpec> {
  const name = a.func.name;
  if ((name !== 'min' && name !== 'max') || a.argTypes.length !== 1 || a.orderBy.length > 0)
    return {};
  if (growing && !a.distinct) return { accumulate: runningExtreme(name === 'max' ? 1 : -1) };
  return orderedByKey(a.argTypes[0]!) ? { extreme: name } : {};
}

/**
 * The dataflow form of an aggregate call; `growing`: its input is monotonic (only ever grows).
 */
export function aggregateSpec(a: AggregateCall, ctx: EvalContext, growing = false): AggregateSpec {
  const args = a.args.map((x) => compileScalar(x, ctx));
  const filterFn = a.filter === null ? undefined : compileScalar(a.filter, ctx);
  const { func, argTypes } = a;
  return {
    args: (row) => args.map((f) => f(row)),
    distinct: a.distinct,
    strict: func.strict && a.args.length > 0,
    ...(filterFn === undefined ? {} : { filter: (row: Row) => filterFn(row) as boolean | null }),
    ...(a.orderBy.length === 0 ? {} : { orderBy: compileOrder(a.orderBy, ctx) }),
    apply: (inputs) => func.apply(inputs, ctx, argTypes),
    ...minMax(a, growing),
    ...(func.accumulate === undefined || a.distinct || a.orderBy.length > 0
      ? {}
      : {
          accumulate: {
            zero: func.accumulate.zero,
            add: func.accumulate.add,
            finish: (state: readonly Datum[]) => func.accumulate!.finish(state, ctx),
          },
        }),
  };
}
