// The composition root: opens storage, builds the engine, and serves the PostgreSQL wire protocol
// (and a small HTTP endpoint) until closed.
import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { initParser } from './sql/parser.js';
import { startStreaming } from './session/streaming/streaming.js';
import { Engine } from './session/engine.js';
import { EddySession } from './session/session.js';
import { openLmdbStore } from './session/lmdb-store.js';
import { registerSessionFunctions } from './session/functions.js';
import { registerCatalogRelations } from './session/system/index.js';
import { listen } from './wire/server.js';
import { startReadPort, type ReadPort } from './read-port.js';
import { handleApi } from './http/api.js';
import { wsApi } from './http/ws.js';

export interface ServerOptions {
  host: string;
  port: number;
  httpPort: number;
  dataDir: string;
  /** The read-only port (src/read-port.ts), if any, and how many processes serve it. */
  readPort?: { readonly port: number; readonly processes: number };
  logger?: Logger;
}

export interface RunningServer {
  readonly port: number;
  readonly httpPort: number;
  /** The read-only port, if one was asked for. */
  readonly readPort: number | undefined;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const logger = opts.logger ?? pino({ level: 'silent' });
  await initParser();
  registerSessionFunctions();
  registerCatalogRelations();
  mkdirSync(opts.dataDir, { recursive: true });
  const engine = new Engine(openLmdbStore(opts.dataDir), (e, p) => new EddySession(e, p));
  startStreaming(engine, (o, msg) => logger.warn(o, msg));
  let wire;
  try {
    wire = await listen({
      host: opts.host,
      port: opts.port,
      factory: engine.sessionFactory(),
      logger,
    });
  } catch (e) {
    await engine.close();
    throw e;
  }
  let readPort: ReadPort | undefined;
  if (opts.readPort !== undefined) {
    try {
      readPort = await startReadPort({
        host: opts.host,
        port: opts.readPort.port,
        processes: opts.readPort.processes,
        dataDir: opts.dataDir,
        logger,
      });
    } catch (e) {
      await wire.close();
      await engine.close();
      throw e;
    }
  }
  const ws = wsApi(engine.sessionFactory());
  const http = await startHttp(opts.host, opts.httpPort, engine);
  http.on('upgrade', (req, socket, head: Buffer) => {
    if (!ws.upgrade(req, socket, head)) socket.destroy();
  });
  const httpPort = (http.address() as AddressInfo).port;
  return {
    port: wire.port,
    httpPort,
    readPort: readPort?.port,
    close: async () => {
      await readPort?.close();
      await wire.close();
      ws.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await engine.close();
    },
  };
}

/** HTTP endpoint: the SQL and SUBSCRIBE API (src/http/api.ts) and health. */
function startHttp(host: string, port: number, engine: Engine): Promise<Server> {
  const factory = engine.sessionFactory();
  const server = createServer((req, res) => {
    if (handleApi(req, res, factory)) return;
    if (req.url === '/api/health' || req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'ok',
          sessions: engine.activeSessions(),
          subscriptions: engine.feed.size,
          sealedTick: engine.sealedTick,
        }),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
