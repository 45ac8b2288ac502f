// Benchmark `incremental`: how long a one-row UPDATE takes to show in materialized views, by
// table size. For each N: a table t of N rows, a GROUP BY view (by_g, N / group-size groups) and a
// join view of t with a second table (joined, N rows), each with an index for point reads. Then
// one-row UPDATEs of random rows: an UPDATE returns once the tick that carries it through every
// view is sealed, so its round trip is the UPDATE→view-refreshed latency; a SELECT of the affected
// row of each view then confirms that the views show it. Target: latency at 10M rows within 1.5×
// of 10K, p99 < 5 ms. Views are created on the empty tables and the rows loaded by COPY, so
// the load rate shown is also the rate at which both views are maintained.
import type pg from 'pg';
import {
  copyFrom,
  count,
  dirBytes,
  int,
  intList,
  mib,
  ms,
  parseOptions,
  PROFILE_OPTION,
  percentile,
  printJson,
  printTable,
  progress,
  random,
  rate,
  removeDir,
  startEddy,
} from './support.js';

const SPEC = {
  sizes: { default: '10000,1000000,10000000', quick: '1000,10000', help: 'table sizes N' },
  updates: { default: '2000', quick: '200', help: 'measured one-row UPDATEs per size' },
  warmup: {
    default: '2000',
    quick: '500',
    help: 'UPDATEs before measuring (not counted): V8 compiles the UPDATE path over the first thousands',
  },
  'group-size': { default: '10', help: 'rows per group of the GROUP BY view' },
  chunk: { default: '50000', help: 'rows per COPY while loading (one tick each)' },
  profile: PROFILE_OPTION,
};

interface Result {
  n: number;
  groups: number;
  loadSeconds: number;
  /** Server CPU time per measured UPDATE and its two reads. */
  cpuMsPerUpdate: number;
  update: number[];
  read: number[];
  confirmed: number;
  rssBytes: number;
  anonBytes: number;
  diskBytes: number;
}

const UPDATE_SQL = 'UPDATE t SET v = v + 1 WHERE id = $1';

export async function run(argv: string[]): Promise<void> {
  const o = parseOptions(argv, 'incremental', SPEC);
  const results: Result[] = [];
  for (const n of intList(o.sizes, '--sizes')) {
    results.push(
      await runSize(n, {
        updates: int(o.updates, '--updates'),
        warmup: int(o.warmup, '--warmup'),
        groupSize: int(o['group-size'], '--group-size'),
        chunk: int(o.chunk, '--chunk'),
        profile: o.profile,
      }),
    );
  }
  report(results);
}

async function runSize(
  n: number,
  o: { updates: number; warmup: number; groupSize: number; chunk: number; profile: string },
): Promise<Result> {
  const server = await startEddy({ profileDir: o.profile });
  try {
    const c = await server.client();
    const groups = Math.max(1, Math.floor(n / o.groupSize));
    await c.query('CREATE TABLE t (id int PRIMARY KEY, g int NOT NULL, v int NOT NULL)');
    await c.query('CREATE TABLE dim (g int PRIMARY KEY, name text NOT NULL)');
    await c.query(
      'CREATE MATERIALIZED VIEW by_g AS SELECT g, count(*) AS n, sum(v) AS total FROM t GROUP BY g',
    );
    await c.query(
      'CREATE MATERIALIZED VIEW joined AS SELECT t.id, t.v, dim.name FROM t JOIN dim ON dim.g = t.g',
    );
    await c.query('CREATE INDEX ON by_g (g)');
    await c.query('CREATE INDEX ON joined (id)');
    const started = performance.now();
    const loaders = [c, await server.client()];
    await load(loaders, 'dim', groups, o.chunk, (i) => `${i - 1}\tgroup ${i - 1}\n`);
    await load(loaders, 't', n, o.chunk, (i) => `${i}\t${i % groups}\t0\n`);
    const loadSeconds = (performance.now() - started) / 1000;
    progress(`N=${count(n)}: loaded in ${loadSeconds.toFixed(1)} s; updating`);

    const rng = random(42);
    const bumps = new Map<number, number>();
    const totals = new Map<number, number>();
    const update: number[] = [];
    const read: number[] = [];
    let confirmed = 0;
    let cpuStart = 0;
    for (let i = 0; i < o.warmup + o.updates; i++) {
      if (i === o.warmup) cpuStart = server.cpuSeconds();
      const id = 1 + Math.floor(rng() * n);
      const g = id % groups;
      const t0 = performance.now();
      const r = await c.query({ name: 'upd', text: UPDATE_SQL, values: [id] });
      const t1 = performance.now();
      bumps.set(id, (bumps.get(id) ?? 0) + 1);
      totals.set(g, (totals.get(g) ?? 0) + 1);
      const byG = await c.query({
        name: 'read_g',
        text: 'SELECT n, total FROM by_g WHERE g = $1',
        values: [g],
      });
      const t2 = performance.now();
      const joined = await c.query({
        name: 'read_j',
        text: 'SELECT v FROM joined WHERE id = $1',
        values: [id],
      });
      const t3 = performance.now();
      if (i < o.warmup) continue;
      update.push(t1 - t0);
      read.push(t2 - t1, t3 - t2);
      const gRow = byG.rows[0] as { n: string; total: string } | undefined;
      const jRow = joined.rows[0] as { v: number } | undefined;
      if (
        r.rowCount === 1 &&
        Number(gRow?.n) === groupCount(g, n, groups) &&
        Number(gRow?.total) === totals.get(g) &&
        jRow?.v === bumps.get(id)
      )
        confirmed++;
    }
    const cpuMsPerUpdate = ((server.cpuSeconds() - cpuStart) * 1000) / o.updates;
    return {
      n,
      groups,
      loadSeconds,
      cpuMsPerUpdate,
      update,
      read,
      confirmed,
      rssBytes: server.memory().rss,
      anonBytes: server.memory().anon,
      diskBytes: dirBytes(server.dataDir),
    };
  } finally {
    await server.stop();
    removeDir(server.dataDir);
  }
}

/** Rows of t (ids 1..n, g = id % groups) in group g. */
function groupCount(g: number, n: number, groups: number): number {
  return g === 0 ? Math.floor(n / groups) : g > n ? 0 : Math.floor((n - g) / groups) + 1;
}

/**
 * Loads rows 1..total with COPY FROM STDIN, `chunk` rows per COPY (one tick each), from two
 * connections so the next chunk's text is made while the server applies the last one.
 */
async function load(
  conns: readonly pg.Client[],
  table: string,
  total: number,
  chunk: number,
  line: (i: number) => string,
): Promise<void> {
  const started = performance.now();
  let reported = started;
  let next = 1;
  let done = 0;
  await Promise.all(
    conns.map(async (c) => {
      while (next <= total) {
        const a = next;
        const b = Math.min(total, a + chunk - 1);
        next = b + 1;
        const lines: string[] = [];
        for (let i = a; i <= b; i++) lines.push(line(i));
        const pieces: string[] = [];
        for (let p = 0; p < lines.length; p += 1000) pieces.push(lines.slice(p, p + 1000).join(''));
        await copyFrom(c, `COPY ${table} FROM STDIN`, pieces);
        done += b - a + 1;
        const now = performance.now();
        if (now - reported > 30_000) {
          reported = now;
          progress(
            `  ${table}: ${count(done)} / ${count(total)} rows, ${rate(done, (now - started) / 1000)}/s`,
          );
        }
      }
    }),
  );
}

function report(results: readonly Result[]): void {
  printTable(
    'incremental: one-row UPDATE → views refreshed (ms); reads are point SELECTs of each view; ' +
      'server CPU/op = server CPU ms per UPDATE and its two reads',
    [
      'N rows',
      'groups',
      'load rows/s',
      'UPDATEs',
      'UPDATE p50',
      'p99',
      'max',
      'read p50',
      'read p99',
      'server CPU/op',
      'confirmed',
      'RSS MiB',
      'anon MiB',
      'disk MiB',
    ],
    results.map((r) => [
      count(r.n),
      count(r.groups),
      rate(r.n + r.groups, r.loadSeconds),
      count(r.update.length),
      ms(percentile(r.update, 50)),
      ms(percentile(r.update, 99)),
      ms(Math.max(...r.update)),
      ms(percentile(r.read, 50)),
      ms(percentile(r.read, 99)),
      ms(r.cpuMsPerUpdate),
      `${r.confirmed}/${r.update.length}`,
      mib(r.rssBytes),
      mib(r.anonBytes),
      mib(r.diskBytes),
    ]),
  );
  const first = results[0];
  const last = results.at(-1);
  if (first !== undefined && last !== undefined && last !== first) {
    const ratio = percentile(last.update, 50) / percentile(first.update, 50);
    console.log(
      `target: p50 at ${count(last.n)} within 1.5× of ${count(first.n)}: ${ratio.toFixed(2)}× ` +
        `(${ratio <= 1.5 ? 'met' : 'NOT met'})`,
    );
  }
  for (const r of results) {
    const p99 = percentile(r.update, 99);
    console.log(
      `target: p99 < 5 ms at ${count(r.n)}: ${ms(p99)} ms (${p99 < 5 ? 'met' : 'NOT met'})`,
    );
  }
  const unconfirmed = results.filter((r) => r.confirmed !== r.update.length);
  if (unconfirmed.length > 0) {
    console.log('WARNING: some views did not show the update (see "confirmed")');
    process.exitCode = 1;
  }
  printJson('incremental', {
    results: results.map((r) => ({
      n: r.n,
      groups: r.groups,
      loadRowsPerSec: Math.round((r.n + r.groups) / r.loadSeconds),
      updates: r.update.length,
      updateP50Ms: percentile(r.update, 50),
      updateP99Ms: percentile(r.update, 99),
      updateMaxMs: Math.max(...r.update),
      readP50Ms: percentile(r.read, 50),
      readP99Ms: percentile(r.read, 99),
      serverCpuMsPerUpdate: r.cpuMsPerUpdate,
      confirmed: r.confirmed,
      rssBytes: r.rssBytes,
      anonBytes: r.anonBytes,
      diskBytes: r.diskBytes,
    })),
  });
}
