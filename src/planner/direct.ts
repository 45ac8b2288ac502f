// Direct evaluation of the simplest plans: one relation read (whole, or the rows of some keys
// through a point lookup) or a VALUES list, only filtered, mapped and projected row by row. Such a plan needs
// no dataflow: every row passes through one composed function, in the order it is read. This is
// how a point lookup on an indexed view (`SELECT ... FROM mv WHERE k = $1`) is answered without
// building operators per query. The result is the multiset the rendered dataflow would produce
// (the same compiled expressions), errors included: a row whose expression raises an EddyError
// contributes that error instead of a row.
import type { Row } from '../repr/index.js';
import type { EvalContext } from '../expr/signature.js';
import type { Rel } from '../sql/hir.js';
import { compilePredicate, compileScalar } from './compile.js';
import type { InputRead } from './render.js';

export interface DirectPlan {
  /** The relation read, or the rows of a constant relation (VALUES). */
  readonly read: InputRead | { readonly rows: readonly Row[] };
  /** The output row of one input row, or null when a predicate drops it; may throw EddyError. */
  readonly apply: (row: Row) => Row | null;
}

/** `rel` as a direct plan, or null when it needs a dataflow (joins, aggregates, ...). */
export function directPlan(rel: Rel, ctx: EvalContext): DirectPlan | null {
  switch (rel.kind) {
    case 'get': {
      const read: InputRead =
        rel.lookup === undefined
          ? { id: rel.id }
          : {
              id: rel.id,
              lookup: rel.lookup,
              ...(rel.lookupIndex ? { index: rel.lookupIndex.id } : {}),
            };
      return { read, apply: (row) => row };
    }
    case 'constant':
      return { read: { rows: rel.rows }, apply: (row) => row };
    case 'filter': {
      const input = directPlan(rel.input, ctx);
      if (input === null) return null;
      const ps = rel.predicates.map((p) => compilePredicate(p, ctx));
      const inner = input.apply;
      if (ps.length === 1) {
        const p = ps[0]!;
        return { read: input.read, apply: (row) => then(inner(row), (r) => (p(r) ? r : null)) };
      }
      return {
        read: input.read,
        apply: (row) => then(inner(row), (r) => (ps.every((p) => p(r)) ? r : null)),
      };
    }
    case 'map': {
      const input = directPlan(rel.input, ctx);
      if (input === null) return null;
      const fs = rel.exprs.map((e) => compileScalar(e, ctx));
      const inner = input.apply;
      return {
        read: input.read,
        apply: (row) =>
          then(inner(row), (r) => {
            // Later expressions may read earlier ones (as in the rendered map).
            const out = [...r];
            for (const f of fs) out.push(f(out));
            return out;
          }),
      };
    }
    case 'project': {
      const input = directPlan(rel.input, ctx);
      if (input === null) return null;
      const outputs = rel.outputs;
      const inner = input.apply;
      return {
        read: input.read,
        apply: (row) => then(inner(row), (r) => outputs.map((i) => r[i] ?? null)),
      };
    }
    default:
      return null;
  }
}

function then(row: Row | null, f: (row: Row) => Row | null): Row | null {
  return row === null ? null : f(row);
}
