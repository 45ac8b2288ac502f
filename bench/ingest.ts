// Benchmark `ingest`: sustained write throughput (rows/s) into tables that feed materialized
// views, on a fresh server per run:
//   groupby  events(k, v) feeding a GROUP BY view (count, sum per k)
//   join     customers(id, region) and orders(id, customer, amount) feeding a join view; each
//            batch adds customers and orders of those customers, so every order joins
// Each run loads `--rows` rows with one method — multi-row INSERT (`--batch` rows per statement;
// for join one statement string holds both INSERTs, so one tick) or COPY FROM STDIN
// (`--copy-batch` rows per COPY) — from 1..N concurrent clients taking batches in turn (their
// commits share ticks). Statement text is made before the clock starts. The first `--warmup`
// rows are written the same way before the clock starts too (sustained throughput: a fresh
// server's first few hundred thousand rows run while V8 is still compiling the write path).
// Reports rows/s and rows per CPU-second of the server process (it runs on one core) over the
// measured rows, then checks the view's totals (warm-up rows included).
// `--pin yes` runs the server on core 0 alone and the load generator on the other cores, so the
// two do not compete for a core (on a shared machine this steadies the figures).
// Target: ≥ 200K rows/s per core.
import type pg from 'pg';
import {
  copyFrom,
  count,
  int,
  intList,
  parseOptions,
  PIN_OPTION,
  PROFILE_OPTION,
  printJson,
  printTable,
  progress,
  rate,
  removeDir,
  startEddy,
  type StartOptions,
} from './support.js';

const SPEC = {
  rows: { default: '1000000', quick: '20000', help: 'measured rows per run' },
  warmup: { default: '200000', quick: '5000', help: 'rows written per run before measuring' },
  batch: { default: '1000', help: 'rows per multi-row INSERT statement' },
  'copy-batch': { default: '10000', help: 'rows per COPY statement' },
  clients: { default: '1,4', quick: '1,2', help: 'concurrent writer clients' },
  keys: { default: '10000', help: 'distinct k (groups) of the GROUP BY scenario' },
  scenarios: { default: 'groupby,join', help: 'which scenarios' },
  methods: { default: 'insert,copy', help: 'which methods' },
  profile: PROFILE_OPTION,
  pin: PIN_OPTION,
};

type Scenario = 'groupby' | 'join';
type Method = 'insert' | 'copy';

interface Result {
  scenario: Scenario;
  method: Method;
  clients: number;
  rows: number;
  warmupRows: number;
  seconds: number;
  serverCpu: number;
  checked: boolean;
}

/** One unit of work: what one client sends in one go (a statement or a few COPYs). */
type Work = (c: pg.Client) => Promise<unknown>;

export async function run(argv: string[]): Promise<void> {
  const o = parseOptions(argv, 'ingest', SPEC);
  const rows = int(o.rows, '--rows');
  const results: Result[] = [];
  for (const scenario of o.scenarios.split(',') as Scenario[]) {
    if (scenario !== 'groupby' && scenario !== 'join') throw new Error(`no scenario ${scenario}`);
    for (const method of o.methods.split(',') as Method[]) {
      if (method !== 'insert' && method !== 'copy') throw new Error(`no method ${method}`);
      for (const clients of intList(o.clients, '--clients')) {
        const batch = int(method === 'insert' ? o.batch : o['copy-batch'], '--batch');
        const r = await runOne(
          scenario,
          method,
          clients,
          { rows, warmup: int(o.warmup, '--warmup'), batch, keys: int(o.keys, '--keys') },
          { profileDir: o.profile, pin: o.pin === 'yes' },
        );
        progress(
          `${scenario}/${method}/${clients} clients: ${rate(r.rows, r.seconds)} rows/s` +
            (r.checked ? '' : ' — VIEW CHECK FAILED'),
        );
        results.push(r);
      }
    }
  }
  report(results, o.pin === 'yes');
}

async function runOne(
  scenario: Scenario,
  method: Method,
  clients: number,
  size: { rows: number; warmup: number; batch: number; keys: number },
  start: StartOptions,
): Promise<Result> {
  const { batch, keys } = size;
  // Units of `batch` rows: the first ones (at least `warmup` rows) are the warm-up.
  const warmUnits = Math.ceil(size.warmup / batch);
  const rows = warmUnits * batch + size.rows;
  const server = await startEddy(start);
  try {
    const conns = await Promise.all(Array.from({ length: clients }, () => server.client()));
    const setup = conns[0]!;
    const work: Work[] = [];
    if (scenario === 'groupby') {
      await setup.query('CREATE TABLE events (k int NOT NULL, v int NOT NULL)');
      await setup.query(
        'CREATE MATERIALIZED VIEW per_k AS SELECT k, count(*) AS n, sum(v) AS total FROM events GROUP BY k',
      );
      for (let a = 0; a < rows; a += batch) {
        const ids = range(a, Math.min(rows, a + batch));
        work.push(write(method, 'events', ids, (i) => [i % keys, i % 100]));
      }
    } else {
      await setup.query('CREATE TABLE customers (id int NOT NULL, region int NOT NULL)');
      await setup.query(
        'CREATE TABLE orders (id int NOT NULL, customer int NOT NULL, amount int NOT NULL)',
      );
      await setup.query(
        'CREATE MATERIALIZED VIEW order_regions AS SELECT o.id, o.amount, c.region ' +
          'FROM orders o JOIN customers c ON c.id = o.customer',
      );
      // Half of each batch are new customers, half orders of those customers.
      for (let a = 0; a < rows; a += batch) {
        const ids = range(a / 2, Math.min(rows, a + batch) / 2);
        const customer = (i: number): number[] => [i, i % 50];
        const order = (i: number): number[] => [i, i, i % 1000];
        if (method === 'insert') {
          const sql = `${insertSql('customers', ids, customer)}; ${insertSql('orders', ids, order)}`;
          work.push((c) => c.query(sql));
        } else {
          const cust = write(method, 'customers', ids, customer);
          const ord = write(method, 'orders', ids, order);
          work.push(async (c) => {
            await cust(c);
            await ord(c);
          });
        }
      }
    }
    let next = 0;
    const runUntil = (end: number): Promise<unknown> =>
      Promise.all(
        conns.map(async (c) => {
          while (next < end) await work[next++]!(c);
        }),
      );
    await runUntil(Math.min(warmUnits, work.length));
    const cpu0 = server.cpuSeconds();
    const started = performance.now();
    await runUntil(work.length);
    const seconds = (performance.now() - started) / 1000;
    const serverCpu = server.cpuSeconds() - cpu0;
    const loaded = scenario === 'groupby' ? rows : 2 * Math.floor(rows / 2);
    const checked = await check(setup, scenario, loaded);
    const warmupRows = Math.min(loaded, warmUnits * batch);
    return {
      scenario,
      method,
      clients,
      rows: loaded - warmupRows,
      warmupRows,
      seconds,
      serverCpu,
      checked,
    };
  } finally {
    await server.stop();
    removeDir(server.dataDir);
  }
}

function range(from: number, to: number): number[] {
  return Array.from(
    { length: Math.max(0, Math.floor(to) - Math.floor(from)) },
    (_, i) => Math.floor(from) + i,
  );
}

function insertSql(table: string, ids: readonly number[], row: (i: number) => number[]): string {
  return `INSERT INTO ${table} VALUES ${ids.map((i) => `(${row(i).join(',')})`).join(',')}`;
}

/** The write of `ids` into `table`, its text made now: one INSERT, or one COPY in 1000-row chunks. */
function write(
  method: Method,
  table: string,
  ids: readonly number[],
  row: (i: number) => number[],
): Work {
  if (method === 'insert') {
    const sql = insertSql(table, ids, row);
    return (c) => c.query(sql);
  }
  const chunks: string[] = [];
  for (let a = 0; a < ids.length; a += 1000)
    chunks.push(
      ids
        .slice(a, a + 1000)
        .map((i) => `${row(i).join('\t')}\n`)
        .join(''),
    );
  return (c) => copyFrom(c, `COPY ${table} FROM STDIN`, chunks);
}

/** Whether the view accounts for every row written. */
async function check(c: pg.Client, scenario: Scenario, rows: number): Promise<boolean> {
  if (scenario === 'groupby') {
    const r = await c.query('SELECT sum(n) AS n FROM per_k');
    return Number((r.rows[0] as { n: string }).n) === rows;
  }
  const r = await c.query('SELECT count(*) AS n FROM order_regions');
  return Number((r.rows[0] as { n: string }).n) === rows / 2;
}

function report(results: readonly Result[], pinned: boolean): void {
  printTable(
    'ingest: rows/s into tables feeding a materialized view (server = one Node process)',
    [
      'scenario',
      'method',
      'clients',
      'rows',
      'seconds',
      'rows/s',
      'server CPU s',
      'rows/CPU-s',
      'view ok',
    ],
    results.map((r) => [
      r.scenario,
      r.method,
      String(r.clients),
      count(r.rows),
      r.seconds.toFixed(1),
      rate(r.rows, r.seconds),
      r.serverCpu.toFixed(1),
      rate(r.rows, r.serverCpu),
      r.checked ? 'yes' : 'NO',
    ]),
  );
  const best = Math.max(...results.map((r) => r.rows / r.serverCpu));
  console.log(
    `target: ≥ 200,000 rows/s per core: best ${rate(best, 1)} rows per server CPU-second ` +
      `(${best >= 200_000 ? 'met' : 'NOT met'})`,
  );
  console.log(`rows measured after ${count(results[0]?.warmupRows ?? 0)} warm-up rows per run`);
  if (pinned) console.log('server pinned to core 0, this process to the other cores (--pin yes)');
  if (results.some((r) => !r.checked)) process.exitCode = 1;
  printJson('ingest', {
    pinned,
    results: results.map((r) => ({
      scenario: r.scenario,
      method: r.method,
      clients: r.clients,
      rows: r.rows,
      warmupRows: r.warmupRows,
      seconds: r.seconds,
      rowsPerSec: Math.round(r.rows / r.seconds),
      serverCpuSeconds: r.serverCpu,
      rowsPerCpuSec: Math.round(r.rows / r.serverCpu),
      viewChecked: r.checked,
    })),
  });
}
