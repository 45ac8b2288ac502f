// The simple query protocol: one Query message may carry several statements. Each runs in
// turn and sends its result (RowDescription + DataRows in text format, or a command tag, or
// COPY); the first error is reported and the rest of the string is skipped. Then the implicit
// transaction ends (session.sync) and ReadyForQuery reports the transaction status.
import type { PreparedStatement } from '../session/api.js';
import type { Connection } from './connection.js';
import { closePortal } from './portal.js';
import { sendNonRows, sendNotices, streamRows } from './results.js';
import { fieldDescriptions } from './values.js';

export async function handleQuery(conn: Connection, sql: string): Promise<void> {
  // A simple query replaces the unnamed statement and portal, as in PostgreSQL.
  conn.statements.delete('');
  const unnamed = conn.portals.get('');
  if (unnamed !== undefined) {
    closePortal(unnamed);
    conn.portals.delete('');
  }
  try {
    const stmts = conn.session!.prepare(sql, [], { describe: false });
    if (stmts.length === 0) conn.out.emptyQueryResponse();
    for (const stmt of stmts) await runStatement(conn, stmt);
  } catch (e) {
    conn.reportError(e, false);
  }
  await conn.syncAndReady();
}

async function runStatement(conn: Connection, stmt: PreparedStatement): Promise<void> {
  const controller = conn.statementController();
  const result = await conn.execute(stmt, [], controller);
  sendNotices(conn, result);
  if (result.kind !== 'rows') return sendNonRows(conn, result, controller);
  conn.out.rowDescription(fieldDescriptions(result.columns));
  const cursor = { rows: result.rows, done: false };
  const sent = await streamRows(conn, cursor, result.columns, [], 0, controller);
  conn.out.commandComplete(result.tag(sent));
}
