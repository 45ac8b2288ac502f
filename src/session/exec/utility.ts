// Utility statements: transaction control (with savepoints), SET / SHOW / RESET, DISCARD,
// DEALLOCATE.
import type {
  A_Const,
  DefElem,
  TransactionStmt,
  VariableSetStmt,
  VariableShowStmt,
  DiscardStmt,
  DeallocateStmt,
} from '@pgsql/types';
import {
  EddyError,
  activeSqlTransaction,
  featureNotSupported,
  noActiveSqlTransaction,
  invalidSqlStatementName,
  undefinedObject,
} from '../../errors/index.js';
import { T } from '../../repr/index.js';
import { tagOf, type Node } from '../../sql/ast.js';
import type { ResultColumn, StatementResult } from '../api.js';
import type { EddySession } from '../session.js';
import { settingDef } from '../settings.js';
import { column, rowsResult } from './rows.js';

const UTILITY = new Set([
  'TransactionStmt',
  'VariableSetStmt',
  'VariableShowStmt',
  'DiscardStmt',
  'DeallocateStmt',
]);

export function isUtility(tag: string): boolean {
  return UTILITY.has(tag);
}

/** Canonical setting name for SHOW / SET (timezone → TimeZone). */
function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  if (lower === 'time zone') return 'TimeZone';
  if (lower === 'names') return 'client_encoding';
  if (lower === 'session authorization') return 'session_authorization';
  if (lower === 'transaction isolation level' || lower === 'transaction_isolation')
    return 'transaction_isolation';
  return settingDef(lower)?.name ?? lower;
}

export function describeUtility(
  tag: string,
  body: Record<string, unknown>,
): readonly ResultColumn[] | null {
  if (tag !== 'VariableShowStmt') return null;
  const name = String((body as VariableShowStmt).name ?? '');
  if (name.toLowerCase() === 'all')
    return [column('name', T.text), column('setting', T.text), column('description', T.text)];
  return [column(canonicalName(name), T.text)];
}

export function executeUtility(
  s: EddySession,
  tag: string,
  body: Record<string, unknown>,
): StatementResult | Promise<StatementResult> {
  switch (tag) {
    case 'TransactionStmt':
      return transaction(s, body as TransactionStmt);
    case 'VariableSetStmt':
      return setVariable(s, body as VariableSetStmt);
    case 'VariableShowStmt': {
      const name = String((body as VariableShowStmt).name ?? '');
      if (name.toLowerCase() === 'all') {
        return rowsResult(
          describeUtility(tag, body)!,
          s.allSettings().map((x) => [x.name, x.setting, x.description]),
          () => 'SHOW',
        );
      }
      const canon = canonicalName(name);
      const v = s.setting(canon);
      if (v === undefined) throw undefinedObject(`unrecognized configuration parameter "${name}"`);
      return rowsResult(describeUtility(tag, body)!, [[v]], () => 'SHOW');
    }
    case 'DiscardStmt': {
      const target = (body as DiscardStmt).target ?? 'DISCARD_ALL';
      if (target === 'DISCARD_ALL') {
        if (s.inExplicitTransaction)
          throw activeSqlTransaction('DISCARD ALL cannot run inside a transaction block');
        const changed = s.settings.resetAll();
        return { kind: 'command', tag: 'DISCARD ALL', parameterStatus: changed };
      }
      return {
        kind: 'command',
        tag:
          target === 'DISCARD_PLANS'
            ? 'DISCARD PLANS'
            : target === 'DISCARD_TEMP'
              ? 'DISCARD TEMP'
              : 'DISCARD SEQUENCES',
      };
    }
    case 'DeallocateStmt':
      return deallocate(s, body as DeallocateStmt);
    default:
      throw featureNotSupported(`${tag} is not supported`);
  }
}

async function transaction(s: EddySession, t: TransactionStmt): Promise<StatementResult> {
  switch (t.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START': {
      const w = s.begin();
      if (w === null) transactionModes(s, t.options);
      return {
        kind: 'command',
        tag: t.kind === 'TRANS_STMT_BEGIN' ? 'BEGIN' : 'START TRANSACTION',
        ...(w ? { notices: [w] } : {}),
      };
    }
    case 'TRANS_STMT_COMMIT': {
      const { tag, warning } = await s.commit();
      return { kind: 'command', tag, ...(warning ? { notices: [warning] } : {}) };
    }
    case 'TRANS_STMT_ROLLBACK': {
      const w = s.rollback();
      return { kind: 'command', tag: 'ROLLBACK', ...(w ? { notices: [w] } : {}) };
    }
    case 'TRANS_STMT_SAVEPOINT':
      inBlock(s, 'SAVEPOINT');
      s.savepoints.push(t.savepoint_name ?? '', s.writes.mark());
      return { kind: 'command', tag: 'SAVEPOINT' };
    case 'TRANS_STMT_RELEASE':
      inBlock(s, 'RELEASE SAVEPOINT');
      s.savepoints.release(t.savepoint_name ?? '');
      return { kind: 'command', tag: 'RELEASE' };
    case 'TRANS_STMT_ROLLBACK_TO':
      inBlock(s, 'ROLLBACK TO SAVEPOINT');
      s.rollbackTo(t.savepoint_name ?? '');
      return { kind: 'command', tag: 'ROLLBACK' };
    default:
      throw featureNotSupported('two-phase commit is not supported');
  }
}

/** DEALLOCATE name / ALL: drops the connection's named prepared statements. */
function deallocate(s: EddySession, d: DeallocateStmt): StatementResult {
  const names = s.preparedNames;
  if (d.isall === true) {
    for (const name of [...names.keys()]) if (name !== '') names.delete(name);
    return { kind: 'command', tag: 'DEALLOCATE ALL' };
  }
  const name = d.name ?? '';
  if (!names.delete(name))
    throw invalidSqlStatementName(`prepared statement "${name}" does not exist`);
  return { kind: 'command', tag: 'DEALLOCATE' };
}

/** Savepoint commands exist only inside a transaction block (25P01 outside one). */
function inBlock(s: EddySession, command: string): void {
  if (!s.inExplicitTransaction)
    throw noActiveSqlTransaction(`${command} can only be used in transaction blocks`);
}

function argText(n: Node): string {
  const [tag, body] = tagOf(n);
  if (tag === 'A_Const') {
    const c = body as A_Const;
    if (c.sval !== undefined) return c.sval.sval ?? '';
    if (c.ival !== undefined) return String(c.ival.ival ?? 0);
    if (c.fval !== undefined) return c.fval.fval ?? '0';
    if (c.boolval !== undefined) return c.boolval.boolval === true ? 'on' : 'off';
  }
  if (tag === 'TypeCast') return argText(body.arg as Node);
  throw featureNotSupported('this SET value is not supported');
}

function setVariable(s: EddySession, v: VariableSetStmt): StatementResult {
  const kind = v.kind ?? 'VAR_SET_VALUE';
  const name = v.name ?? '';
  switch (kind) {
    case 'VAR_SET_VALUE': {
      const canon = canonicalName(name);
      const args = (v.args ?? []).map(argText);
      const value = canon === 'search_path' ? args.map(quoteIfNeeded).join(', ') : args.join(', ');
      if (canon === 'transaction_read_only') {
        const w = s.setTransactionReadOnly(s.settings.parse(canon, value) === 'on');
        return { kind: 'command', tag: 'SET', ...(w ? { notices: [w] } : {}) };
      }
      const ps = s.settings.set(canon, value);
      return { kind: 'command', tag: 'SET', ...(ps ? { parameterStatus: [ps] } : {}) };
    }
    case 'VAR_SET_DEFAULT':
    case 'VAR_RESET': {
      const ps = s.settings.reset(canonicalName(name));
      return {
        kind: 'command',
        tag: kind === 'VAR_RESET' ? 'RESET' : 'SET',
        ...(ps ? { parameterStatus: [ps] } : {}),
      };
    }
    case 'VAR_RESET_ALL':
      return { kind: 'command', tag: 'RESET', parameterStatus: s.settings.resetAll() };
    case 'VAR_SET_MULTI': {
      // SET TRANSACTION / SET SESSION CHARACTERISTICS AS TRANSACTION: the isolation level is
      // accepted and ignored (every read is of sealed ticks); READ ONLY / READ WRITE apply.
      if (name === 'TRANSACTION') {
        const w = transactionModes(s, v.args);
        return { kind: 'command', tag: 'SET', ...(w ? { notices: [w] } : {}) };
      }
      const mode = readOnlyMode(v.args);
      const ps =
        mode === undefined
          ? null
          : s.settings.set('default_transaction_read_only', mode ? 'on' : 'off');
      return { kind: 'command', tag: 'SET', ...(ps ? { parameterStatus: [ps] } : {}) };
    }
    case 'VAR_SET_CURRENT':
      throw featureNotSupported('SET ... FROM CURRENT is not supported');
    default:
      throw new EddyError('0A000', `SET ${kind} is not supported`);
  }
}

/** READ ONLY / READ WRITE among a transaction's modes (BEGIN, SET TRANSACTION), if given. */
function readOnlyMode(modes: readonly Node[] | undefined): boolean | undefined {
  let mode: boolean | undefined;
  for (const m of modes ?? []) {
    const d = tagOf(m)[1] as DefElem;
    if (d.defname === 'transaction_read_only' && d.arg !== undefined) mode = argText(d.arg) !== '0';
  }
  return mode;
}

function transactionModes(s: EddySession, modes: readonly Node[] | undefined): EddyError | null {
  const mode = readOnlyMode(modes);
  return mode === undefined ? null : s.setTransactionReadOnly(mode);
}

function quoteIfNeeded(p: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(p) ? p : `"${p.replaceAll('"', '""')}"`;
}
