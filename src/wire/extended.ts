// The extended query protocol: Parse (named or unnamed statements), Bind (portals with decoded
// parameters and result formats), Describe (statement or portal), Execute (with a row limit:
// PortalSuspended, and the next Execute resumes the same RowSource) and Close. Sync and Flush
// are handled by the connection loop.
import {
  duplicateCursor,
  duplicatePreparedStatement,
  invalidCursorName,
  invalidSqlStatementName,
  objectNotInPrerequisiteState,
  protocolViolation,
  syntaxError,
  undefinedObject,
} from '../errors/index.js';
import { typeFromOid, typeOid } from '../repr/pgtypes.js';
import type { SqlType } from '../repr/index.js';
import type { Connection } from './connection.js';
import type { FrontendMessage } from './messages.js';
import { closePortal, type Portal, type StatementEntry } from './portal.js';
import { sendNonRows, sendNotices, streamRows } from './results.js';
import {
  decodeParams,
  fieldDescriptions,
  ioSettings,
  paramFormats,
  resultFormats,
} from './values.js';

type Msg<K extends FrontendMessage['kind']> = Extract<FrontendMessage, { kind: K }>;

export function handleParse(conn: Connection, m: Msg<'parse'>): void {
  if (m.name === '') conn.statements.delete('');
  else if (conn.statements.has(m.name)) {
    throw duplicatePreparedStatement(`prepared statement "${m.name}" already exists`);
  }
  const declared = m.paramOids.map((oid): SqlType | null => {
    if (oid === 0) return null;
    const t = typeFromOid(oid);
    if (t === undefined) throw undefinedObject(`type with OID ${oid} does not exist`);
    return t;
  });
  const stmts = conn.session!.prepare(m.sql, declared);
  if (stmts.length > 1) {
    throw syntaxError('cannot insert multiple commands into a prepared statement');
  }
  conn.statements.set(m.name, { stmt: stmts[0] ?? null });
  conn.out.parseComplete();
}

function lookupStatement(conn: Connection, name: string): StatementEntry {
  const entry = conn.statements.get(name);
  if (entry === undefined) {
    throw invalidSqlStatementName(
      name === ''
        ? 'unnamed prepared statement does not exist'
        : `prepared statement "${name}" does not exist`,
    );
  }
  return entry;
}

function lookupPortal(conn: Connection, name: string): Portal {
  const portal = conn.portals.get(name);
  if (portal === undefined) throw invalidCursorName(`portal "${name}" does not exist`);
  return portal;
}

export function handleBind(conn: Connection, m: Msg<'bind'>): void {
  const { stmt } = lookupStatement(conn, m.statement);
  const pf = paramFormats(m.paramFormats, m.params.length);
  const required = stmt?.paramTypes.length ?? 0;
  if (m.params.length !== required) {
    throw protocolViolation(
      `bind message supplies ${m.params.length} parameters, but prepared statement "${m.statement}" requires ${required}`,
    );
  }
  if (m.portal === '') {
    const old = conn.portals.get('');
    if (old !== undefined) closePortal(old);
    conn.portals.delete('');
  } else if (conn.portals.has(m.portal)) {
    throw duplicateCursor(`cursor "${m.portal}" already exists`);
  }
  const params =
    stmt === null ? [] : decodeParams(m.params, pf, stmt.paramTypes, ioSettings(conn.session!));
  const formats = resultFormats(m.resultFormats, stmt?.columns?.length ?? 0);
  conn.portals.set(m.portal, {
    name: m.portal,
    stmt,
    params,
    formats,
    controller: conn.statementController(),
    state: { kind: 'ready' },
  });
  conn.out.bindComplete();
}

export function handleDescribe(conn: Connection, m: Msg<'describe'>): void {
  if (m.target === 'S') {
    const { stmt } = lookupStatement(conn, m.name);
    conn.out.parameterDescription((stmt?.paramTypes ?? []).map(typeOid));
    const columns = stmt?.columns ?? null;
    if (columns === null) conn.out.noData();
    else conn.out.rowDescription(fieldDescriptions(columns));
    return;
  }
  // A cursor declared in SQL (DECLARE) is a portal too, as in PostgreSQL.
  const cursor = conn.portals.has(m.name) ? null : conn.session!.cursorColumns(m.name);
  if (cursor !== null) {
    conn.out.rowDescription(fieldDescriptions(cursor));
    return;
  }
  const portal = lookupPortal(conn, m.name);
  const columns = portal.stmt?.columns ?? null;
  if (columns === null) conn.out.noData();
  else conn.out.rowDescription(fieldDescriptions(columns, portal.formats));
}

export async function handleExecute(conn: Connection, m: Msg<'execute'>): Promise<void> {
  const portal = lookupPortal(conn, m.portal);
  const stmt = portal.stmt;
  if (stmt === null) {
    conn.out.emptyQueryResponse();
    return;
  }
  let state = portal.state;
  if (state.kind === 'done') {
    throw objectNotInPrerequisiteState(`portal "${portal.name}" cannot be run`);
  }
  if (state.kind === 'ready') {
    portal.state = { kind: 'done' };
    const result = await conn.execute(stmt, portal.params, portal.controller);
    sendNotices(conn, result);
    if (result.kind !== 'rows') return sendNonRows(conn, result, portal.controller);
    state = { kind: 'rows', result, done: false };
    portal.state = state;
  }
  const { result } = state;
  const cursor = { rows: result.rows, done: state.done };
  try {
    const sent = await streamRows(
      conn,
      cursor,
      result.columns,
      portal.formats,
      m.maxRows,
      portal.controller,
    );
    if (m.maxRows > 0 && sent >= m.maxRows) conn.out.portalSuspended();
    else conn.out.commandComplete(result.tag(sent));
  } finally {
    state.done = cursor.done;
  }
}

export function handleClose(conn: Connection, m: Msg<'close'>): void {
  if (m.target === 'S') conn.statements.delete(m.name);
  else {
    const portal = conn.portals.get(m.name);
    if (portal !== undefined) closePortal(portal);
    conn.portals.delete(m.name);
  }
  conn.out.closeComplete();
}
