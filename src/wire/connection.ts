// One client connection: the byte stream in (FrameReader), messages out (MessageWriter), and
// the state machine between them — startup, then a loop that handles one frontend message at
// a time (simple query in ./simple.ts, extended protocol in ./extended.ts, results and COPY in
// ./results.ts). Errors: an ERROR becomes an ErrorResponse (and, in the extended protocol,
// skips messages until Sync); a FATAL one, or anything from framing, ends the connection. A
// socket error or close aborts the running statement and closes the session.
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { EddyError, featureNotSupported, toEddyError } from '../errors/index.js';
import type {
  PreparedStatement,
  Session,
  SessionFactory,
  StatementResult,
} from '../session/api.js';
import { assertNever, type Datum } from '../repr/index.js';
import { unregisterBackend, type CancelKey } from './cancel.js';
import { handleBind, handleClose, handleDescribe, handleExecute, handleParse } from './extended.js';
import { decodeMessage, type FrontendMessage } from './messages.js';
import { Portals, type StatementEntry } from './portal.js';
import {
  fatalProtocolViolation,
  FrameReader,
  type RawMessage,
  type StartupPacket,
} from './reader.js';
import { handleQuery } from './simple.js';
import { runStartup } from './startup.js';
import { MessageWriter } from './writer.js';

/** Stop reading the socket while this much input is buffered and unprocessed. */
const INPUT_HIGH_WATER = 8 * 1024 * 1024;
/** While streaming rows, hand output to the socket once this much has accumulated. */
export const OUTPUT_FLUSH_THRESHOLD = 256 * 1024;
const SYNC_CODE = 'S'.charCodeAt(0);
const QUERY_CODE = 'Q'.charCodeAt(0);

export class Connection {
  readonly reader = new FrameReader();
  readonly out = new MessageWriter();
  session: Session | null = null;
  cancelKey: CancelKey | null = null;
  readonly statements = new Map<string, StatementEntry>();
  readonly portals = new Portals();
  /** ParameterStatus changes to report before the next ReadyForQuery. */
  readonly pendingStatus = new Map<string, string>();
  /** The controller of the statement running right now, if any (for cancel). */
  private running: AbortController | null = null;
  /** See statementController. */
  private controller: AbortController | null = null;
  private skipUntilSync = false;
  private ended = false;
  private closing = false;
  private wake: (() => void) | null = null;
  private drainWaiters: (() => void)[] = [];
  private logged = false;
  /** Errors thrown by session.execute itself (the session has already noted them). */
  private readonly executeErrors = new WeakSet<object>();

  constructor(
    readonly socket: Socket,
    readonly factory: SessionFactory,
    readonly logger: Logger,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.reader.push(chunk);
      if (this.reader.buffered > INPUT_HIGH_WATER) socket.pause();
      this.notify();
    });
    socket.on('end', () => this.onGone());
    socket.on('close', () => this.onGone());
    socket.on('error', (err) => {
      this.logOnce('warn', { err }, 'connection error');
      this.onGone();
    });
    socket.on('drain', () => this.releaseDrain());
  }

  /** Runs the connection to its end; never throws. */
  async run(): Promise<void> {
    try {
      if (!(await runStartup(this))) return;
      await this.messageLoop();
    } catch (e) {
      const err = toEddyError(e);
      if (err.code === 'XX000') this.logOnce('error', { err: e }, 'internal error on connection');
      else this.logOnce('warn', { code: err.code, msg: err.message }, 'connection terminated');
      this.out.errorResponse(
        err.severity === 'FATAL'
          ? err
          : new EddyError(err.code, err.message, { ...fieldsOf(err), severity: 'FATAL' }),
      );
      await this.flush();
    } finally {
      this.cleanup();
    }
  }

  // --- input ---------------------------------------------------------------------------------

  async nextStartup(): Promise<StartupPacket | null> {
    for (;;) {
      const p = this.reader.nextStartup();
      if (p !== null) return p;
      if (!(await this.waitInput())) return null;
    }
  }

  /** The next typed message; null once the client is gone. Framing errors throw FATAL. */
  async nextRaw(): Promise<RawMessage | null> {
    for (;;) {
      const m = this.reader.nextMessage();
      if (m !== null) return m;
      if (!(await this.waitInput())) return null;
    }
  }

  private async waitInput(): Promise<boolean> {
    if (this.ended) return false;
    if (this.socket.isPaused()) this.socket.resume();
    await new Promise<void>((resolve) => (this.wake = resolve));
    return true;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private onGone(): void {
    if (this.ended) return;
    this.ended = true;
    this.running?.abort();
    this.notify();
    this.releaseDrain();
  }

  // --- output --------------------------------------------------------------------------------

  /** Hands the accumulated output to the socket (one write), waiting if the socket is full. */
  async flush(): Promise<void> {
    if (this.out.length === 0) return;
    const bytes = this.out.take();
    if (this.closing || this.ended || this.socket.destroyed || this.socket.writableEnded) return;
    if (!this.socket.write(bytes)) {
      await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    }
  }

  private releaseDrain(): void {
    const ws = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of ws) w();
  }

  // --- message loop --------------------------------------------------------------------------

  private async messageLoop(): Promise<void> {
    for (;;) {
      // A message already received is taken without awaiting (a client sends several at once).
      const raw = this.reader.nextMessage() ?? (await this.nextRaw());
      if (raw === null) return;
      if (this.skipUntilSync && raw.code !== SYNC_CODE) continue;
      let m: FrontendMessage | null;
      try {
        m = decodeMessage(raw);
      } catch (e) {
        // A malformed Query still gets its ReadyForQuery; anything else skips to Sync.
        this.reportError(e, raw.code !== QUERY_CODE);
        m = null;
      }
      if (m === null) {
        if (raw.code === QUERY_CODE) await this.syncAndReady();
        else await this.flush();
        continue;
      }
      const extended = m.kind !== 'query';
      try {
        switch (m.kind) {
          case 'query':
            await handleQuery(this, m.sql);
            break;
          case 'parse':
            handleParse(this, m);
            break;
          case 'bind':
            handleBind(this, m);
            break;
          case 'describe':
            handleDescribe(this, m);
            break;
          case 'execute':
            await handleExecute(this, m);
            break;
          case 'close':
            handleClose(this, m);
            break;
          case 'sync':
            this.skipUntilSync = false;
            await this.syncAndReady();
            break;
          case 'flush':
            await this.flush();
            break;
          case 'terminate':
            return;
          case 'copyData':
          case 'copyDone':
          case 'copyFail':
            // Outside COPY: ignored, per protocol (the client may still be sending after a
            // failed COPY).
            break;
          case 'functionCall':
            throw featureNotSupported('function call messages are not supported');
          case 'unknown':
            throw fatalProtocolViolation(`invalid frontend message type ${m.code}`);
          default:
            assertNever(m);
        }
      } catch (e) {
        this.reportError(e, extended);
        await this.flush();
      }
      if (this.ended) return;
    }
  }

  /**
   * Turns an ERROR into an ErrorResponse (FATAL ones are rethrown to end the connection).
   * In the extended protocol the connection then ignores messages until Sync.
   */
  reportError(e: unknown, extended: boolean): void {
    const err = toEddyError(e);
    if (err.severity === 'FATAL' || err.severity === 'PANIC') throw err;
    if (err.code === 'XX000') this.logOnce('error', { err: e }, 'internal error on connection');
    if (!(typeof e === 'object' && e !== null && this.executeErrors.has(e))) {
      this.session?.noteError();
    }
    // An error aborts the transaction, and its portals with it.
    this.closeAllPortals();
    this.out.errorResponse(err);
    if (extended) this.skipUntilSync = true;
  }

  /** Implicit transaction boundary, then ReadyForQuery (with pending ParameterStatus). */
  async syncAndReady(): Promise<void> {
    const session = this.session!;
    try {
      await session.sync();
    } catch (e) {
      this.reportError(e, false);
    }
    if (session.transactionStatus() === 'I') this.closeAllPortals();
    if (this.pendingStatus.size > 0) {
      for (const [name, value] of this.pendingStatus) this.out.parameterStatus(name, value);
      this.pendingStatus.clear();
    }
    this.out.readyForQuery(session.transactionStatus());
    await this.flush();
  }

  // --- execution -----------------------------------------------------------------------------

  /** session.execute, registered as the running statement for cancel and connection loss. */
  async execute(
    stmt: PreparedStatement,
    params: readonly Datum[],
    controller: AbortController,
  ): Promise<StatementResult> {
    try {
      return await this.whileRunning(
        controller,
        this.session!.execute(stmt, params, controller.signal),
      );
    } catch (e) {
      if (typeof e === 'object' && e !== null) this.executeErrors.add(e);
      throw e;
    }
  }

  /**
   * The controller for a statement's (or portal's) execution. Statements share one until it is
   * aborted (making one costs microseconds, a large part of a point query): an abort comes from a
   * cancel, which fails the running statement and so its transaction and all portals, or from
   * the connection ending. Listeners added to its signal are removed by whoever added them.
   */
  statementController(): AbortController {
    if (this.controller === null || this.controller.signal.aborted)
      this.controller = new AbortController();
    return this.controller;
  }

  /** Awaits `p` with `controller` registered as the running statement. */
  async whileRunning<T>(controller: AbortController, p: Promise<T>): Promise<T> {
    this.running = controller;
    if (this.ended) controller.abort();
    try {
      return await p;
    } finally {
      this.running = null;
    }
  }

  /** CancelRequest for this backend: aborts the running statement, if any. */
  cancel(): void {
    this.running?.abort();
  }

  closeAllPortals(): void {
    this.portals.closeAll();
  }

  // --- shutdown ------------------------------------------------------------------------------

  /** Server shutdown: FATAL 57P01 to the client, then close. */
  shutdown(err: EddyError): void {
    if (this.closing) return;
    this.running?.abort();
    if (!this.ended && !this.socket.destroyed && !this.socket.writableEnded) {
      const w = new MessageWriter();
      w.errorResponse(err);
      // Whatever the loop had accumulated is whole messages: send it first.
      const pending = this.out.take();
      if (pending.length > 0) this.socket.write(pending);
      this.socket.write(w.take());
    }
    this.closing = true;
    this.socket.end();
    this.onGone();
  }

  private cleanup(): void {
    this.closing = true;
    this.running?.abort();
    this.closeAllPortals();
    if (this.cancelKey !== null) unregisterBackend(this.cancelKey);
    this.cancelKey = null;
    const session = this.session;
    this.session = null;
    if (session !== null) {
      try {
        session.close();
      } catch (e) {
        this.logOnce('error', { err: e }, 'session close failed');
      }
    }
    if (!this.socket.destroyed) this.socket.end();
    // A client that never closes its side must not keep the server from shutting down.
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }

  private logOnce(level: 'warn' | 'error', obj: object, msg: string): void {
    if (this.logged) return;
    this.logged = true;
    this.logger[level]({ ...obj, remote: this.socket.remoteAddress }, msg);
  }
}

function fieldsOf(e: EddyError): { detail?: string; hint?: string; position?: number } {
  return { detail: e.detail, hint: e.hint, position: e.position };
}
