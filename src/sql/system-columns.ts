// System columns of catalog relations: `tableoid`, the OID of the relation a row comes from, which
// tools select to tell catalogs apart (psql's \dd unions rows of pg_class, pg_constraint,
// pg_proc, ... and reads pgc.tableoid). It is found by name but is not part of `*`.
import type { Alias } from '@pgsql/types';
import { T, type SqlType } from '../repr/index.js';
import { lit } from './bind-expr.js';
import { named, type FromResult } from './bind-from.js';
import type { Rel } from './hir.js';
import { Scope } from './scope.js';

/**
 * A relation from the catalog as a FROM item (see named()); catalog relations (ids `sys:...`)
 * get the tableoid system column, appended after their columns.
 */
export function namedRelation(
  get: Rel,
  rel: { readonly id: string; readonly oid: number },
  columns: readonly { name: string; type: SqlType; tableOid?: number; columnNumber?: number }[],
  alias: Alias | null,
  name: string,
  parent: Scope | null,
): FromResult {
  if (!rel.id.startsWith('sys:')) return named(get, columns, alias, name, parent);
  const withOid: Rel = { kind: 'map', input: get, exprs: [lit(rel.oid, T.oid)] };
  const res = named(withOid, columns, alias, name, parent);
  const item = res.scope.items[0]!;
  const tableoid = { name: 'tableoid', index: columns.length, type: T.oid, tableOid: 0, attnum: 0 };
  return { ...res, scope: Scope.of([{ ...item, system: [tableoid] }], parent) };
}
