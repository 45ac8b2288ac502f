// SQL-level cursors of a transaction block: DECLARE name CURSOR FOR SELECT ... | SUBSCRIBE ...,
// FETCH [n | ALL] [FROM] name [WITH (timeout = '...')], CLOSE name | ALL. A SELECT cursor holds
// its result; a SUBSCRIBE cursor is live: FETCH waits until at least one row is there (at most
// the timeout, if given), then returns up to n of the rows waiting, as in Materialize. COMMIT,
// ROLLBACK and the end of the session close every cursor.
import type { ClosePortalStmt, DeclareCursorStmt, FetchStmt, SelectStmt } from '@pgsql/types';
import { EddyError, featureNotSupported, noActiveSqlTransaction } from '../../errors/index.js';
import type { Row } from '../../repr/index.js';
import { tagOf } from '../../sql/ast.js';
import type { Binder } from '../../sql/binder.js';
import { bindQuery } from '../../sql/bind-select.js';
import type { EddyDeclareSubscribe, EddyFetch } from '../../sql/extensions.js';
import type { ResultColumn, RowSource, StatementResult } from '../api.js';
import type { EddySession } from '../session.js';
import { runQuery } from './query.js';
import { arraySource, rowsResult } from './rows.js';
import { executeSubscribe } from './subscribe.js';

export interface SqlCursor {
  readonly columns: readonly ResultColumn[];
  readonly rows: RowSource;
}

/** PostgreSQL's FETCH ALL count (FETCH_ALL = LONG_MAX). */
const FETCH_ALL = 9223372036854775807n;

function declare(s: EddySession, name: string, cursor: SqlCursor): StatementResult {
  if (s.cursors.has(name)) {
    cursor.rows.close();
    throw new EddyError('42P03', `cursor "${name}" already exists`);
  }
  s.cursors.set(name, cursor);
  return { kind: 'command', tag: 'DECLARE CURSOR' };
}

function requireBlock(s: EddySession): void {
  if (!s.inExplicitTransaction)
    throw noActiveSqlTransaction('DECLARE CURSOR can only be used in transaction blocks');
}

/** DECLARE name CURSOR FOR SELECT ... (PostgreSQL's grammar). */
export async function declareSelect(
  s: EddySession,
  binder: Binder,
  d: DeclareCursorStmt,
  signal: AbortSignal,
): Promise<StatementResult> {
  requireBlock(s);
  // CURSOR_OPT_HOLD = 0x0020, CURSOR_OPT_SCROLL = 0x0002.
  if (((d.options ?? 0) & 0x20) !== 0)
    throw featureNotSupported('DECLARE ... WITH HOLD is not supported');
  const [tag, body] = tagOf(d.query!);
  if (tag !== 'SelectStmt') throw featureNotSupported('cursors over this statement');
  const q = bindQuery(binder, body as SelectStmt, null);
  const snapshot = s.engine.snapshot();
  let rows: Row[];
  try {
    rows = await runQuery(q, s.execEnv(snapshot, signal));
  } finally {
    snapshot.release();
  }
  return declare(s, d.portalname ?? '', { columns: q.columns, rows: arraySource(rows) });
}

/** DECLARE name CURSOR FOR SUBSCRIBE ... */
export async function declareSubscribe(
  s: EddySession,
  d: EddyDeclareSubscribe,
  signal: AbortSignal,
): Promise<StatementResult> {
  requireBlock(s);
  const r = await executeSubscribe(s, d.subscribe, signal);
  if (r.kind !== 'rows') throw new EddyError('XX000', 'internal error: SUBSCRIBE without rows');
  return declare(s, d.name, { columns: r.columns, rows: r.rows });
}

function cursorNamed(s: EddySession, name: string): SqlCursor {
  const c = s.cursors.get(name);
  if (c === undefined) throw new EddyError('34000', `cursor "${name}" does not exist`);
  return c;
}

/** The result columns of FETCH from `name`, if that cursor exists. */
export function describeFetch(s: EddySession, name: string): readonly ResultColumn[] | null {
  return s.cursors.get(name)?.columns ?? null;
}

async function fetchRows(
  s: EddySession,
  name: string,
  count: number | null,
  timeoutMs: number | null,
): Promise<StatementResult> {
  const c = cursorNamed(s, name);
  const max = count ?? 0;
  const { rows } =
    c.rows.fetchWithin !== undefined
      ? await c.rows.fetchWithin(max, timeoutMs)
      : await c.rows.fetch(max === 0 ? 0 : max);
  return rowsResult(c.columns, rows, (n) => `FETCH ${n}`);
}

/** FETCH [FORWARD] [n | ALL] [FROM | IN] name (PostgreSQL's grammar). */
export function fetch(s: EddySession, f: FetchStmt): Promise<StatementResult> {
  if (f.ismove === true) throw featureNotSupported('MOVE is not supported');
  if (f.direction !== undefined && f.direction !== 'FETCH_FORWARD')
    throw featureNotSupported('only FETCH FORWARD is supported (cursors are not scrollable)');
  const how = BigInt(f.howMany ?? 1);
  if (how === 0n) throw featureNotSupported('FETCH 0 is not supported');
  return fetchRows(s, f.portalname ?? '', how >= FETCH_ALL ? null : Number(how), null);
}

/** FETCH ... WITH (timeout = '...') (Materialize). */
export function fetchWithTimeout(s: EddySession, f: EddyFetch): Promise<StatementResult> {
  return fetchRows(s, f.name, f.count, f.timeoutMs);
}

/** CLOSE name | ALL. */
export function close(s: EddySession, c: ClosePortalStmt): StatementResult {
  if (c.portalname === undefined) s.closeCursors();
  else {
    cursorNamed(s, c.portalname).rows.close();
    s.cursors.delete(c.portalname);
  }
  return { kind: 'command', tag: 'CLOSE CURSOR' };
}
