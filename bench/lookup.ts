// Benchmark `lookup`: point-lookup queries/s over the wire against an indexed materialized view,
// with 1, 4 and 16 clients, side by side with PostgreSQL (test/support/oracle.ts) serving the same
// query over the same data (a materialized view with a btree index there too). The view is
// `SELECT k, count(*), sum(v) FROM src GROUP BY k` with `CREATE INDEX ON mv (k)`; every client
// runs `SELECT n, total FROM mv WHERE k = $1` as a prepared statement on random keys for a fixed
// time, after a warm-up, and every answer is checked. Two load generators (`--drivers`):
//   node     this process, one `pg` client per connection (named prepared statement, `name:`);
//            its event loop is one core, so at many clients it is the limit for both servers
//   pgbench  PostgreSQL's pgbench (C, `-M prepared`, one thread per core), found beside the
//            oracle's binaries; its script checks each answer with \gset / \if and fails the
//            client on a wrong one; latencies are from its per-transaction log
// Eddy is measured on its primary port and on its read-only port (`--ports`), whose connections
// are served by reader processes beside the writer (src/read-port.ts), one per core.
// The load generator and the servers share this machine's cores.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { findPgBinDir, startOracle } from '../test/support/oracle.js';
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
  drivers: { default: 'node,pgbench', help: 'load generators (pgbench is skipped if not found)' },
  ports: { default: 'primary,read', help: "Eddy's ports measured: primary, read (read-only)" },
  profile: PROFILE_OPTION,
};

type Driver = 'node' | 'pgbench';

interface Run {
  target: 'eddy' | 'eddy-read' | 'postgres';
  driver: Driver;
  clients: number;
  queries: number;
  seconds: number;
  latencies: number[];
  wrong: number;
  /** CPU-seconds of the server's processes (Eddy's one; PostgreSQL's backends) while measuring. */
  serverCpu: number;
  /** CPU-seconds of the load generator (this process, or pgbench) while measuring. */
  clientCpu: number;
}

/** A server under test, loaded with the data. */
interface Target {
  readonly name: Run['target'];
  readonly port: number;
  readonly user: string;
  readonly database: string;
  connect(): Promise<pg.Client>;
  /** A reading of the CPU-seconds the server has used so far serving the load generator's
   * connections: `pids` lists the PostgreSQL backend pids of those connections. */
  serverCpu(pids: () => Promise<number[]>): Promise<() => number>;
}

/** What every measurement is given. */
interface Load {
  readonly keys: number;
  readonly perKey: number;
  readonly seconds: number;
  readonly warmup: number;
}

const QUERY = 'SELECT n, total FROM mv WHERE k = $1';

export async function run(argv: string[]): Promise<void> {
  const o = parseOptions(argv, 'lookup', SPEC);
  const keys = int(o.keys, '--keys');
  const perKey = int(o['rows-per-key'], '--rows-per-key');
  const clients = intList(o.clients, '--clients');
  const load: Load = { keys, perKey, seconds: Number(o.seconds), warmup: Number(o.warmup) };
  const drivers = o.drivers.split(',') as Driver[];
  for (const d of drivers)
    if (d !== 'node' && d !== 'pgbench') throw new Error(`no driver ${d} (node, pgbench)`);
  const pgbench = drivers.includes('pgbench') ? pgbenchPath() : undefined;
  if (drivers.includes('pgbench') && pgbench === undefined)
    progress('pgbench not found beside the PostgreSQL binaries: the pgbench driver is skipped');
  const measureAll = async (target: Target): Promise<void> => {
    for (const driver of drivers)
      for (const n of clients) {
        if (driver === 'node') runs.push(await measureNode(target, n, load));
        else if (pgbench !== undefined) runs.push(await measurePgbench(pgbench, target, n, load));
      }
  };
  const runs: Run[] = [];

  const ports = o.ports.split(',');
  for (const p of ports) if (p !== 'primary' && p !== 'read') throw new Error(`no port ${p}`);
  const eddy = await startEddy({ profileDir: o.profile, readPort: ports.includes('read') });
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
    for (const readOnly of [false, true]) {
      if (!ports.includes(readOnly ? 'read' : 'primary')) continue;
      await measureAll({
        name: readOnly ? 'eddy-read' : 'eddy',
        port: readOnly ? eddy.readPort! : eddy.port,
        user: 'eddy',
        database: 'eddy',
        connect: () => eddy.client(readOnly),
        serverCpu: () => Promise.resolve(() => eddy.cpuSeconds()),
      });
    }
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
    await measureAll({
      name: 'postgres',
      port: pgServer.port,
      user: 'postgres',
      database: 'postgres',
      connect: () => pgServer.client(),
      serverCpu: async (pids) => {
        const ps = await pids();
        return () => ps.reduce((s, p) => s + processCpuSeconds(p), 0);
      },
    });
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

/** The CPU-seconds this process has used. */
const ownCpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Load from this process: `clients` pg connections, each running the prepared query in turn. */
async function measureNode(target: Target, clients: number, load: Load): Promise<Run> {
  const { keys, perKey } = load;
  const conns = await Promise.all(Array.from({ length: clients }, () => target.connect()));
  const serverCpuNow = await target.serverCpu(async () => {
    const pids: number[] = [];
    for (const c of conns) {
      const r = await c.query('SELECT pg_backend_pid() AS pid');
      pids.push(Number((r.rows[0] as { pid: number }).pid));
    }
    return pids;
  });
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
  await sleep(load.warmup * 1000);
  measuring = true;
  const started = performance.now();
  const server = serverCpuNow();
  const client = ownCpu();
  await sleep(load.seconds * 1000);
  measuring = false;
  const serverCpuSeconds = serverCpuNow() - server;
  const clientCpuSeconds = ownCpu() - client;
  const elapsed = (performance.now() - started) / 1000;
  done = true;
  await Promise.all(loops);
  await Promise.all(conns.map((c) => c.end()));
  return finished(target, 'node', clients, {
    latencies,
    seconds: elapsed,
    wrong,
    serverCpu: serverCpuSeconds,
    clientCpu: clientCpuSeconds,
  });
}

/** The run of one driver and client count, reported as it ends. */
function finished(
  target: Target,
  driver: Driver,
  clients: number,
  r: Pick<Run, 'latencies' | 'seconds' | 'wrong' | 'serverCpu' | 'clientCpu'>,
): Run {
  const queries = r.latencies.length;
  progress(`${target.name}, ${driver}, ${clients} clients: ${rate(queries, r.seconds)} q/s`);
  return { target: target.name, driver, clients, queries, ...r };
}

/** pgbench beside the PostgreSQL server binaries, if there is one. */
function pgbenchPath(): string | undefined {
  try {
    const path = join(findPgBinDir(), 'pgbench');
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The pgbench script: the lookup on a random key, its answer checked (a wrong or missing row
 * fails the client: \gset wants exactly one row, and the \if runs a division by zero). */
const pgbenchScript = ({ keys, perKey }: Load): string =>
  [
    `\\set k random(0, ${keys - 1})`,
    'SELECT n, total FROM mv WHERE k = :k \\gset',
    `\\set expect ${perKey} * (case when :k = 0 then ${keys} else :k end) + ${(keys * perKey * (perKey - 1)) / 2}`,
    `\\if :n != ${perKey} or :total != :expect`,
    'SELECT 1 / 0;',
    '\\endif',
    '',
  ].join('\n');

/**
 * Load from pgbench: one run of warm-up + measured seconds (+1 s of slack) with a
 * per-transaction log; the transactions that ended inside the measured window count.
 */
async function measurePgbench(
  pgbench: string,
  target: Target,
  clients: number,
  load: Load,
): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-pgbench-'));
  try {
    const script = join(dir, 'lookup.sql');
    writeFileSync(script, pgbenchScript(load));
    const threads = Math.min(clients, availableParallelism());
    const args = [
      ...['-h', '127.0.0.1', '-p', String(target.port), '-U', target.user],
      ...['-n', '-M', 'prepared', '-f', script, '-c', String(clients), '-j', String(threads)],
      ...['-T', String(Math.ceil(load.warmup + load.seconds + 1))],
      ...['--log', `--log-prefix=${join(dir, 'tx')}`, target.database],
    ];
    const child = spawn(pgbench, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => resolve(code ?? -1));
    });
    await sleep(load.warmup * 1000);
    const pid = child.pid!;
    const serverCpuNow = await target.serverCpu(() => pgbenchBackends(target));
    const from = Date.now() / 1000;
    const server = serverCpuNow();
    const client = cpuIfRunning(pid);
    await sleep(load.seconds * 1000);
    const to = Date.now() / 1000;
    const serverCpuSeconds = serverCpuNow() - server;
    const clientCpuSeconds = cpuIfRunning(pid) - client;
    const code = await exited;
    // Log lines: client_id transaction_no time(µs) script_no time_epoch time_us (its end).
    const latencies: number[] = [];
    for (const f of readdirSync(dir).filter((n) => n.startsWith('tx.')))
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        const x = line.split(' ');
        if (x.length < 6) continue;
        const end = Number(x[4]) + Number(x[5]) / 1e6;
        if (end >= from && end < to) latencies.push(Number(x[2]) / 1000);
      }
    const aborted = output.match(/aborted/g)?.length ?? 0;
    const wrong = code === 0 ? 0 : Math.max(1, aborted);
    if (wrong > 0) progress(`pgbench exited with ${code}:\n${output.slice(-2000)}`);
    return finished(target, 'pgbench', clients, {
      latencies,
      seconds: to - from,
      wrong,
      serverCpu: serverCpuSeconds,
      clientCpu: clientCpuSeconds,
    });
  } finally {
    removeDir(dir);
  }
}

/** CPU-seconds of a process, NaN if it has ended (pgbench stops when all its clients failed). */
function cpuIfRunning(pid: number): number {
  try {
    return processCpuSeconds(pid);
  } catch {
    return NaN;
  }
}

/** PostgreSQL backend pids of pgbench's connections (pgbench names itself in application_name). */
async function pgbenchBackends(target: Target): Promise<number[]> {
  const c = await target.connect();
  try {
    const r = await c.query(
      "SELECT pid FROM pg_stat_activity WHERE application_name = 'pgbench' ORDER BY pid",
    );
    return (r.rows as { pid: number }[]).map((row) => Number(row.pid));
  } finally {
    await c.end();
  }
}

/** CPU µs per query. */
const micros = (cpuSeconds: number, queries: number): string =>
  queries === 0 ? '-' : ((cpuSeconds * 1e6) / queries).toFixed(1);

const sleep = (msecs: number): Promise<void> => new Promise((r) => setTimeout(r, msecs));

function report(runs: readonly Run[], keys: number, perKey: number): void {
  const cells = (r: Run | undefined): string[] =>
    r === undefined
      ? ['-', '-', '-', '-']
      : [
          rate(r.queries, r.seconds),
          ms(percentile(r.latencies, 50)),
          ms(percentile(r.latencies, 99)),
          micros(r.serverCpu, r.queries),
        ];
  for (const driver of [...new Set(runs.map((r) => r.driver))]) {
    const mine = runs.filter((r) => r.driver === driver);
    const by = (target: Run['target'], clients: number): Run | undefined =>
      mine.find((r) => r.target === target && r.clients === clients);
    printTable(
      `lookup, load from ${driver}: ${QUERY} (prepared) on an indexed view of ${count(keys)} rows ` +
        `(over ${count(keys * perKey)} rows); latency in ms; server CPU µs per query`,
      [
        'clients',
        ...['eddy q/s', 'eddy read-only q/s', 'postgres q/s'].flatMap((t) => [
          t,
          'p50',
          'p99',
          'cpu',
        ]),
      ],
      [...new Set(mine.map((r) => r.clients))].map((n) => [
        String(n),
        ...cells(by('eddy', n)),
        ...cells(by('eddy-read', n)),
        ...cells(by('postgres', n)),
      ]),
    );
    console.log(
      `load generator (${driver}) CPU µs per query: ` +
        mine.map((r) => `${r.target}/${r.clients} ${micros(r.clientCpu, r.queries)}`).join(', '),
    );
  }
  const wrong = runs.reduce((s, r) => s + r.wrong, 0);
  console.log(`answers checked: ${wrong === 0 ? 'all correct' : `${wrong} WRONG`}`);
  if (wrong > 0) process.exitCode = 1;
  printJson('lookup', {
    keys,
    rowsPerKey: perKey,
    results: runs.map((r) => ({
      target: r.target,
      driver: r.driver,
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
