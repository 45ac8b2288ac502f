// Lowering: turns the bound plan into the relational algebra that renders into dataflow, by
// removing subqueries, outer references and LATERAL joins (decorrelation).
//
// The method: a subquery S correlated with the rows of relation I is evaluated once per distinct
// combination of the outer values it reads. lower(S, ctx) produces S for *every* row of the
// context relation ctx.D at once, as rows prefixed by D's columns; the result is then joined back
// to I on those columns (null-safe). Global aggregates get their "no input rows" value for the D
// rows that had none, so `(SELECT count(*) ...)` is 0, not NULL. Every operator is pushed through
// the same way: joins join on the D prefix too, reduce/top-k/window group by it.
import { EddyError, featureNotSupported } from '../errors/index.js';
import { RecordDatum, T, type Datum, type SqlType } from '../repr/index.js';
import type { EvalContext, ScalarFunc } from '../expr/signature.js';
import type { AggregateCall, Rel, Scalar } from '../sql/hir.js';
import { relTypes } from '../sql/rel-types.js';
import { isCorrelated, mapScalar } from '../sql/scalar-util.js';
import {
  and,
  countAgg,
  emptyValue,
  gt1,
  hasOuter,
  hasSubquery,
  quantifiedResult,
  shift,
  shiftOuter,
} from './lower-util.js';

interface Hoister {
  input: Rel;
  readonly width: number;
  extra(): number;
  expr(s: Scalar): Scalar;
}

export interface Ctx {
  /** The distinct outer rows (k columns). */
  readonly d: Rel;
  readonly k: number;
  /** Position in D of an outer reference seen from the relation being lowered. */
  resolve(level: number, index: number): number;
}

const TRUE: Scalar = { kind: 'literal', value: true, type: T.bool };
const col = (index: number, type: SqlType): Scalar => ({ kind: 'column', index, type });
const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);

/** IS NOT DISTINCT FROM, recognised by the renderer as a null-safe join key. */
export const NOT_DISTINCT: ScalarFunc = {
  name: 'is_not_distinct_from',
  args: ['any', 'any'],
  ret: T.bool,
  strict: false,
  volatility: 'immutable',
  impl: () => {
    throw new Error('is_not_distinct_from is evaluated by the join, not called');
  },
};

export function notDistinct(a: Scalar, b: Scalar): Scalar {
  return { kind: 'call', func: NOT_DISTINCT, args: [a, b], type: T.bool };
}

/** Marker placed in null-safe join keys instead of NULL. */
export const NULL_KEY: Datum = new RecordDatum([]);

export class Lowerer {
  constructor(private readonly evalCtx: EvalContext) {}

  lower(rel: Rel): Rel {
    return this.rel(rel, null);
  }

  private rel(rel: Rel, ctx: Ctx | null): Rel {
    if (ctx !== null && !isCorrelated(rel)) {
      // Uncorrelated: compute once, pair with every outer row.
      return {
        kind: 'join',
        left: ctx.d,
        right: this.rel(rel, null),
        joinKind: 'inner',
        on: TRUE,
        lateral: false,
      };
    }
    const k = ctx?.k ?? 0;
    switch (rel.kind) {
      case 'get':
      case 'constant':
        return rel; // only reached with ctx === null
      case 'map': {
        if (rel.exprs.some(hasSubquery)) return this.mapWithSubqueries(rel, ctx);
        return {
          kind: 'map',
          input: this.rel(rel.input, ctx),
          exprs: rel.exprs.map((e) => shift(e, ctx, k)),
        };
      }
      case 'filter': {
        let input = this.rel(rel.input, ctx);
        const width = relTypes(input).length;
        const preds: Scalar[] = [];
        for (const p of rel.predicates) {
          const r = this.scalarWithSubqueries(shift(p, ctx, k), input, ctx);
          input = r.input;
          preds.push(r.expr);
        }
        const filtered: Rel = { kind: 'filter', input, predicates: preds };
        return relTypes(input).length === width
          ? filtered
          : { kind: 'project', input: filtered, outputs: range(width) };
      }
      case 'project':
        return {
          kind: 'project',
          input: this.rel(rel.input, ctx),
          outputs: [...range(k), ...rel.outputs.map((o) => o + k)],
        };
      case 'flatMap': {
        const input = this.rel(rel.input, ctx);
        return {
          kind: 'flatMap',
          input,
          func: { ...rel.func, args: rel.func.args.map((a) => this.plain(shift(a, ctx, k))) },
        };
      }
      case 'join':
        return rel.lateral ? this.lateralJoin(rel, ctx) : this.join(rel, ctx);
      case 'reduce':
        return this.reduce(rel, ctx);
      case 'distinct':
      case 'negate':
      case 'threshold':
        return { kind: rel.kind, input: this.rel(rel.input, ctx) };
      case 'topK': {
        if (
          (rel.limit !== null && hasOuter(rel.limit)) ||
          (rel.offset !== null && hasOuter(rel.offset))
        ) {
          throw featureNotSupported('LIMIT/OFFSET referring to an outer query is not supported');
        }
        const h = this.hoister(this.rel(rel.input, ctx), ctx);
        const types = relTypes(h.input);
        const groupKey = [
          ...range(k).map((i) => col(i, types[i]!)),
          ...rel.groupKey.map((g) => h.expr(shift(g, ctx, k))),
        ];
        const order = rel.order.map((o) => ({ ...o, expr: h.expr(shift(o.expr, ctx, k)) }));
        const topK: Rel = {
          kind: 'topK',
          input: h.input,
          groupKey,
          order,
          limit: rel.limit,
          offset: rel.offset,
          ...(rel.withTies === true ? { withTies: true } : {}),
        };
        return h.extra() === 0 ? topK : { kind: 'project', input: topK, outputs: range(h.width) };
      }
      case 'window': {
        const h = this.hoister(this.rel(rel.input, ctx), ctx);
        const types = relTypes(h.input);
        const prefix = range(k).map((i) => col(i, types[i]!));
        const calls = rel.calls.map((c) => ({
          ...c,
          args: c.args.map((a) => h.expr(shift(a, ctx, k))),
          partitionBy: [...prefix, ...c.partitionBy.map((p) => h.expr(shift(p, ctx, k)))],
          orderBy: c.orderBy.map((o) => ({ ...o, expr: h.expr(shift(o.expr, ctx, k)) })),
          aggregate: c.aggregate === null ? null : this.agg(c.aggregate, ctx, k, h),
          frame: c.frame,
        }));
        const win: Rel = { kind: 'window', input: h.input, calls };
        const extra = h.extra();
        return extra === 0
          ? win
          : {
              kind: 'project',
              input: win,
              outputs: [...range(h.width), ...range(calls.length, h.width + extra)],
            };
      }
      case 'union':
        return { kind: 'union', inputs: rel.inputs.map((i) => this.rel(i, ctx)) };
      case 'recursiveUnion':
        // Reached with an outer context only when correlated (see the top of this method).
        if (ctx !== null)
          throw featureNotSupported('WITH RECURSIVE referring to an outer query is not supported');
        return { ...rel, base: this.rel(rel.base, null), step: this.rel(rel.step, null) };
      case 'workTable':
        return rel; // only reached with ctx === null
      default: {
        const never: never = rel;
        return never;
      }
    }
  }

  /** A map whose expressions contain subqueries: evaluate them one by one as extra columns. */
  private mapWithSubqueries(rel: Extract<Rel, { kind: 'map' }>, ctx: Ctx | null): Rel {
    const k = ctx?.k ?? 0;
    let input = this.rel(rel.input, ctx);
    const baseWidth = relTypes(input).length;
    // positions of the map's own outputs in the growing relation
    const outPos: number[] = [];
    for (const e of rel.exprs) {
      // References to earlier map outputs (index >= input width) must follow them.
      const shifted = shift(e, ctx, k);
      const repointed = mapScalar(shifted, (x) =>
        x.kind === 'column' && x.index >= baseWidth
          ? col(outPos[x.index - baseWidth]!, x.type)
          : undefined,
      );
      const r = this.scalarWithSubqueries(repointed, input, ctx);
      input = { kind: 'map', input: r.input, exprs: [r.expr] };
      outPos.push(relTypes(input).length - 1);
    }
    return { kind: 'project', input, outputs: [...range(baseWidth), ...outPos] };
  }

  /** A scalar with no subqueries (error if it has any). */
  private plain(s: Scalar): Scalar {
    let found = false;
    mapScalar(s, (x) => {
      if (x.kind === 'subquery' || x.kind === 'exists' || x.kind === 'quantified') found = true;
      return undefined;
    });
    if (found) throw featureNotSupported('subqueries are not supported in this position');
    return s;
  }

  private agg(a: AggregateCall, ctx: Ctx | null, k: number, h: Hoister): AggregateCall {
    return {
      ...a,
      args: a.args.map((x) => h.expr(shift(x, ctx, k))),
      filter: a.filter === null ? null : h.expr(shift(a.filter, ctx, k)),
      orderBy: a.orderBy.map((o) => ({ ...o, expr: h.expr(shift(o.expr, ctx, k)) })),
    };
  }

  /** Evaluates subqueries inside an operator's expressions as extra columns of its input. */
  private hoister(input: Rel, ctx: Ctx | null): Hoister {
    const width = relTypes(input).length;
    const h: Hoister = {
      input,
      width,
      extra: () => relTypes(h.input).length - width,
      expr: (s) => {
        if (!hasSubquery(s)) return s;
        const r = this.scalarWithSubqueries(s, h.input, ctx);
        h.input = { kind: 'map', input: r.input, exprs: [r.expr] };
        return col(relTypes(h.input).length - 1, s.type);
      },
    };
    return h;
  }

  private join(rel: Extract<Rel, { kind: 'join' }>, ctx: Ctx | null): Rel {
    const k = ctx?.k ?? 0;
    const left = this.rel(rel.left, ctx);
    const right = this.rel(rel.right, ctx);
    const lt = relTypes(left);
    const rt = relTypes(right);
    const wl = lt.length - k;
    const wr = rt.length - k;
    const total = lt.length + rt.length;
    // Combined row: [D_L (k), L (wl), D_R (k), R (wr)]; the bound `on` is over [L, R].
    const on = mapScalar(shiftOuter(rel.on, ctx), (x) =>
      x.kind === 'column' ? col(x.index < wl ? x.index + k : x.index + 2 * k, x.type) : undefined,
    );
    const conds: Scalar[] = range(k).map((i) =>
      notDistinct(col(i, lt[i]!), col(k + wl + i, rt[i]!)),
    );
    const leftCols = range(k + wl);
    const rightCols = range(wr, 2 * k + wl);
    if (hasSubquery(on)) {
      if (rel.joinKind !== 'inner')
        throw featureNotSupported('subqueries in outer join conditions are not supported');
      const crossed: Rel = {
        kind: 'join',
        left,
        right,
        joinKind: 'inner',
        on: conds.length === 0 ? TRUE : and(conds),
        lateral: false,
      };
      const r = this.scalarWithSubqueries(on, crossed, ctx);
      const filtered: Rel = { kind: 'filter', input: r.input, predicates: [r.expr] };
      return { kind: 'project', input: filtered, outputs: [...leftCols, ...rightCols] };
    }
    const joined: Rel = {
      kind: 'join',
      left,
      right,
      joinKind: rel.joinKind,
      on: and([...conds, on]),
      lateral: false,
    };
    if (k === 0) return joined;
    if (rel.joinKind === 'right' || rel.joinKind === 'full') {
      // Unmatched right rows carry their outer values on the right side.
      const fixed: Scalar[] = range(k).map((i) => ({
        kind: 'coalesce',
        args: [col(i, lt[i]!), col(k + wl + i, rt[i]!)],
        type: lt[i]!,
      }));
      return {
        kind: 'project',
        input: { kind: 'map', input: joined, exprs: fixed },
        outputs: [...range(k, total), ...range(wl, k), ...rightCols],
      };
    }
    return { kind: 'project', input: joined, outputs: [...leftCols, ...rightCols] };
  }

  private lateralJoin(rel: Extract<Rel, { kind: 'join' }>, ctx: Ctx | null): Rel {
    const k = ctx?.k ?? 0;
    const left = this.rel(rel.left, ctx);
    const lt = relTypes(left);
    const kl = lt.length;
    const d2: Rel = { kind: 'distinct', input: left };
    const ctx2: Ctx = {
      d: d2,
      k: kl,
      resolve: (level, index) => (level === 1 ? k + index : ctx!.resolve(level - 1, index)),
    };
    const right = this.rel(rel.right, ctx2);
    const rt = relTypes(right);
    const wl = kl - k;
    // Combined: [left (kl), D2 (kl), R]. Original on: [L (wl), R].
    const on = mapScalar(shiftOuter(rel.on, ctx), (x) =>
      x.kind === 'column'
        ? col(x.index < wl ? x.index + k : x.index - wl + 2 * kl, x.type)
        : undefined,
    );
    const conds = range(kl).map((i) => notDistinct(col(i, lt[i]!), col(kl + i, rt[i]!)));
    const joined: Rel = {
      kind: 'join',
      left,
      right,
      joinKind: rel.joinKind,
      on: and([...conds, this.plain(on)]),
      lateral: false,
    };
    return {
      kind: 'project',
      input: joined,
      outputs: [...range(kl), ...range(rt.length - kl, 2 * kl)],
    };
  }

  private reduce(rel: Extract<Rel, { kind: 'reduce' }>, ctx: Ctx | null): Rel {
    const k = ctx?.k ?? 0;
    const h = this.hoister(this.rel(rel.input, ctx), ctx);
    const types = relTypes(h.input);
    const groupKey = [
      ...range(k).map((i) => col(i, types[i]!)),
      ...rel.groupKey.map((g) => h.expr(shift(g, ctx, k))),
    ];
    const aggregates = rel.aggregates.map((a) => this.agg(a, ctx, k, h));
    const reduced: Rel = { kind: 'reduce', input: h.input, groupKey, aggregates };
    if (rel.groupKey.length > 0) return reduced;
    // A global aggregate has a row even without input: for each outer row (or the single
    // top-level row) that has no group, emit the aggregates' empty values.
    const d: Rel = ctx?.d ?? { kind: 'constant', rows: [[]], types: [] };
    const present: Rel = { kind: 'project', input: reduced, outputs: range(k) };
    const missing: Rel = {
      kind: 'threshold',
      input: { kind: 'union', inputs: [d, { kind: 'negate', input: present }] },
    };
    const empties = rel.aggregates.map((a): Scalar => ({
      kind: 'literal',
      value: emptyValue(a, this.evalCtx),
      type: a.type,
    }));
    const filled: Rel =
      empties.length === 0 ? missing : { kind: 'map', input: missing, exprs: empties };
    return { kind: 'union', inputs: [reduced, filled] };
  }

  /**
   * Replaces the subqueries in `expr` (an expression over `input`'s rows) by columns appended to
   * `input`. Returns the widened input and the rewritten expression.
   */
  private scalarWithSubqueries(
    expr: Scalar,
    inputIn: Rel,
    ctx: Ctx | null,
  ): { input: Rel; expr: Scalar; added: number } {
    let input = inputIn;
    const width0 = relTypes(input).length;
    const out = mapScalar(expr, (x) => {
      if (x.kind !== 'subquery' && x.kind !== 'exists' && x.kind !== 'quantified') return undefined;
      const res = this.applySubquery(x, input, ctx);
      input = res.input;
      return col(relTypes(input).length - 1, x.type);
    });
    return { input, expr: out, added: relTypes(input).length - width0 };
  }

  /** Appends the value of one subquery expression (for each row of `input`) as a last column. */
  private applySubquery(
    x: Extract<Scalar, { kind: 'subquery' | 'exists' | 'quantified' }>,
    inputIn: Rel,
    ctx: Ctx | null,
  ): { input: Rel } {
    const k = ctx?.k ?? 0;
    let input = inputIn;
    const lhsCols: number[] = [];
    if (x.kind === 'quantified') {
      // Evaluate the left-hand sides as columns first; the subquery reads them as outer values.
      for (const l of x.lhs) {
        const r = this.scalarWithSubqueries(l, input, ctx);
        input = { kind: 'map', input: r.input, exprs: [r.expr] };
        lhsCols.push(relTypes(input).length - 1);
      }
    }
    const itypes = relTypes(input);
    const w = itypes.length;
    const correlated = isCorrelated(x.rel);
    // D = the distinct values the subquery depends on: the whole input row if it is correlated,
    // else just the left-hand sides of a quantified comparison (or nothing).
    const keyCols = correlated ? range(w) : lhsCols;
    const kS = keyCols.length;
    const dS: Rel =
      kS === 0
        ? { kind: 'constant', rows: [[]], types: [] }
        : {
            kind: 'distinct',
            input: correlated ? input : { kind: 'project', input, outputs: keyCols },
          };
    const ctxS: Ctx | null = correlated
      ? {
          d: dS,
          k: kS,
          resolve: (level, index) => (level === 1 ? k + index : ctx!.resolve(level - 1, index)),
        }
      : kS > 0
        ? {
            d: dS,
            k: kS,
            resolve: () => {
              throw new EddyError('XX000', 'internal error: unexpected outer reference');
            },
          }
        : null;
    const sub = this.rel(x.rel, ctxS);
    const st = relTypes(sub);
    const keyEq = (): Scalar[] =>
      keyCols.map((c, i) => notDistinct(col(c, itypes[c]!), col(w + i, st[i]!)));
    let value: Rel; // [D_S (kS)..., value]
    let fill: Scalar | null = null;
    switch (x.kind) {
      case 'subquery': {
        const count = countAgg();
        const counted: Rel = {
          kind: 'reduce',
          input: sub,
          groupKey: range(kS).map((i) => col(i, st[i]!)),
          aggregates: [count],
        };
        const tooMany: Rel = {
          kind: 'filter',
          input: { kind: 'filter', input: counted, predicates: [gt1(col(kS, T.int8))] },
          predicates: [
            {
              kind: 'error',
              code: '21000',
              message: 'more than one row returned by a subquery used as an expression',
              type: T.bool,
            },
          ],
        };
        value = {
          kind: 'union',
          inputs: [
            sub,
            {
              kind: 'project',
              input: {
                kind: 'map',
                input: tooMany,
                exprs: [{ kind: 'literal', value: null, type: x.type }],
              },
              outputs: [...range(kS), kS + 1],
            },
          ],
        };
        break;
      }
      case 'exists': {
        value = {
          kind: 'map',
          input: { kind: 'distinct', input: { kind: 'project', input: sub, outputs: range(kS) } },
          exprs: [TRUE],
        };
        fill = { kind: 'literal', value: false, type: T.bool };
        break;
      }
      case 'quantified': {
        // cmp over [lhs..., sub cols...] → over sub' rows [D_S..., sub cols...].
        const m = lhsCols.length;
        const cmp = mapScalar(x.cmp, (c) =>
          c.kind === 'column'
            ? col(c.index < m ? keyCols.indexOf(lhsCols[c.index]!) : kS + c.index - m, c.type)
            : undefined,
        );
        const withCmp: Rel = { kind: 'map', input: sub, exprs: [cmp] };
        const c = col(st.length, T.bool);
        const countIf = (pred: Scalar): AggregateCall => ({ ...countAgg(), filter: pred });
        const isTrue: Scalar = { kind: 'isBool', arg: c, test: 'true', type: T.bool };
        const isFalse: Scalar = { kind: 'isBool', arg: c, test: 'false', type: T.bool };
        const isNull: Scalar = { kind: 'isBool', arg: c, test: 'unknown', type: T.bool };
        const decisive = x.all ? isFalse : isTrue;
        const counts: Rel = {
          kind: 'reduce',
          input: withCmp,
          groupKey: range(kS).map((i) => col(i, st[i]!)),
          aggregates: [countIf(decisive), countIf(isNull)],
        };
        value = {
          kind: 'project',
          input: {
            kind: 'map',
            input: counts,
            exprs: [quantifiedResult(x.all, col(kS, T.int8), col(kS + 1, T.int8))],
          },
          outputs: [...range(kS), kS + 2],
        };
        fill = { kind: 'literal', value: x.all, type: T.bool };
        break;
      }
    }
    // A marker column tells "no subquery rows for this outer row" from a NULL result.
    const marked: Rel = fill === null ? value : { kind: 'map', input: value, exprs: [TRUE] };
    const joined: Rel = {
      kind: 'join',
      left: input,
      right: marked,
      joinKind: 'left',
      on: kS === 0 ? TRUE : and(keyEq()),
      lateral: false,
    };
    const v = col(w + kS, x.type);
    const finalExpr: Scalar =
      fill === null
        ? v
        : {
            kind: 'case',
            whens: [
              { cond: { kind: 'isNull', arg: col(w + kS + 1, T.bool), type: T.bool }, then: fill },
            ],
            else: v,
            type: x.type,
          };
    const mapped: Rel = { kind: 'map', input: joined, exprs: [finalExpr] };
    const width = relTypes(joined).length;
    return { input: { kind: 'project', input: mapped, outputs: [...range(w), width] } };
  }
}
