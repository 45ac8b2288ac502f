// Finds the equi-join keys in a join condition: conjuncts `l = r` (or the planner's null-safe
// IS NOT DISTINCT FROM) where one side reads only the left input and the other only the right,
// with the same type on both sides so that value identity (rowKey) is SQL equality. The rest
// stays a residual predicate over the combined row.
import { T } from '../repr/index.js';
import type { Scalar } from '../sql/hir.js';
import { columnSides, shiftColumns } from '../sql/scalar-util.js';
import { NOT_DISTINCT } from './lower.js';

export interface JoinKeys {
  readonly left: Scalar[];
  /** Over the right row (indices shifted by the left arity). */
  readonly right: Scalar[];
  /** Per key: NULLs match NULLs. */
  readonly nullSafe: boolean[];
  readonly residual: Scalar | null;
}

function conjuncts(s: Scalar): Scalar[] {
  if (s.kind === 'and') return s.args.flatMap(conjuncts);
  if (s.kind === 'literal' && s.value === true) return [];
  return [s];
}

/** Types whose values are equal exactly when their identities are (bpchar ignores trailing blanks). */
function keyable(a: Scalar, b: Scalar): boolean {
  const ta = a.type;
  const tb = b.type;
  if (ta.kind === 'record' || tb.kind === 'record') return false;
  if (ta.kind === 'array' || tb.kind === 'array')
    return ta.kind === tb.kind && JSON.stringify(ta) === JSON.stringify(tb);
  if (ta.name !== tb.name) return false;
  return ta.name !== 'bpchar' && ta.name !== 'unknown';
}

export function extractJoinKeys(on: Scalar, leftArity: number): JoinKeys {
  const left: Scalar[] = [];
  const right: Scalar[] = [];
  const nullSafe: boolean[] = [];
  const rest: Scalar[] = [];
  for (const c of conjuncts(on)) {
    const isEq =
      c.kind === 'call' && c.args.length === 2 && (c.func === NOT_DISTINCT || c.func.name === '=');
    if (isEq && c.kind === 'call') {
      const [a, b] = [c.args[0]!, c.args[1]!];
      const sa = columnSides(a, leftArity);
      const sb = columnSides(b, leftArity);
      const safe = c.func === NOT_DISTINCT;
      if ((safe || keyable(a, b)) && !sa.volatile && !sb.volatile) {
        if (sa.left && !sa.right && sb.right && !sb.left) {
          left.push(a);
          right.push(shiftColumns(b, leftArity));
          nullSafe.push(safe);
          continue;
        }
        if (sb.left && !sb.right && sa.right && !sa.left) {
          left.push(b);
          right.push(shiftColumns(a, leftArity));
          nullSafe.push(safe);
          continue;
        }
        if (safe && !sa.left && !sa.right && !sb.left && !sb.right) continue;
      }
      if (safe) {
        // A null-safe comparison that does not split: evaluate it as a residual.
        rest.push(notDistinctResidual(a, b));
        continue;
      }
    }
    rest.push(c);
  }
  const residual =
    rest.length === 0
      ? null
      : rest.length === 1
        ? rest[0]!
        : { kind: 'and' as const, args: rest, type: T.bool };
  return { left, right, nullSafe, residual };
}

import { compareDatum } from '../repr/index.js';
import type { ScalarFunc } from '../expr/signature.js';
const NOT_DISTINCT_EVAL: ScalarFunc = {
  name: 'is_not_distinct_from_eval',
  args: ['any', 'any'],
  ret: T.bool,
  strict: false,
  volatility: 'immutable',
  impl: (args) => {
    const a = args[0] ?? null;
    const b = args[1] ?? null;
    if (a === null || b === null) return a === b;
    return compareDatum(a, b) === 0;
  },
};
function notDistinctResidual(a: Scalar, b: Scalar): Scalar {
  return { kind: 'call', func: NOT_DISTINCT_EVAL, args: [a, b], type: T.bool };
}
