// Read-only transactions (BEGIN READ ONLY, default_transaction_read_only, and every transaction of
// a read-only port, src/session/replica): which statements they refuse, and the names PostgreSQL
// gives those statements in its 25006 "cannot execute X in a read-only transaction".
import type {
  CopyStmt,
  CreateTableAsStmt,
  DeclareCursorStmt,
  DropStmt,
  SelectStmt,
} from '@pgsql/types';
import { featureNotSupported, readOnlySqlTransaction } from '../../errors/index.js';
import { tagOf, type Node } from '../../sql/ast.js';
import type { StreamingStatement } from '../../sql/streaming-ast.js';
import type { EddySession } from '../session.js';

/** Statements that never write (a SELECT and a COPY are looked into). */
const READING = new Set([
  'VariableSetStmt',
  'VariableShowStmt',
  'TransactionStmt',
  'ExplainStmt',
  'FetchStmt',
  'ClosePortalStmt',
  'DiscardStmt',
  'DeallocateStmt',
  'EddyFetch',
  'EddyShow',
  'EddyShowCreate',
]);

/** What reads the change feed of the writer, which a read-only port does not have. */
const FOLLOWING = new Set(['EddySubscribe', 'EddyDeclareSubscribe', 'EddyCopySubscribe']);

/** Refuses a statement that writes, in a read-only transaction (25006, as PostgreSQL). */
export function refuseWrites(s: EddySession, tag: string, body: Record<string, unknown>): void {
  if (s.engine.readOnly && FOLLOWING.has(tag))
    throw featureNotSupported('SUBSCRIBE is not served on a read-only port', {
      hint: 'Connect to the primary port to follow changes.',
    });
  const name = writingCommand(tag, body);
  if (name !== null) throw readOnly(name);
}

export function readOnly(command: string): Error {
  return readOnlySqlTransaction(`cannot execute ${command} in a read-only transaction`);
}

/** The command a statement writes with, or null if it only reads. */
function writingCommand(tag: string, body: Record<string, unknown>): string | null {
  if (READING.has(tag) || FOLLOWING.has(tag)) return null;
  switch (tag) {
    case 'SelectStmt':
      return selectWrites(body as SelectStmt);
    case 'DeclareCursorStmt': {
      const [t, b] = tagOf((body as DeclareCursorStmt).query!);
      return writingCommand(t, b);
    }
    case 'CopyStmt': {
      const c = body as CopyStmt;
      if (c.is_from === true) return 'COPY FROM';
      if (c.query === undefined) return null;
      const [t, b] = tagOf(c.query);
      return writingCommand(t, b);
    }
    case 'EddyStreaming': {
      const st = body as unknown as StreamingStatement;
      return st.kind === 'show' || st.kind === 'show-create' ? null : streamingName(st);
    }
    default:
      return commandName(tag, body);
  }
}

/** SELECT INTO, SELECT ... FOR UPDATE, and data-modifying WITH are writes. */
function selectWrites(sel: SelectStmt): string | null {
  if (sel.intoClause !== undefined) return 'SELECT INTO';
  const locking = sel.lockingClause?.[0];
  if (locking !== undefined) {
    const strength = (tagOf(locking as Node)[1] as { strength?: string }).strength ?? '';
    return `SELECT ${strength.replace('LCS_FOR', 'FOR ').replace('KEYSHARE', 'KEY SHARE').replace('NOKEYUPDATE', 'NO KEY UPDATE')}`;
  }
  for (const cte of sel.withClause?.ctes ?? []) {
    const query = (tagOf(cte as Node)[1] as { ctequery?: Node }).ctequery;
    if (query === undefined) continue;
    const [t, b] = tagOf(query);
    // PostgreSQL names the whole statement.
    if (writingCommand(t, b) !== null) return 'SELECT';
  }
  for (const arm of [sel.larg, sel.rarg]) {
    if (arm === undefined) continue;
    const name = selectWrites(arm);
    if (name !== null) return name;
  }
  return null;
}

function streamingName(st: StreamingStatement): string {
  const what = st.kind === 'drop' ? st.what : st.kind.replace(/^(create|alter)-/, '');
  const verb = st.kind === 'drop' ? 'DROP' : st.kind.startsWith('alter') ? 'ALTER' : 'CREATE';
  return `${verb} ${what.toUpperCase()}`;
}

const DROPPED: Record<string, string> = {
  OBJECT_TABLE: 'TABLE',
  OBJECT_MATVIEW: 'MATERIALIZED VIEW',
  OBJECT_VIEW: 'VIEW',
  OBJECT_INDEX: 'INDEX',
  OBJECT_SEQUENCE: 'SEQUENCE',
  OBJECT_SCHEMA: 'SCHEMA',
};

/** A statement's command name as PostgreSQL's messages spell it (CreateCommandName). */
export function commandName(tag: string, body: Record<string, unknown> = {}): string {
  switch (tag) {
    case 'DropStmt': {
      const type = (body as DropStmt).removeType ?? '';
      return `DROP ${DROPPED[type] ?? type.replace('OBJECT_', '')}`;
    }
    case 'CreateTableAsStmt':
      return (body as CreateTableAsStmt).objtype === 'OBJECT_MATVIEW'
        ? 'CREATE MATERIALIZED VIEW'
        : (body as CreateTableAsStmt).is_select_into === true
          ? 'SELECT INTO'
          : 'CREATE TABLE AS';
  }
  const names: Record<string, string> = {
    CreateStmt: 'CREATE TABLE',
    ViewStmt: 'CREATE VIEW',
    CreateFunctionStmt: 'CREATE FUNCTION',
    CreateSeqStmt: 'CREATE SEQUENCE',
    AlterSeqStmt: 'ALTER SEQUENCE',
    CreateTrigStmt: 'CREATE TRIGGER',
    AlterTableStmt: 'ALTER TABLE',
    GrantStmt: 'GRANT',
    CreateRoleStmt: 'CREATE ROLE',
    CreatedbStmt: 'CREATE DATABASE',
    DropdbStmt: 'DROP DATABASE',
    TruncateStmt: 'TRUNCATE TABLE',
    DoStmt: 'DO',
    MergeStmt: 'MERGE',
    IndexStmt: 'CREATE INDEX',
    EddyCreateDefaultIndex: 'CREATE INDEX',
    VacuumStmt: 'VACUUM',
    ListenStmt: 'LISTEN',
    NotifyStmt: 'NOTIFY',
    LockStmt: 'LOCK TABLE',
    DeclareCursorStmt: 'DECLARE CURSOR',
    FetchStmt: 'FETCH',
    ClosePortalStmt: 'CLOSE',
    PrepareStmt: 'PREPARE',
    ExecuteStmt: 'EXECUTE',
    DeallocateStmt: 'DEALLOCATE',
  };
  return (
    names[tag] ??
    tag
      .replace(/Stmt$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toUpperCase()
  );
}
