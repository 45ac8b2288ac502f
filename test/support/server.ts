// Starts an Eddy server in-process on an ephemeral port with a fresh data directory, and opens
// `pg` clients to it. One server per test file (call in beforeAll / afterAll).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startServer, type RunningServer } from '../../src/server.js';

export interface TestServer {
  readonly port: number;
  readonly httpPort: number;
  readonly dataDir: string;
  client(database?: string): Promise<pg.Client>;
  stop(): Promise<void>;
}

export async function startTestServer(dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'eddy-test-'));
  const srv: RunningServer = await startServer({
    host: '127.0.0.1',
    port: 0,
    httpPort: 0,
    dataDir: dir,
  });
  const clients: pg.Client[] = [];
  return {
    port: srv.port,
    httpPort: srv.httpPort,
    dataDir: dir,
    client: async (database = 'eddy') => {
      const c = new pg.Client({ host: '127.0.0.1', port: srv.port, user: 'eddy', database });
      await c.connect();
      clients.push(c);
      return c;
    },
    stop: async () => {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await srv.close();
      if (dataDir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
