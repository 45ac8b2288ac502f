// The TCP listener: accepts connections and runs one Connection per socket. Whatever a client
// sends, only its own connection is affected. close() stops listening, tells every open
// connection FATAL 57P01 and ends it.
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { adminShutdown } from '../errors/index.js';
import type { SessionFactory } from '../session/api.js';
import { Connection } from './connection.js';

export interface WireServer {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  readonly factory: SessionFactory;
  readonly logger: Logger;
}

/** Runs one Connection per socket handed to serve(); shutdown() ends them all (FATAL 57P01). */
export function connectionSet(factory: SessionFactory, logger: Logger) {
  const connections = new Map<Connection, Promise<void>>();
  return {
    serve(socket: Socket): void {
      socket.setNoDelay(true);
      const conn = new Connection(socket, factory, logger);
      connections.set(
        conn,
        conn
          .run()
          .catch((err: unknown) => logger.error({ err }, 'connection failed'))
          .finally(() => connections.delete(conn)),
      );
    },
    /** Ends every connection; resolves once they have ended. */
    shutdown(): Promise<void> {
      for (const conn of connections.keys()) conn.shutdown(adminShutdown());
      return Promise.all(connections.values()).then(() => undefined);
    },
  };
}

export async function listen(opts: ListenOptions): Promise<WireServer> {
  const connections = connectionSet(opts.factory, opts.logger);
  const server: Server = createServer((socket: Socket) => connections.serve(socket));
  server.on('error', (err) => opts.logger.error({ err }, 'server error'));

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;

  let closing: Promise<void> | null = null;
  return {
    port,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        void connections.shutdown();
      });
      return closing;
    },
  };
}
