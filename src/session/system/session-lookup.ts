// The catalog a session reads, for the catalog functions (pg_get_indexdef, pg_get_constraintdef)
// that receive only an OID: the session layer's SessionInfo carries it.
import type { EvalContext, SessionInfo } from '../../expr/signature.js';
import type { Catalog } from '../catalog/catalog.js';

/** SessionInfo as the session layer builds it: with its catalog. */
export interface CatalogSessionInfo extends SessionInfo {
  readonly catalog: Catalog;
}

/** The session's catalog and database; undefined outside a session. */
export function sessionCatalog(
  ctx: EvalContext,
): { catalog: Catalog; database: string } | undefined {
  const s = ctx.session as Partial<CatalogSessionInfo> | undefined;
  if (s?.catalog === undefined || s.database === undefined) return undefined;
  return { catalog: s.catalog, database: s.database };
}
