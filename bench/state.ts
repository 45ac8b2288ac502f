// Benchmark `state`: a GROUP BY view with many distinct groups on a server whose JS heap is
// capped (`node --max-old-space-size=512`), to show that view state lives in LMDB, not in memory.
// Loads `--groups` rows (one per group) into s(k, v) by batched multi-row INSERT from a few
// clients, feeding `mv = SELECT k, count(*), sum(v) FROM s GROUP BY k` with `CREATE INDEX ON mv
// (k)`; reports the load rate, the server's RSS (anonymous = heap and buffers, file = mapped LMDB
// pages) and the size of the data directory along the way, then stops the server, starts it
// again on the same directory and times how long until a SELECT from the view answers (a point
// lookup through the index), and finally checks the view's totals with a full scan.
// `--time-limit S` stops loading after S seconds and reports the groups reached.
import type pg from 'pg';
import {
  count,
  dirBytes,
  int,
  mib,
  parseOptions,
  printJson,
  printTable,
  progress,
  rate,
  removeDir,
  startEddy,
  tempDataDir,
  type EddyProcess,
} from './support.js';

const SPEC = {
  groups: { default: '50000000', quick: '100000', help: 'distinct groups (rows) to load' },
  batch: { default: '5000', quick: '2000', help: 'rows per INSERT statement' },
  clients: { default: '2', help: 'concurrent loading clients' },
  heap: { default: '512', help: 'server --max-old-space-size (MiB)' },
  'time-limit': { default: '0', help: 'stop loading after this many seconds (0 = none)' },
};

interface Sample {
  seconds: number;
  groups: number;
  rssBytes: number;
  anonBytes: number;
  diskBytes: number;
}

export async function run(argv: string[]): Promise<void> {
  const o = parseOptions(argv, 'state', SPEC);
  const target = int(o.groups, '--groups');
  const batch = int(o.batch, '--batch');
  const clients = int(o.clients, '--clients');
  const timeLimit = Number(o['time-limit']);
  const nodeFlags = [`--max-old-space-size=${int(o.heap, '--heap')}`];
  const dataDir = tempDataDir();
  try {
    let server = await startEddy({ dataDir, nodeFlags });
    const setup = await server.client();
    await setup.query('CREATE TABLE s (k int NOT NULL, v int NOT NULL)');
    await setup.query(
      'CREATE MATERIALIZED VIEW mv AS SELECT k, count(*) AS n, sum(v) AS total FROM s GROUP BY k',
    );
    await setup.query('CREATE INDEX ON mv (k)');
    const { groups, seconds, samples } = await load(server, target, batch, clients, timeLimit);
    const loaded = sample(server, seconds, groups);
    const peak = server.memory().peak;

    const stopStart = performance.now();
    await server.stop();
    const stopSeconds = (performance.now() - stopStart) / 1000;
    const restart = performance.now();
    server = await startEddy({ dataDir, nodeFlags });
    const listenSeconds = server.startMs / 1000;
    const c = await server.client();
    const probe = groups - 1;
    const r = await c.query(`SELECT n, total FROM mv WHERE k = ${probe}`);
    const readySeconds = (performance.now() - restart) / 1000;
    const probeOk = r.rows.length === 1 && Number((r.rows[0] as { n: string }).n) === 1;
    const afterRestart = server.memory();
    progress(`restarted: ready in ${readySeconds.toFixed(2)} s; full scan of the view…`);
    const scanStart = performance.now();
    const totals = await c.query('SELECT count(*) AS groups, sum(n) AS n FROM mv');
    const scanSeconds = (performance.now() - scanStart) / 1000;
    const t = totals.rows[0] as { groups: string; n: string };
    const scanOk = Number(t.groups) === groups && Number(t.n) === groups;
    const afterScan = server.memory();
    await server.stop();

    const timeNote = groups < target ? ` (time limit: ${count(groups)} of ${count(target)})` : '';
    printTable(
      `state: ${count(groups)} groups${timeNote}, server node --max-old-space-size=${o.heap}`,
      ['after s', 'groups', 'rows/s', 'RSS MiB', 'anon MiB', 'disk MiB'],
      [...samples, loaded].map((s) => [
        s.seconds.toFixed(0),
        count(s.groups),
        rate(s.groups, s.seconds),
        mib(s.rssBytes),
        mib(s.anonBytes),
        mib(s.diskBytes),
      ]),
    );
    printTable(
      'state: restart and read',
      ['measure', 'value'],
      [
        ['load rate (rows/s)', rate(groups, seconds)],
        ['peak RSS while loading (MiB)', mib(peak)],
        ['LMDB size on disk (MiB)', mib(loaded.diskBytes)],
        ['bytes on disk per group', (loaded.diskBytes / groups).toFixed(0)],
        ['stop (SIGTERM → exit) s', stopSeconds.toFixed(2)],
        ['restart → listening s', listenSeconds.toFixed(2)],
        ['restart → view answers s', readySeconds.toFixed(2)],
        ['RSS after restart (MiB)', mib(afterRestart.rss)],
        ['full scan count(*) of view s', scanSeconds.toFixed(1)],
        ['RSS after full scan (MiB)', mib(afterScan.rss)],
        ['point read and scan totals correct', probeOk && scanOk ? 'yes' : 'NO'],
      ],
    );
    if (!probeOk || !scanOk) process.exitCode = 1;
    printJson('state', {
      groupsTarget: target,
      groups,
      heapMiB: int(o.heap, '--heap'),
      loadSeconds: seconds,
      loadRowsPerSec: Math.round(groups / seconds),
      peakRssBytes: peak,
      samples: [...samples, loaded],
      diskBytes: loaded.diskBytes,
      stopSeconds,
      restartListenSeconds: listenSeconds,
      restartReadySeconds: readySeconds,
      rssAfterRestartBytes: afterRestart.rss,
      fullScanSeconds: scanSeconds,
      rssAfterScanBytes: afterScan.rss,
      correct: probeOk && scanOk,
    });
  } finally {
    removeDir(dataDir);
  }
}

function sample(server: EddyProcess, seconds: number, groups: number): Sample {
  const m = server.memory();
  return {
    seconds,
    groups,
    rssBytes: m.rss,
    anonBytes: m.anon,
    diskBytes: dirBytes(server.dataDir),
  };
}

/** Loads groups 0..target-1 (k = i, v = i % 1000) in batches from `clients` connections. */
async function load(
  server: EddyProcess,
  target: number,
  batch: number,
  clients: number,
  timeLimit: number,
): Promise<{ groups: number; seconds: number; samples: Sample[] }> {
  const conns: pg.Client[] = await Promise.all(
    Array.from({ length: clients }, () => server.client()),
  );
  const samples: Sample[] = [];
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  let next = 0;
  let done = 0;
  let stopped = false;
  let lastSample = 0;
  await Promise.all(
    conns.map(async (c) => {
      while (!stopped && next < target) {
        const a = next;
        const b = Math.min(target, a + batch);
        next = b;
        const values: string[] = [];
        for (let i = a; i < b; i++) values.push(`(${i},${i % 1000})`);
        await c.query(`INSERT INTO s VALUES ${values.join(',')}`);
        done += b - a;
        const now = elapsed();
        if (timeLimit > 0 && now >= timeLimit) stopped = true;
        if (now - lastSample >= 60) {
          lastSample = now;
          const s = sample(server, now, done);
          samples.push(s);
          progress(
            `${count(done)} groups, ${rate(done, now)} rows/s, RSS ${mib(s.rssBytes)} MiB ` +
              `(anon ${mib(s.anonBytes)}), disk ${mib(s.diskBytes)} MiB`,
          );
        }
      }
    }),
  );
  await Promise.all(conns.map((c) => c.end()));
  return { groups: done, seconds: elapsed(), samples };
}
