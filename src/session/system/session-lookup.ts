// Which catalog a session reads, for the catalog functions (pg_get_indexdef, pg_get_constraintdef)
// that receive only an OID. Every read of a system relation records its session's catalog under
// the session's backend pid (unique in the process); psql and other tools always call these
// functions in queries over pg_index / pg_constraint, so the record is there when they run.
// (The session API's SessionInfo has no catalog handle; if it gains one, this goes away.)
import type { Catalog } from '../catalog/catalog.js';
import type { SystemContext } from './registry.js';

interface Seen {
  readonly catalog: WeakRef<Catalog>;
  readonly database: string;
}

const BY_PID = new Map<number, Seen>();

export function rememberSessionCatalog(ctx: SystemContext): void {
  const seen = BY_PID.get(ctx.backendPid);
  if (seen !== undefined && seen.catalog.deref() === ctx.catalog && seen.database === ctx.database)
    return;
  BY_PID.set(ctx.backendPid, { catalog: new WeakRef(ctx.catalog), database: ctx.database });
}

/** The catalog and database a session last read system relations from. */
export function sessionCatalog(pid: number): { catalog: Catalog; database: string } | undefined {
  const seen = BY_PID.get(pid);
  const catalog = seen?.catalog.deref();
  if (seen === undefined || catalog === undefined) {
    BY_PID.delete(pid);
    return undefined;
  }
  return { catalog, database: seen.database };
}
