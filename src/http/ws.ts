// The WebSocket API on the HTTP port at /api/ws, shaped like Materialize's
// (/api/experimental/sql): one session per socket, a JSON request per text message, answered
// with a sequence of typed messages.
//
//   → {"query": "stmt; stmt"}                      (simple: several statements, no parameters)
//   → {"queries": [{"query": "...", "params": [...]}]}  (extended: one statement per query)
//   ← {"type": "CommandStarting", "payload": {"has_rows", "is_streaming"}}
//   ← {"type": "Rows", "payload": {"columns": [{"name", "type_oid"}]}}
//   ← {"type": "Row", "payload": [value, ...]}           (values as in src/http/json.ts)
//   ← {"type": "CommandComplete", "payload": "SELECT 1"}
//   ← {"type": "Notice", "payload": {"message", "code", "severity"}}
//   ← {"type": "ParameterStatus", "payload": {"name", "value"}}
//   ← {"type": "Error", "payload": {"message", "code", "detail"?, "hint"?}}
//   ← {"type": "ReadyForQuery", "payload": "I" | "T" | "E"}   (after every request)
//
// The first error ends the request. A first message without a query (Materialize's
// authentication message, {"user", "password", "options"}) is answered with ParameterStatus
// messages and ReadyForQuery; its fields are not checked (Eddy has no authentication).
//
// SUBSCRIBE streams its rows (mz_timestamp, [mz_progressed], mz_diff, columns) as Row messages
// until UP TO is reached, the client sends another message, or the socket closes. Another
// message ends the subscription: it completes normally (CommandComplete "SUBSCRIBE n",
// ReadyForQuery) and then the new request runs. Closing the socket ends whatever runs and
// closes the session, which frees the subscription.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { EddyError, toEddyError } from '../errors/index.js';
import type { Datum } from '../repr/index.js';
import type {
  PreparedStatement,
  RowSource,
  Session,
  SessionFactory,
  StatementResult,
} from '../session/api.js';
import { parseText } from '../repr/io/text.js';
import { columnsJson, jsonValue, type JsonValue } from './json.js';

const BATCH = 1000;

type Query = { readonly query: string; readonly params: readonly JsonValue[] };
type Request =
  | { readonly kind: 'simple'; readonly query: string }
  | { readonly kind: 'extended'; readonly queries: readonly Query[] }
  | { readonly kind: 'startup' };

function errorPayload(e: unknown): Record<string, string> {
  const err = toEddyError(e);
  return {
    message: err.message,
    code: err.code,
    ...(err.detail === undefined ? {} : { detail: err.detail }),
    ...(err.hint === undefined ? {} : { hint: err.hint }),
  };
}

function parseRequest(data: string, first: boolean): Request {
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    throw new EddyError('08P01', 'a WebSocket message must be JSON');
  }
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b.query === 'string') return { kind: 'simple', query: b.query };
  if (Array.isArray(b.queries))
    return {
      kind: 'extended',
      queries: (b.queries as { query?: unknown; params?: unknown }[]).map((q) => ({
        query: String(q.query),
        params: Array.isArray(q.params) ? (q.params as JsonValue[]) : [],
      })),
    };
  if (first && ('user' in b || 'password' in b || 'options' in b || 'header' in b))
    return { kind: 'startup' };
  throw new EddyError('08P01', 'expected {"query": "..."} or {"queries": [...]}');
}

/** One socket: its session, the requests waiting, and the SUBSCRIBE streaming now (if any). */
class Connection {
  private readonly queue: string[] = [];
  private readonly controller = new AbortController();
  private live: RowSource | null = null;
  private busy = false;
  private closed = false;
  private first = true;

  constructor(
    private readonly socket: WebSocket,
    private readonly session: Session,
  ) {
    socket.on('message', (data: RawData) => this.receive(rawText(data)));
    socket.on('close', () => this.close());
    socket.on('error', () => this.close());
  }

  private receive(data: string): void {
    this.queue.push(data);
    // A new message ends a running SUBSCRIBE; the pending fetch then returns done.
    this.live?.close();
    if (!this.busy) void this.drain();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.abort();
    this.live?.close();
    if (!this.busy) this.session.close();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      for (let data = this.queue.shift(); data !== undefined; data = this.queue.shift()) {
        if (this.closed) break;
        await this.request(data);
      }
    } finally {
      this.busy = false;
      if (this.closed) this.session.close();
    }
  }

  private send(type: string, payload: unknown): Promise<void> {
    if (this.socket.readyState !== this.socket.OPEN) return Promise.resolve();
    return new Promise((resolve) =>
      this.socket.send(JSON.stringify({ type, payload }), () => resolve()),
    );
  }

  private async request(data: string): Promise<void> {
    const first = this.first;
    this.first = false;
    try {
      const req = parseRequest(data, first);
      if (req.kind === 'startup') {
        for (const [name, value] of this.session.startupParameterStatus())
          void this.send('ParameterStatus', { name, value });
      } else if (req.kind === 'simple') {
        await this.run(this.session.prepare(req.query, [], { describe: false }), []);
      } else {
        for (const q of req.queries) {
          const stmts =
            q.params.length > 0
              ? this.session.prepare(
                  q.query,
                  q.params.map(() => null),
                )
              : this.session.prepare(q.query, [], { describe: false });
          if (stmts.length !== 1)
            throw new EddyError('42601', 'each query of "queries" must be one statement');
          await this.run(stmts, q.params);
        }
      }
      await this.session.sync();
    } catch (e) {
      this.session.noteError();
      void this.send('Error', errorPayload(e));
      await this.session.sync().catch(() => undefined);
    }
    await this.send('ReadyForQuery', this.session.transactionStatus());
  }

  /** Runs statements in order; throws the first error. */
  private async run(stmts: readonly PreparedStatement[], params: readonly JsonValue[]) {
    const io = this.session.ioSettings();
    for (const stmt of stmts) {
      if (this.closed) return;
      const values: Datum[] = params.map((p, i) =>
        p === null ? null : parseText(String(p), stmt.paramTypes[i]!, io),
      );
      const result = await this.session.execute(stmt, values, this.controller.signal);
      for (const n of result.notices ?? [])
        void this.send('Notice', {
          message: n.message,
          code: n.code,
          severity: n.severity.toLowerCase(),
        });
      for (const [name, value] of result.parameterStatus ?? [])
        void this.send('ParameterStatus', { name, value });
      await this.result(result);
    }
  }

  private async result(result: StatementResult): Promise<void> {
    switch (result.kind) {
      case 'rows':
        return this.rows(result);
      case 'command':
        void this.send('CommandStarting', { has_rows: false, is_streaming: false });
        return this.send('CommandComplete', result.tag);
      case 'empty':
        return Promise.resolve();
      case 'copyIn':
        result.abort('COPY is not supported over WebSocket');
        throw new EddyError('0A000', 'COPY is not supported over WebSocket');
      case 'copyOut':
        result.close();
        throw new EddyError('0A000', 'COPY is not supported over WebSocket');
      default: {
        const never: never = result;
        throw new Error(`unexpected result ${String(never)}`);
      }
    }
  }

  /** Streams a row result: each row as it is fetched, a SUBSCRIBE until it is ended. */
  private async rows(result: Extract<StatementResult, { kind: 'rows' }>): Promise<void> {
    const { rows, columns } = result;
    const streaming = rows.streaming === true;
    const io = this.session.ioSettings();
    void this.send('CommandStarting', { has_rows: true, is_streaming: streaming });
    void this.send('Rows', { columns: columnsJson(columns) });
    if (streaming) {
      this.live = rows;
      // A message that came while the SUBSCRIBE started ends it at once.
      if (this.queue.length > 0 || this.closed) rows.close();
    }
    let count = 0;
    try {
      for (;;) {
        const batch = await rows.fetch(BATCH);
        let last: Promise<void> | undefined;
        for (const r of batch.rows)
          last = this.send(
            'Row',
            r.map((d, i) => jsonValue(d, columns[i]!.type, io)),
          );
        count += batch.rows.length;
        // Wait for the batch to be written: a slow client holds back the next fetch.
        await last;
        if (batch.done || (!streaming && batch.rows.length === 0) || this.closed) break;
      }
    } finally {
      if (streaming) this.live = null;
      rows.close();
    }
    if (!this.closed) await this.send('CommandComplete', result.tag(count));
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

export interface WsApi {
  /** Takes an HTTP upgrade request; false if it is not for /api/ws. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Closes every socket (server shutdown). */
  close(): void;
}

export function wsApi(factory: SessionFactory): WsApi {
  const wss = new WebSocketServer({ noServer: true });
  return {
    upgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/api/ws') return false;
      wss.handleUpgrade(req, socket, head, (ws) => {
        let session: Session;
        try {
          session = factory.open({
            user: 'eddy',
            database: url.searchParams.get('database') ?? 'eddy',
            options: {},
          });
        } catch (e) {
          ws.send(JSON.stringify({ type: 'Error', payload: errorPayload(e) }));
          ws.close(1008);
          return;
        }
        new Connection(ws, session);
      });
      return true;
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
