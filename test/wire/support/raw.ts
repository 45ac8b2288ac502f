// Test helpers: a server over the fake session factory, and a raw protocol client (bytes in,
// pg-protocol's parser for the answers) for what the `pg` driver cannot send.
import { connect, type Socket } from 'node:net';
import { pino } from 'pino';
import { serialize } from 'pg-protocol';
import type { BackendMessage } from 'pg-protocol/dist/messages.js';
import { Parser } from 'pg-protocol/dist/parser.js';
import { listen, type WireServer } from '../../../src/wire/server.js';
import { FakeFactory } from './fake-session.js';

export { serialize };

export interface TestServer {
  readonly server: WireServer;
  readonly factory: FakeFactory;
  readonly port: number;
}

export async function startServer(factory = new FakeFactory()): Promise<TestServer> {
  const server = await listen({
    host: '127.0.0.1',
    port: 0,
    factory,
    logger: pino({ level: 'silent' }),
  });
  return { server, factory, port: server.port };
}

/** A message as pg-protocol parses it, with its fields loosely typed for assertions. */
export type Msg = BackendMessage & Record<string, unknown>;

export class RawClient {
  readonly messages: Msg[] = [];
  /** Raw bytes received (for what pg-protocol does not parse, e.g. the SSL answer). */
  readonly bytes: Buffer[] = [];
  private read = 0;
  private waiters: (() => void)[] = [];
  closed = false;
  private parser = new Parser();

  private constructor(
    readonly socket: Socket,
    parse: boolean,
  ) {
    socket.on('data', (b: Buffer) => {
      this.bytes.push(b);
      if (parse) this.parser.parse(b, (m) => this.messages.push(m as Msg));
      this.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number, parse = true): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RawClient(s, parse)));
      s.once('error', reject);
    });
  }

  /** Connects and completes startup. */
  static async ready(port: number, params: Record<string, string> = {}): Promise<RawClient> {
    const c = await RawClient.connect(port);
    c.send(serialize.startup({ user: 'u', database: 'd', ...params }));
    await c.next('readyForQuery');
    return c;
  }

  private notify(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  send(...bufs: Buffer[]): void {
    this.socket.write(Buffer.concat(bufs));
  }

  /** Resolves once `pred` holds (checked on every arrival), or rejects after a timeout. */
  async until(pred: () => boolean, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** All messages up to and including the next one named `name`. */
  async next(name: string): Promise<Msg[]> {
    let found = -1;
    await this.until(() => {
      found = this.messages.findIndex((m, i) => i >= this.read && m.name === name);
      return found >= 0 || this.closed;
    });
    if (found < 0) throw new Error(`connection closed before ${name}`);
    const out = this.messages.slice(this.read, found + 1);
    this.read = found + 1;
    return out;
  }

  /** The values of every DataRow received so far, as raw bytes (for binary results). */
  rawDataRows(): (Buffer | null)[][] {
    const all = Buffer.concat(this.bytes);
    const rows: (Buffer | null)[][] = [];
    for (let at = 0; at + 5 <= all.length;) {
      const code = all[at]!;
      const end = at + 1 + all.readInt32BE(at + 1);
      if (code === 0x44) {
        const row: (Buffer | null)[] = [];
        let p = at + 7;
        for (let i = 0; i < all.readInt16BE(at + 5); i++) {
          const len = all.readInt32BE(p);
          p += 4;
          row.push(len < 0 ? null : all.subarray(p, p + len));
          if (len > 0) p += len;
        }
        rows.push(row);
      }
      at = end;
    }
    return rows;
  }

  async waitClosed(ms = 5000): Promise<void> {
    await this.until(() => this.closed, ms);
  }

  end(): void {
    this.socket.end();
  }
}

/** Shorthand: the names of a message list. */
export const names = (ms: readonly Msg[]): string[] => ms.map((m) => m.name);
