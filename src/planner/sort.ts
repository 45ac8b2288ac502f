// Row comparators for ORDER BY: PostgreSQL's ordering per key, with DESC and NULLS FIRST/LAST.
import { compareDatum, compareRows, type Row } from '../repr/index.js';
import type { EvalContext } from '../expr/signature.js';
import type { SortKey } from '../sql/hir.js';
import { compileScalar } from './compile.js';

export type RowComparator = (a: Row, b: Row) => number;

export function compileOrder(keys: readonly SortKey[], ctx: EvalContext): RowComparator {
  const parts = keys.map((k) => ({
    f: compileScalar(k.expr, ctx),
    desc: k.desc,
    nullsFirst: k.nullsFirst,
  }));
  return (a, b) => {
    for (const { f, desc, nullsFirst } of parts) {
      const x = f(a);
      const y = f(b);
      if (x === null || y === null) {
        if (x === null && y === null) continue;
        return (x === null) === nullsFirst ? -1 : 1;
      }
      const c = compareDatum(x, y);
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  };
}

/** ORDER BY keys, then the whole row, so results are deterministic among ties. */
export function compileTotalOrder(keys: readonly SortKey[], ctx: EvalContext): RowComparator {
  const byKeys = compileOrder(keys, ctx);
  return (a, b) => byKeys(a, b) || compareRows(a, b);
}
