// LIMIT / OFFSET values: constant expressions evaluated once, with PostgreSQL's errors.
import {
  invalidRowCountInLimitClause,
  invalidRowCountInResultOffsetClause,
} from '../errors/index.js';
import type { EvalContext } from '../expr/signature.js';
import type { Scalar } from '../sql/hir.js';
import { compileScalar } from './compile.js';

/** null = no limit (absent or LIMIT NULL / ALL). */
export function evalLimit(
  s: Scalar | null,
  ctx: EvalContext,
  what: 'LIMIT' | 'OFFSET',
  withTies = false,
): number | null {
  if (s === null) return null;
  const v = compileScalar(s, ctx)([]);
  if (v === null) {
    if (withTies)
      throw invalidRowCountInLimitClause(
        'row count cannot be null in FETCH FIRST ... WITH TIES clause',
      );
    return null;
  }
  const n = typeof v === 'bigint' ? v : BigInt(v as number);
  if (n < 0n) {
    throw what === 'LIMIT'
      ? invalidRowCountInLimitClause('LIMIT must not be negative')
      : invalidRowCountInResultOffsetClause('OFFSET must not be negative');
  }
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}
