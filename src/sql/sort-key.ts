// ORDER BY items: direction and NULLS placement with PostgreSQL's defaults (NULLS LAST for ASC,
// NULLS FIRST for DESC).
import type { SortBy } from '@pgsql/types';
import { featureNotSupported } from '../errors/index.js';
import type { Scalar, SortKey } from './hir.js';

export function sortKey(s: SortBy, expr: Scalar): SortKey {
  if (s.useOp !== undefined) throw featureNotSupported('ORDER BY ... USING is not supported');
  const desc = s.sortby_dir === 'SORTBY_DESC';
  const nullsFirst =
    s.sortby_nulls === 'SORTBY_NULLS_FIRST'
      ? true
      : s.sortby_nulls === 'SORTBY_NULLS_LAST'
        ? false
        : desc;
  return { expr, desc, nullsFirst };
}
