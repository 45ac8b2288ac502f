// Direct evaluation of the simplest plans: one relation read (whole, or the rows of some keys
// through a point lookup) or a VALUES list, only filtered, mapped and projected row by row. Such
// a plan needs no dataflow: every row passes through its steps in turn, in the order it is read.
// This is how a point lookup on an indexed view (`SELECT ... FROM mv WHERE k = $1`) is answered
// without building operators per query. The result is the multiset the rendered dataflow would
// produce (the same compiled expressions), errors included: a row whose expression raises an
// EddyError contributes that error instead of a row.
import type { Row } from '../repr/index.js';
import type { EvalContext } from '../expr/signature.js';
import type { Rel } from '../sql/hir.js';
import { compilePredicate, compileScalar } from './compile.js';
import type { InputRead } from './render.js';

/** A relation read; `lookupParams` as Rel.lookupParams. */
export interface DirectRead extends InputRead {
  readonly lookupParams?: readonly (readonly (number | undefined)[])[];
}

export interface DirectPlan {
  /** The relation read, or the rows of a constant relation (VALUES). */
  readonly read: DirectRead | { readonly rows: readonly Row[] };
  /** The output row of one input row, or null when a predicate drops it; may throw EddyError. */
  readonly apply: (row: Row) => Row | null;
}

type Step = (row: Row) => Row | null;

/** `rel` as a direct plan, or null when it needs a dataflow (joins, aggregates, ...). */
export function directPlan(rel: Rel, ctx: EvalContext): DirectPlan | null {
  // Steps from the top of the plan down to its read; applied bottom-up.
  const steps: Step[] = [];
  let r = rel;
  for (;;) {
    switch (r.kind) {
      case 'get': {
        const read: DirectRead =
          r.lookup === undefined
            ? { id: r.id }
            : {
                id: r.id,
                lookup: r.lookup,
                ...(r.lookupIndex ? { index: r.lookupIndex.id } : {}),
                ...(r.lookupParams ? { lookupParams: r.lookupParams } : {}),
              };
        return { read, apply: compose(steps.reverse()) };
      }
      case 'constant':
        return { read: { rows: r.rows }, apply: compose(steps.reverse()) };
      case 'filter': {
        const ps = r.predicates.map((p) => compilePredicate(p, ctx));
        steps.push((row) => {
          for (const p of ps) if (!p(row)) return null;
          return row;
        });
        break;
      }
      case 'map': {
        const fs = r.exprs.map((e) => compileScalar(e, ctx));
        steps.push((row) => {
          // Later expressions may read earlier ones (as in the rendered map).
          const out = [...row];
          for (const f of fs) out.push(f(out));
          return out;
        });
        break;
      }
      case 'project': {
        const outputs = r.outputs;
        steps.push((row) => outputs.map((i) => row[i] ?? null));
        break;
      }
      default:
        return null;
    }
    r = r.input;
  }
}

function compose(steps: readonly Step[]): Step {
  return (row) => {
    let r: Row | null = row;
    for (let i = 0; i < steps.length && r !== null; i++) r = steps[i]!(r);
    return r;
  };
}
