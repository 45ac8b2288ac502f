// Test helper: a `pg` client connected to a test server.
import pg from 'pg';

export async function pgClient(port: number, config: pg.ClientConfig = {}): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'alice', database: 'db', ...config });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

/** The BackendKeyData the client received (not in @types/pg). */
export function backendKey(c: pg.Client): { pid: number; secret: number } {
  const k = c as unknown as { processID: number; secretKey: number };
  return { pid: k.processID, secret: k.secretKey };
}
