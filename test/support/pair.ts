// Eddy and the PostgreSQL oracle side by side, one client on each: for tests that compare their
// answers. Both start at once; stop() ends the clients and both servers.
import type pg from 'pg';
import { startOracle, type Oracle } from './oracle.js';
import { startTestServer, type TestServer } from './server.js';

export interface Pair {
  readonly eddy: TestServer;
  readonly oracle: Oracle;
  /** A client of Eddy. */
  readonly e: pg.Client;
  /** A client of PostgreSQL. */
  readonly p: pg.Client;
  stop(): Promise<void>;
}

export async function startPair(): Promise<Pair> {
  const [eddy, oracle] = await Promise.all([startTestServer(), startOracle()]);
  const [e, p] = await Promise.all([eddy.client(), oracle.client()]);
  return {
    eddy,
    oracle,
    e,
    p,
    async stop() {
      await Promise.all([e.end().catch(() => {}), p.end().catch(() => {})]);
      await Promise.all([eddy.stop(), oracle.stop()]);
    },
  };
}
