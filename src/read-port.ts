// The read-only port: PostgreSQL connections served by reader processes beside the writer, so
// that reads (point lookups on indexed views above all) use more than the writer's one core. The
// writer process accepts each connection and hands its socket to the next reader process in
// turn; the reader runs the whole session there, read-only (src/session/replica/engine.ts): every
// transaction is READ ONLY, writes and DDL fail with 25006 as on a PostgreSQL hot standby, and
// `in_hot_standby` is reported on, so drivers' target_session_attrs=read-only / prefer-standby
// pick it. A reader sees every commit the writer acknowledged before its statement started
// (they share the LMDB environment), so a client may write on the primary port and read its
// write on this one at once.
//
// A reader process that dies is started again; connections that arrive while none is ready
// wait for one. Readers exit with the writer, also when it is killed (their IPC channel closes).
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { cancelLocalBackend } from './wire/cancel.js';

/** Messages from the writer to a reader process. */
export type ToReader =
  | { readonly kind: 'connection' }
  | { readonly kind: 'cancel'; readonly pid: number; readonly secret: number }
  | { readonly kind: 'close' };

/** Messages from a reader process to the writer. */
export type FromReader =
  | { readonly kind: 'ready' }
  | { readonly kind: 'cancel'; readonly pid: number; readonly secret: number };

export interface ReadPortOptions {
  readonly host: string;
  readonly port: number;
  /** How many reader processes serve it. */
  readonly processes: number;
  readonly dataDir: string;
  readonly logger: Logger;
}

export interface ReadPort {
  readonly port: number;
  close(): Promise<void>;
}

interface Reader {
  readonly child: ChildProcess;
  ready: boolean;
  /** Resolves once it serves; rejects if it exits before. */
  readonly started: Promise<void>;
  readonly exited: Promise<void>;
}

/** The reader process's entry: compiled JavaScript beside this file, or (from sources) TypeScript. */
function readerEntry(): { path: string; execArgv: string[] } {
  const ext = extname(fileURLToPath(import.meta.url));
  const path = fileURLToPath(new URL(`./read-port-reader${ext}`, import.meta.url));
  return { path, execArgv: ext === '.ts' ? ['--import', 'tsx'] : [] };
}

export async function startReadPort(o: ReadPortOptions): Promise<ReadPort> {
  const readers: Reader[] = [];
  const waiting: Socket[] = [];
  let next = 0;
  let closing = false;
  const entry = readerEntry();

  const hand = (socket: Socket): void => {
    const ready = readers.filter((r) => r.ready);
    if (ready.length === 0) {
      waiting.push(socket);
      return;
    }
    const r = ready[next++ % ready.length]!;
    r.child.send({ kind: 'connection' } satisfies ToReader, socket, (err) => {
      if (err !== null) {
        o.logger.warn({ err }, 'could not hand a connection to a reader process');
        socket.destroy();
      }
    });
  };

  const start = (): Reader => {
    const child = fork(entry.path, [o.dataDir, o.logger.level], {
      execArgv: [...process.execArgv.filter((a) => !a.startsWith('--inspect')), ...entry.execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let started = (): void => {};
    let failed = (_: Error): void => {};
    const reader: Reader = {
      child,
      ready: false,
      started: new Promise<void>((resolve, reject) => {
        started = resolve;
        failed = reject;
      }),
      exited: new Promise((resolve) => child.once('exit', () => resolve())),
    };
    // Observed by startReadPort for the first readers; a later one failing is logged at its exit.
    reader.started.catch(() => undefined);
    child.on('message', (m: FromReader) => {
      if (m.kind === 'ready') {
        reader.ready = true;
        started();
        for (const s of waiting.splice(0)) hand(s);
      } else if (m.kind === 'cancel') {
        // The backend may be in this process (the primary port) or in another reader.
        if (!cancelLocalBackend(m.pid, m.secret))
          for (const r of readers) if (r !== reader && r.ready) r.child.send(m);
      }
    });
    child.once('exit', (code, signal) => {
      failed(new Error(`a reader process exited while starting (code ${code}, signal ${signal})`));
      const i = readers.indexOf(reader);
      if (i >= 0) readers.splice(i, 1);
      if (closing) return;
      // One that never became ready failed to start: not again (the first ones fail startReadPort).
      if (!reader.ready) {
        o.logger.error({ code, signal }, 'a reader process of the read-only port failed to start');
        return;
      }
      o.logger.error(
        { code, signal },
        'a reader process of the read-only port exited; starting another',
      );
      readers.push(start());
    });
    return reader;
  };

  for (let i = 0; i < Math.max(1, o.processes); i++) readers.push(start());
  const server: Server = createServer({ pauseOnConnect: true }, hand);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => o.logger.error({ err }, 'read-only port error'));
  // Ready when every reader is (a connection before that waits for the first).
  await Promise.all(readers.map((r) => r.started)).catch((e: unknown) => {
    closing = true;
    server.close();
    for (const r of readers) r.child.kill();
    throw e;
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : o.port;
  let closed: Promise<void> | null = null;
  return {
    port,
    close(): Promise<void> {
      closed ??= (async () => {
        closing = true;
        // Stops accepting; the connections handed over live in the readers (close()'s callback
        // would wait for them as if they were still here).
        server.close();
        for (const s of waiting.splice(0)) s.destroy();
        for (const r of readers)
          if (r.child.connected) r.child.send({ kind: 'close' } satisfies ToReader);
        const deadline = setTimeout(() => {
          for (const r of readers) r.child.kill('SIGKILL');
        }, 5000);
        await Promise.all(readers.map((r) => r.exited));
        clearTimeout(deadline);
      })();
      return closed;
    },
  };
}
