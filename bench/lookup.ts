// Benchmark `lookup`: point-lookup queries/s over the wire against an indexed materialized view,
// with 1, 4 and 16 clients, side by side with PostgreSQL (test/support/oracle.ts) serving the same
// query over the same data (a materialized view with a btree index there too). The view is
// `SELECT k, count(*), sum(v) FROM src GROUP BY k` with `CREATE INDEX ON mv (k)`; every client
// runs `SELECT n, total FROM mv WHERE k = $1` as a named prepared statement (pg `name:`) on
// random keys for a fixed time, after a warm-up. Each answer is checked. The benchmark process
// and the server share this machine's cores, so figures at many clients include the load
// generator's own CPU.
import type pg from 'pg';
import { startOracle } from '../test/support/oracle.js';
import {
  count,
  int,
  intList,
  ms,
  parseOptions,
  PROFILE_OPTION,
  percentile,
  processCpuSeconds,
  printJson,
  printTable,
  progress,
  random,
  rate,
  removeDir,
  startEddy,
} from './support.js';

const SPEC = {
  keys: { default: '100000', quick: '1000', help: 'distinct keys (rows of the view)' },
  'rows-per-key': { default: '2', help: 'rows of src per key' },
  clients: { default: '1,4,16', quick: '1,4', help: 'concurrent clients' },
  seconds: { default: '10', quick: '1', help: 'measured seconds per client count' },
  warmup: { default: '2', quick: '0.5', help: 'warm-up seconds per client count' },
  profile: PROFILE_OPTION,
};

interface Run {
  target: 'eddy' | 'postgres';
  clients: number;
  queries: number;
  seconds: number;
  latencies: number[];
  wrong: number;
  /** CPU-seconds of the server's processes (Eddy's one; PostgreSQL's backends) while measuring. */
  serverCpu: number;
  /** CPU-seconds of this process (the load generator) while measuring. */
  clientCpu: number;
}

const QUERY = 'SELECT n, total FROM mv WHERE k = $1';

export async function run(argv: string[]): Promise<void> {
  const o = parseOptions(argv, 'lookup', SPEC);
  const keys = int(o.keys, '--keys');
  const perKey = int(o['rows-per-key'], '--rows-per-key');
  const clients = intList(o.clients, '--clients');
  const seconds = Number(o.seconds);
  const warmup = Number(o.warmup);
  const runs: Run[] = [];

  const eddy = await startEddy({ profileDir: o.profile });
  try {
    const c = await eddy.client();
    await c.query('CREATE TABLE src (k int NOT NULL, v int NOT NULL)');
    await c.query(
      'CREATE MATERIALIZED VIEW mv AS SELECT k, count(*) AS n, sum(v) AS total FROM src GROUP BY k',
    );
    await c.query('CREATE INDEX ON mv (k)');
    const rows = keys * perKey;
    for (let a = 1; a <= rows; a += 50_000)
      await c.query(`INSERT INTO src ${select(keys, a, Math.min(rows, a + 49_999))}`);
    progress(`eddy: loaded ${count(rows)} rows`);
    for (const n of clients)
      runs.push(
        await measure(
          'eddy',
          () => eddy.client(),
          n,
          keys,
          perKey,
          seconds,
          warmup,
          () => Promise.resolve(() => eddy.cpuSeconds()),
        ),
      );
  } finally {
    await eddy.stop();
    removeDir(eddy.dataDir);
  }

  const pgServer = await startOracle();
  try {
    const c = await pgServer.client();
    await c.query('CREATE TABLE src (k int NOT NULL, v int NOT NULL)');
    await c.query(`INSERT INTO src ${select(keys, 1, keys * perKey)}`);
    await c.query(
      'CREATE MATERIALIZED VIEW mv AS SELECT k, count(*) AS n, sum(v) AS total FROM src GROUP BY k',
    );
    await c.query('CREATE INDEX ON mv (k)');
    await c.query('ANALYZE mv');
    progress('postgres: loaded');
    for (const n of clients)
      runs.push(
        await measure(
          'postgres',
          () => pgServer.client(),
          n,
          keys,
          perKey,
          seconds,
          warmup,
          backendsCpu,
        ),
      );
  } finally {
    await pgServer.stop();
  }
  report(runs, keys, perKey);
}

/** Rows a..b of src: key i % keys, value i (so key k's total is known). */
const select = (keys: number, a: number, b: number): string =>
  `SELECT i % ${keys}, i FROM generate_series(${a}, ${b}) AS i`;

/** Sum of v over the rows i = k, k + keys, ... (i from 1) of key k. */
function expectedTotal(k: number, keys: number, perKey: number): number {
  const first = k === 0 ? keys : k;
  return perKey * first + (keys * perKey * (perKey - 1)) / 2;
}

/** A reading of the CPU-seconds used so far by the PostgreSQL backends serving `conns`. */
async function backendsCpu(conns: readonly pg.Client[]): Promise<() => number> {
  const pids: number[] = [];
  for (const c of conns) {
    const r = await c.query('SELECT pg_backend_pid() AS pid');
    pids.push(Number((r.rows[0] as { pid: number }).pid));
  }
  return () => pids.reduce((s, p) => s + processCpuSeconds(p), 0);
}

/** The CPU-seconds this process has used. */
const ownCpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function measure(
  target: Run['target'],
  connect: () => Promise<pg.Client>,
  clients: number,
  keys: number,
  perKey: number,
  seconds: number,
  warmup: number,
  serverCpu: (conns: readonly pg.Client[]) => Promise<() => number>,
): Promise<Run> {
  const conns = await Promise.all(Array.from({ length: clients }, connect));
  const serverCpuNow = await serverCpu(conns);
  const latencies: number[] = [];
  let wrong = 0;
  let measuring = false;
  let done = false;
  const loops = conns.map(async (c, i) => {
    const rng = random(1000 + i);
    while (!done) {
      const k = Math.floor(rng() * keys);
      const t0 = performance.now();
      const r = await c.query({ name: 'lookup', text: QUERY, values: [k] });
      const t1 = performance.now();
      if (!measuring) continue;
      latencies.push(t1 - t0);
      const row = r.rows[0] as { n: string; total: string } | undefined;
      if (
        r.rows.length !== 1 ||
        Number(row?.n) !== perKey ||
        Number(row?.total) !== expectedTotal(k, keys, perKey)
      )
        wrong++;
    }
  });
  await sleep(warmup * 1000);
  measuring = true;
  const started = performance.now();
  const server = serverCpuNow();
  const client = ownCpu();
  await sleep(seconds * 1000);
  measuring = false;
  const serverCpuSeconds = serverCpuNow() - server;
  const clientCpuSeconds = ownCpu() - client;
  const elapsed = (performance.now() - started) / 1000;
  done = true;
  await Promise.all(loops);
  await Promise.all(conns.map((c) => c.end()));
  progress(`${target}, ${clients} clients: ${rate(latencies.length, elapsed)} q/s`);
  return {
    target,
    clients,
    queries: latencies.length,
    seconds: elapsed,
    latencies,
    wrong,
    serverCpu: serverCpuSeconds,
    clientCpu: clientCpuSeconds,
  };
}

/** CPU µs per query. */
const micros = (cpuSeconds: number, queries: number): string =>
  queries === 0 ? '-' : ((cpuSeconds * 1e6) / queries).toFixed(1);

const sleep = (msecs: number): Promise<void> => new Promise((r) => setTimeout(r, msecs));

function report(runs: readonly Run[], keys: number, perKey: number): void {
  const by = (target: Run['target'], clients: number): Run | undefined =>
    runs.find((r) => r.target === target && r.clients === clients);
  const clientCounts = [...new Set(runs.map((r) => r.clients))];
  const cells = (r: Run | undefined): string[] =>
    r === undefined
      ? ['-', '-', '-', '-']
      : [
          rate(r.queries, r.seconds),
          ms(percentile(r.latencies, 50)),
          ms(percentile(r.latencies, 99)),
          micros(r.serverCpu, r.queries),
        ];
  printTable(
    `lookup: ${QUERY} (prepared) on an indexed view of ${count(keys)} rows ` +
      `(over ${count(keys * perKey)} rows); latency in ms; server CPU µs per query`,
    ['clients', 'eddy q/s', 'p50', 'p99', 'cpu', 'postgres q/s', 'p50', 'p99', 'cpu'],
    clientCounts.map((n) => [String(n), ...cells(by('eddy', n)), ...cells(by('postgres', n))]),
  );
  console.log(
    `load generator (this process) CPU µs per query: ` +
      runs.map((r) => `${r.target}/${r.clients} ${micros(r.clientCpu, r.queries)}`).join(', '),
  );
  const wrong = runs.reduce((s, r) => s + r.wrong, 0);
  console.log(`answers checked: ${wrong === 0 ? 'all correct' : `${wrong} WRONG`}`);
  if (wrong > 0) process.exitCode = 1;
  printJson('lookup', {
    keys,
    rowsPerKey: perKey,
    results: runs.map((r) => ({
      target: r.target,
      clients: r.clients,
      queries: r.queries,
      qps: Math.round(r.queries / r.seconds),
      p50Ms: percentile(r.latencies, 50),
      p99Ms: percentile(r.latencies, 99),
      serverCpuMicrosPerQuery: (r.serverCpu * 1e6) / r.queries,
      clientCpuMicrosPerQuery: (r.clientCpu * 1e6) / r.queries,
      wrong: r.wrong,
    })),
  });
}
