// The HTTP API (on the HTTP port), shaped like Materialize's:
//
//   POST /api/sql  {"query": "stmt; stmt"} or {"queries": [{"query": "...", "params": [...]}]}
//     → {"results": [{"tag", "rows", "desc": {"columns"}, "notices"} | {"ok", "notices"} |
//                    {"error": {"code", "message", ...}}]}
//     Statements run in order in one implicit transaction; the first error ends the request.
//   GET /api/subscribe?query=<relation | SELECT ... | SUBSCRIBE ...>  (POST: the query as body)
//     → Server-Sent Events, one per change: data {"timestamp", "diff", "row": {col: value}}, and
//       {"timestamp", "progress": true} once every change before `timestamp` was sent; progress
//       events carry it as their `id:`, so a client reconnecting with Last-Event-ID receives
//       exactly the changes after it (from the view's retained history).
//
// Each request opens a session of its own (user eddy, database from ?database=, default eddy).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EddyError, toEddyError } from '../errors/index.js';
import type { Datum, Row } from '../repr/index.js';
import type { Session, SessionFactory, StatementResult } from '../session/api.js';
import { parseText } from '../repr/io/text.js';
import { columnsJson, jsonValue, type JsonValue } from './json.js';

const MAX_BODY = 16 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new EddyError('54000', 'request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function errorJson(e: unknown): { code: string; message: string; detail?: string; hint?: string } {
  const err = toEddyError(e);
  return {
    code: err.code,
    message: err.message,
    ...(err.detail === undefined ? {} : { detail: err.detail }),
    ...(err.hint === undefined ? {} : { hint: err.hint }),
  };
}

function openSession(factory: SessionFactory, url: URL): Session {
  return factory.open({
    user: 'eddy',
    database: url.searchParams.get('database') ?? 'eddy',
    options: {},
  });
}

async function allRows(result: Extract<StatementResult, { kind: 'rows' }>): Promise<Row[]> {
  const out: Row[] = [];
  for (;;) {
    const { rows, done } = await result.rows.fetch(10_000);
    out.push(...rows);
    if (done || rows.length === 0) return out;
  }
}

/** POST /api/sql */
async function sql(req: IncomingMessage, res: ServerResponse, factory: SessionFactory, url: URL) {
  let body: { query?: unknown; queries?: unknown };
  try {
    body = JSON.parse(await readBody(req)) as typeof body;
  } catch {
    return sendJson(res, 400, { error: { code: '22P02', message: 'the body must be JSON' } });
  }
  const queries: { query: string; params: JsonValue[] }[] =
    typeof body.query === 'string'
      ? [{ query: body.query, params: [] }]
      : Array.isArray(body.queries)
        ? (body.queries as { query: string; params?: JsonValue[] }[]).map((q) => ({
            query: String(q.query),
            params: q.params ?? [],
          }))
        : [];
  if (queries.length === 0)
    return sendJson(res, 400, {
      error: { code: '42601', message: 'expected {"query": "..."} or {"queries": [...]}' },
    });
  const session = openSession(factory, url);
  const results: unknown[] = [];
  const controller = new AbortController();
  req.on('close', () => controller.abort());
  try {
    outer: for (const q of queries) {
      let stmts;
      try {
        if (q.params.length > 0) {
          stmts = session.prepare(
            q.query,
            q.params.map(() => null),
          );
          if (stmts.length !== 1)
            throw new EddyError('42601', 'a query with parameters must be one statement');
        } else stmts = session.prepare(q.query, [], { describe: false });
      } catch (e) {
        results.push({ error: errorJson(e) });
        break;
      }
      for (const stmt of stmts) {
        try {
          const io = session.ioSettings();
          const params: Datum[] = q.params.map((p, i) =>
            p === null ? null : parseText(String(p), stmt.paramTypes[i]!, io),
          );
          const result = await session.execute(stmt, params, controller.signal);
          const notices = (result.notices ?? []).map((n) => ({
            message: n.message,
            severity: n.severity.toLowerCase(),
          }));
          if (result.kind === 'rows') {
            if (result.rows.streaming === true) {
              result.rows.close();
              throw new EddyError(
                '0A000',
                'SUBSCRIBE over /api/sql is not supported; use /api/subscribe',
              );
            }
            const rows = await allRows(result);
            results.push({
              tag: result.tag(rows.length),
              rows: rows.map((r) => r.map((d, i) => jsonValue(d, result.columns[i]!.type, io))),
              desc: { columns: columnsJson(result.columns) },
              notices,
            });
          } else if (result.kind === 'command') {
            results.push({ ok: result.tag, notices });
          } else if (result.kind === 'empty') {
            results.push({ ok: '', notices });
          } else {
            if (result.kind === 'copyIn') result.abort('COPY is not supported over HTTP');
            else result.close();
            throw new EddyError('0A000', 'COPY is not supported over /api/sql');
          }
        } catch (e) {
          session.noteError();
          results.push({ error: errorJson(e) });
          break outer;
        }
      }
    }
    await session.sync();
  } catch (e) {
    results.push({ error: errorJson(e) });
  } finally {
    session.close();
  }
  sendJson(res, 200, { results });
}

/**
 * The SUBSCRIBE statement for a request. `resume` (the Last-Event-ID of a reconnecting client: a
 * progress event's timestamp, all changes before it delivered) continues a relation's stream
 * right after it, from the relation's retained history.
 */
function subscribeStatement(query: string, resume: number | null): string {
  const q = query.trim().replace(/;\s*$/, '');
  if (/^SUBSCRIBE\b/i.test(q)) return q;
  if (/^(SELECT|VALUES|WITH|TABLE)\b/i.test(q)) return `SUBSCRIBE (${q}) WITH (PROGRESS)`;
  if (resume !== null)
    return `SUBSCRIBE TO ${q} AS OF ${resume - 1} WITH (SNAPSHOT = false, PROGRESS)`;
  return `SUBSCRIBE TO ${q} WITH (PROGRESS)`;
}

/** GET /api/subscribe?query=... | POST /api/subscribe (body: the query) — Server-Sent Events. */
async function subscribe(
  req: IncomingMessage,
  res: ServerResponse,
  factory: SessionFactory,
  url: URL,
) {
  const query = req.method === 'POST' ? await readBody(req) : (url.searchParams.get('query') ?? '');
  if (query.trim() === '')
    return sendJson(res, 400, { error: { code: '42601', message: 'missing query' } });
  const session = openSession(factory, url);
  const controller = new AbortController();
  let result: StatementResult;
  try {
    const last = req.headers['last-event-id'];
    const resume = typeof last === 'string' && /^\d+$/.test(last.trim()) ? Number(last) : null;
    const [stmt] = session.prepare(subscribeStatement(query, resume), [], { describe: false });
    if (stmt === undefined) throw new EddyError('42601', 'missing query');
    result = await session.execute(stmt, [], controller.signal);
    if (result.kind !== 'rows' || result.rows.streaming !== true)
      throw new EddyError('42601', 'expected a relation or a query to subscribe to');
  } catch (e) {
    session.close();
    return sendJson(res, 400, { error: errorJson(e) });
  }
  const rows = result.rows;
  const columns = result.columns;
  const progressCol = columns.findIndex((c) => c.name === 'mz_progressed');
  const diffCol = columns.findIndex((c) => c.name === 'mz_diff');
  const first = diffCol + 1;
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  let open = true;
  req.on('close', () => {
    open = false;
    rows.close();
  });
  const io = session.ioSettings();
  try {
    while (open) {
      const batch = await rows.fetch(1000);
      let out = '';
      for (const r of batch.rows) {
        const timestamp = String(r[0]);
        if (progressCol >= 0 && r[progressCol] === true) {
          out += `id: ${timestamp}\ndata: ${JSON.stringify({ timestamp, progress: true })}\n\n`;
          continue;
        }
        const row: Record<string, JsonValue> = {};
        for (let i = first; i < columns.length; i++)
          row[columns[i]!.name] = jsonValue(r[i] ?? null, columns[i]!.type, io);
        out += `data: ${JSON.stringify({ timestamp, diff: Number(r[diffCol]), row })}\n\n`;
      }
      if (out !== '') res.write(out);
      if (batch.done) break;
    }
  } catch (e) {
    if (open) res.write(`event: error\ndata: ${JSON.stringify(errorJson(e))}\n\n`);
  } finally {
    rows.close();
    session.close();
    res.end();
  }
}

/** Serves the API routes; false if the request is for another path. */
export function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  factory: SessionFactory,
): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route =
    url.pathname === '/api/sql' && req.method === 'POST'
      ? sql
      : url.pathname === '/api/subscribe' && (req.method === 'GET' || req.method === 'POST')
        ? subscribe
        : null;
  if (route === null) return false;
  route(req, res, factory, url).catch((e: unknown) => {
    if (!res.headersSent) sendJson(res, 500, { error: errorJson(e) });
    else res.end();
  });
  return true;
}
