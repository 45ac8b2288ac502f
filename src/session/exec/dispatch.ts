// Statement dispatch: describes (for Parse/Describe) and executes each kind of statement.
import type { ClosePortalStmt, DeclareCursorStmt, FetchStmt, SelectStmt } from '@pgsql/types';
import { featureNotSupported } from '../../errors/index.js';
import type { Datum, SqlType } from '../../repr/index.js';
import { tagOf, type Node } from '../../sql/ast.js';
import { Binder, Params } from '../../sql/binder.js';
import { bindQuery } from '../../sql/bind-select.js';
import type { ResultColumn, StatementResult } from '../api.js';
import type { Prepared } from '../prepared.js';
import { bindPreparedSelect } from '../plan-cache.js';
import type { EddySession } from '../session.js';
import { runQuery } from './query.js';
import { rowsResult } from './rows.js';
import { describeDml, executeDml } from './dml.js';
import { executeDdl, executeDdlAsync, isDdl } from './ddl.js';
import { describeUtility, executeUtility, isUtility } from './utility.js';
import { describeExplain, executeExplain } from './explain.js';
import { executeCopy } from './copy.js';
import { commandName, refuseWrites } from './read-only.js';
import { describeShow, executeShow } from './show.js';
import { executeStreaming } from './ddl-streaming.js';
import { describeShowStreaming } from './show-streaming.js';
import type { StreamingStatement } from '../../sql/streaming-ast.js';
import { describeSubscribe, executeCopySubscribe, executeSubscribe } from './subscribe.js';
import type {
  EddyCopySubscribe,
  EddyDeclareSubscribe,
  EddyFetch,
  EddySubscribe,
} from '../../sql/extensions.js';
import {
  close,
  declareSelect,
  declareSubscribe,
  describeFetch,
  fetch,
  fetchWithTimeout,
} from './cursor.js';

export interface Description {
  readonly paramTypes: readonly SqlType[];
  readonly columns: readonly ResultColumn[] | null;
}

export function describeStatement(
  s: EddySession,
  ast: Node,
  _sql: string,
  declared: readonly (SqlType | null)[],
): Description {
  const [tag, body] = tagOf(ast);
  const params = new Params([...declared], null);
  const binder = new Binder(s.catalogReader(), params);
  let columns: readonly ResultColumn[] | null = null;
  switch (tag) {
    case 'SelectStmt':
      columns = bindQuery(binder, body as SelectStmt, null).columns;
      break;
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
      columns = describeDml(s, binder, tag, body);
      break;
    case 'ExplainStmt':
      columns = describeExplain();
      break;
    case 'EddySubscribe':
      columns = describeSubscribe(s, body as unknown as EddySubscribe);
      break;
    case 'FetchStmt':
      columns = describeFetch(s, (body as FetchStmt).portalname ?? '');
      break;
    case 'DeclareCursorStmt': {
      // Bound for its parameter types (psycopg's named cursors pass parameters).
      const query = tagOf((body as DeclareCursorStmt).query!);
      if (query[0] === 'SelectStmt') bindQuery(binder, query[1] as SelectStmt, null);
      break;
    }
    case 'EddyFetch':
      columns = describeFetch(s, (body as unknown as EddyFetch).name);
      break;
    case 'EddyStreaming': {
      const st = body as unknown as StreamingStatement;
      columns = st.kind === 'show' || st.kind === 'show-create' ? describeShowStreaming(st) : null;
      break;
    }
    default:
      columns = isUtility(tag) ? describeUtility(tag, body) : describeShow(tag, body);
  }
  return { paramTypes: params.resolved(), columns };
}

export function executeStatement(
  s: EddySession,
  stmt: Prepared,
  values: readonly Datum[],
  signal: AbortSignal,
): Promise<StatementResult> {
  const [tag, body] = tagOf(stmt.ast);
  if (s.readOnly()) refuseWrites(s, tag, body);
  if (tag === 'SelectStmt') return executeSelect(s, stmt, body as SelectStmt, values, signal);
  return executeOther(s, stmt, tag, body, values, signal);
}

/** A SELECT (kept apart from executeOther: an async function's frame is as large as its body). */
async function executeSelect(
  s: EddySession,
  stmt: Prepared,
  body: SelectStmt,
  values: readonly Datum[],
  signal: AbortSignal,
): Promise<StatementResult> {
  const { query: q, reuse } = bindPreparedSelect(s, stmt, body, values);
  const snapshot = s.engine.snapshot();
  try {
    const rows = await runQuery(q, s.execEnv(snapshot, signal), reuse);
    return rowsResult(q.columns, rows);
  } finally {
    snapshot.release();
  }
}

async function executeOther(
  s: EddySession,
  stmt: Prepared,
  tag: string,
  body: Record<string, unknown>,
  values: readonly Datum[],
  signal: AbortSignal,
): Promise<StatementResult> {
  const params = new Params([...stmt.paramTypes], values);
  const binder = new Binder(s.catalogReader(), params);
  switch (tag) {
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
      return executeDml(s, binder, tag, body, signal);
    case 'ExplainStmt':
      return executeExplain(s, binder, body);
    case 'CopyStmt':
      return executeCopy(s, binder, body, signal);
    case 'EddyShow':
    case 'EddyShowCreate':
      return executeShow(s, tag, body);
    case 'EddySubscribe':
      return executeSubscribe(s, body as unknown as EddySubscribe, signal);
    case 'DeclareCursorStmt':
      return declareSelect(s, binder, body as DeclareCursorStmt, signal);
    case 'EddyDeclareSubscribe':
      return declareSubscribe(s, body as unknown as EddyDeclareSubscribe, signal);
    case 'FetchStmt':
      return fetch(s, body as FetchStmt);
    case 'EddyFetch':
      return fetchWithTimeout(s, body as unknown as EddyFetch);
    case 'ClosePortalStmt':
      return close(s, body as ClosePortalStmt);
    case 'EddyCopySubscribe':
      return executeCopySubscribe(s, (body as unknown as EddyCopySubscribe).subscribe, signal);
    case 'EddyStreaming':
      return executeStreaming(s, body as unknown as StreamingStatement, stmt.sql);
    default: {
      const asyncDdl = await executeDdlAsync(s, tag, body, signal);
      if (asyncDdl !== null) return asyncDdl;
      if (isDdl(tag)) return executeDdl(s, binder, tag, body, stmt.sql);
      if (isUtility(tag)) return executeUtility(s, tag, body);
      throw featureNotSupported(`${commandName(tag)} is not supported`);
    }
  }
}
