// Benchmark `kafka`: end-to-end ingestion of a Kafka topic into materialized views.
// Starts a real broker (scripts/kafka.sh) in a temporary directory, fills a topic of `--events`
// small Nexmark-bid-like JSON events (`{"auction":…,"bidder":…,"price":…,"channel":…,"url":…,
// "date_time":…,"extra":""}`, `--auctions` distinct auctions) over `--partitions` partitions by
// piping a generated file into `kcat -P` (generation and produce timed apart), then consumes the
// whole topic:
//   kcat     `kcat -C -o beginning -e -q` to /dev/null: the consumer's ceiling on this machine
//   count    CREATE SOURCE bids (auction int8, …) FORMAT JSON + a `count(*)` view
//   groupby  the same source + `SELECT auction, count(*), max(price) … GROUP BY auction`
//   groupsum the same with sum(price) for max(price): only accumulable aggregates (not default)
//   jsonb    FORMAT JSON without columns (data jsonb) + that GROUP BY over data->>'auction' etc.
// Each Eddy case runs on a fresh server and data directory: the clock starts at CREATE SOURCE
// (the view is created right after it, so ingestion feeds it incrementally) and stops when the
// view accounts for every event (polled every 100 ms, with mz_source_statistics for progress),
// or after `--timeout` seconds (then the row says how far it got).
// Reports events/s wall, the server's CPU seconds and events per CPU-second, RSS and data size.
// Target: ≥ 150K events/s per core for `count`, and as close to kcat's rate as possible.
// `--profile DIR` runs the servers under `node --cpu-prof` and leaves the profiles in DIR.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import {
  count,
  dirBytes,
  int,
  mib,
  parseOptions,
  PROFILE_OPTION,
  printJson,
  printTable,
  progress,
  random,
  rate,
  removeDir,
  ROOT,
  startEddy,
} from './support.js';

const SPEC = {
  events: { default: '10000000', quick: '500000', help: 'events in the topic' },
  partitions: { default: '4', help: 'partitions of the topic' },
  auctions: { default: '10000', help: 'distinct auctions (groups of the GROUP BY views)' },
  compression: { default: 'lz4', help: 'kcat -P -z codec: none, gzip, snappy, lz4, zstd' },
  cases: { default: 'kcat,count,groupby,jsonb', help: 'kcat, count, groupby, groupsum, jsonb' },
  timeout: { default: '3600', help: 'seconds one consumer may take before it counts as failed' },
  profile: PROFILE_OPTION,
};

const CASES = ['kcat', 'count', 'groupby', 'groupsum', 'jsonb'] as const;
type Case = (typeof CASES)[number];

const KAFKA_SCRIPT = join(ROOT, 'scripts', 'kafka.sh');
const TOPIC = 'bids';
const COLUMNS =
  'auction int8, bidder int8, price int8, channel text, url text, date_time timestamptz, extra text';
/** The view of each Eddy case, and the query giving the events it accounts for. */
const VIEWS: Record<Exclude<Case, 'kcat'>, { view: string; total: string }> = {
  count: { view: 'SELECT count(*) AS n FROM bids', total: 'SELECT n FROM v' },
  groupby: {
    view: 'SELECT auction, count(*) AS n, max(price) AS top FROM bids GROUP BY auction',
    total: 'SELECT sum(n) AS n FROM v',
  },
  groupsum: {
    view: 'SELECT auction, count(*) AS n, sum(price) AS total FROM bids GROUP BY auction',
    total: 'SELECT sum(n) AS n FROM v',
  },
  jsonb: {
    view:
      "SELECT (data->>'auction')::int8 AS auction, count(*) AS n, " +
      "max((data->>'price')::int8) AS top FROM bids GROUP BY 1",
    total: 'SELECT sum(n) AS n FROM v',
  },
};

interface Produced {
  events: number;
  fileBytes: number;
  generateSeconds: number;
  produceSeconds: number;
  topicBytes: number;
}

interface Consumed {
  reader: Case;
  events: number;
  seconds: number;
  cpuSeconds: number;
  rssBytes?: number;
  /** The anonymous part of the RSS (heap, buffers); the rest is mapped LMDB pages. */
  anonBytes?: number;
  peakBytes?: number;
  dataBytes?: number;
  decodeErrors?: number;
  checked: boolean;
  timedOut: boolean;
}

export async function run(argv: string[]): Promise<void> {
  const o = parseOptions(argv, 'kafka', SPEC);
  const events = int(o.events, '--events');
  const partitions = int(o.partitions, '--partitions');
  const auctions = int(o.auctions, '--auctions');
  const timeoutMs = int(o.timeout, '--timeout') * 1000;
  const cases = o.cases.split(',') as Case[];
  for (const c of cases) if (!CASES.includes(c)) throw new Error(`no case ${c}`);
  const work = mkdtempSync(join(tmpdir(), 'eddy-bench-kafka-'));
  const brokerDir = join(work, 'broker');
  try {
    progress('starting the Kafka broker');
    const broker = lastLine((await exec('bash', [KAFKA_SCRIPT, 'start', brokerDir])).stdout);
    await createTopic(broker, partitions);
    const produced = await produce(broker, join(work, 'events.jsonl'), events, auctions, o);
    removeDir(join(work, 'events.jsonl'));
    produced.topicBytes = topicBytes(join(brokerDir, 'data'));
    const results: Consumed[] = [];
    for (const c of cases) {
      progress(`consuming with ${c}`);
      const r =
        c === 'kcat'
          ? await kcatConsume(broker, events)
          : await eddyConsume(c, broker, events, timeoutMs, o.profile);
      progress(`${c}: ${rate(r.events, r.seconds)} events/s${r.checked ? '' : ' — CHECK FAILED'}`);
      results.push(r);
    }
    report(produced, results, { partitions, auctions, compression: o.compression });
  } finally {
    await exec('bash', [KAFKA_SCRIPT, 'stop', brokerDir]).catch((e: unknown) => {
      console.error(`stopping the broker failed: ${String(e)}`);
    });
    removeDir(work);
  }
}

/** Runs a program asynchronously (never spawnSync: see common rules); rejects on failure. */
function exec(cmd: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${cmd} ${args.join(' ')}: ${code ?? signal}\n${stderr}`));
    });
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

async function createTopic(broker: string, partitions: number): Promise<void> {
  const libs = lastLine((await exec('bash', [KAFKA_SCRIPT, 'libs'])).stdout);
  const java = `-Xmx256m -XX:TieredStopAtLevel=1 -cp ${libs}/* org.apache.kafka.tools.TopicCommand`;
  const create = `--bootstrap-server ${broker} --create --topic ${TOPIC} --partitions ${partitions}`;
  await exec('java', `${java} ${create}`.split(' '));
  // The broker's metadata may lag the command: wait until kcat sees every partition.
  for (let i = 0; i < 100; i++) {
    const md = await exec('kcat', ['-L', '-J', '-b', broker, '-t', TOPIC, '-m', '5']);
    const topics = (JSON.parse(md.stdout) as { topics: { partitions?: unknown[] }[] }).topics;
    if (topics[0]?.partitions?.length === partitions) return;
    await sleep(100);
  }
  throw new Error(`topic ${TOPIC} did not show ${partitions} partitions`);
}

const CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'];

/** Writes the events to `file` (timed), then produces the file with kcat (timed). */
async function produce(
  broker: string,
  file: string,
  events: number,
  auctions: number,
  o: { compression: string },
): Promise<Produced> {
  progress(`generating ${count(events)} events`);
  let started = performance.now();
  const next = random(42);
  const out = createWriteStream(file);
  const epoch = Date.parse('2026-12-01T00:00:00Z');
  for (let i = 0; i < events;) {
    const lines: string[] = [];
    for (const end = Math.min(events, i + 10_000); i < end; i++) {
      const channel = CHANNELS[i % CHANNELS.length]!;
      const auction = 1000 + Math.floor(next() * auctions);
      lines.push(
        `{"auction":${auction},"bidder":${2000 + Math.floor(next() * 100_000)},` +
          `"price":${100 + Math.floor(next() * 100_000)},"channel":"${channel}",` +
          `"url":"https://www.nexmark.com/${channel.toLowerCase()}/item.htm?query=${i % 97}",` +
          `"date_time":"${new Date(epoch + i).toISOString()}","extra":""}\n`,
      );
    }
    if (!out.write(lines.join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
  const generateSeconds = (performance.now() - started) / 1000;
  progress(`producing with kcat -z ${o.compression}`);
  started = performance.now();
  // Large batches and a short linger: kcat's defaults leave the broker doing tiny appends.
  const props = ['linger.ms=20', 'batch.num.messages=100000', 'batch.size=1000000'];
  const args = ['-P', '-b', broker, '-t', TOPIC, '-z', o.compression, '-l', file];
  await exec('kcat', [...args, ...props.flatMap((x) => ['-X', x])]);
  const produceSeconds = (performance.now() - started) / 1000;
  const fileBytes = statSync(file).size;
  return { events, fileBytes, generateSeconds, produceSeconds, topicBytes: 0 };
}

function topicBytes(dataDir: string): number {
  return readdirSync(dataDir)
    .filter((d) => d.startsWith(`${TOPIC}-`))
    .reduce((sum, d) => sum + dirBytes(join(dataDir, d)), 0);
}

/** kcat reading the whole topic to /dev/null; bash's `times` gives its CPU time. */
async function kcatConsume(broker: string, events: number): Promise<Consumed> {
  const script = 'kcat "$@" > /dev/null; status=$?; times; exit $status';
  const args = ['-C', '-b', broker, '-t', TOPIC, '-o', 'beginning', '-e', '-q'];
  const started = performance.now();
  const r = await exec('bash', ['-c', script, 'kcat', ...args]);
  const seconds = (performance.now() - started) / 1000;
  // `times` prints the shell's user/system times, then its children's: "0m0.210s 0m0.060s".
  const children = r.stdout.trim().split('\n').pop() ?? '';
  const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, m) => sum + Number(m[1]) * 60 + Number(m[2]),
    0,
  );
  return { reader: 'kcat', events, seconds, cpuSeconds, checked: true, timedOut: false };
}

interface SourceStats {
  received: number;
  committed: number;
  known: number;
  decodeErrors: number;
}

async function sourceStats(c: pg.Client): Promise<SourceStats> {
  const r = await c.query(
    'SELECT messages_received, offset_committed, offset_known, decode_errors ' +
      'FROM mz_internal.mz_source_statistics',
  );
  const row = (r.rows[0] ?? {}) as Record<string, string | null>;
  const n = (k: string): number => Number(row[k] ?? 0);
  return {
    received: n('messages_received'),
    committed: n('offset_committed'),
    known: n('offset_known'),
    decodeErrors: n('decode_errors'),
  };
}

async function viewTotal(c: pg.Client, sql: string): Promise<number> {
  const r = await c.query(sql);
  return Number((r.rows[0] as { n: string | null } | undefined)?.n ?? 0);
}

async function eddyConsume(
  which: Exclude<Case, 'kcat'>,
  broker: string,
  events: number,
  timeoutMs: number,
  profileDir: string,
): Promise<Consumed> {
  const server = await startEddy({ profileDir });
  try {
    const c = await server.client();
    await c.query(`CREATE CONNECTION k TO KAFKA (BROKER '${broker}')`);
    const columns = which === 'jsonb' ? '' : ` (${COLUMNS})`;
    const cpu0 = server.cpuSeconds();
    const started = performance.now();
    await c.query(
      `CREATE SOURCE bids${columns} FROM KAFKA CONNECTION k (TOPIC '${TOPIC}') FORMAT JSON`,
    );
    await c.query(`CREATE MATERIALIZED VIEW v AS ${VIEWS[which].view}`);
    // Poll the cheap statistics until every offset is committed, then the view until it
    // accounts for every event (its update may trail the source's commit).
    let stats = await sourceStats(c);
    let total = 0;
    let lastReport = started;
    let timedOut = true;
    while (performance.now() - started < timeoutMs) {
      if (stats.committed >= events) {
        total = await viewTotal(c, VIEWS[which].total);
        timedOut = total < events;
        if (!timedOut) break;
      }
      await sleep(100);
      stats = await sourceStats(c);
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        progress(`  ${which}: ${count(stats.committed)} of ${count(events)} offsets committed`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = server.cpuSeconds() - cpu0;
    const mem = server.memory();
    return {
      reader: which,
      events: stats.committed,
      seconds,
      cpuSeconds,
      rssBytes: mem.rss,
      anonBytes: mem.anon,
      peakBytes: mem.peak,
      dataBytes: dirBytes(server.dataDir),
      decodeErrors: stats.decodeErrors,
      checked: total === events && stats.known === events && stats.decodeErrors === 0,
      timedOut,
    };
  } finally {
    await server.stop();
    removeDir(server.dataDir);
  }
}

function sleep(msec: number): Promise<void> {
  return new Promise((r) => setTimeout(r, msec));
}

const LABEL: Record<Case, string> = {
  kcat: 'kcat -C to /dev/null',
  count: 'eddy count(*) view',
  groupby: 'eddy GROUP BY view',
  groupsum: 'eddy GROUP BY sum()',
  jsonb: 'eddy jsonb GROUP BY',
};

function report(
  p: Produced,
  results: readonly Consumed[],
  setup: { partitions: number; auctions: number; compression: string },
): void {
  printTable(
    `kafka: topic of ${count(p.events)} JSON events, ${setup.partitions} partitions, ` +
      `${count(setup.auctions)} auctions, kcat -z ${setup.compression}`,
    ['events', 'JSON MiB', 'generate s', 'produce s', 'produce events/s', 'topic MiB'],
    [
      [
        count(p.events),
        mib(p.fileBytes),
        p.generateSeconds.toFixed(1),
        p.produceSeconds.toFixed(1),
        rate(p.events, p.produceSeconds),
        mib(p.topicBytes),
      ],
    ],
  );
  const opt = (v: number | undefined): string => (v === undefined ? '-' : mib(v));
  printTable(
    'consume the whole topic, end to end (eddy: CREATE SOURCE → view shows every event)',
    'reader|seconds|events/s|CPU s|events/CPU-s|RSS MiB|anon MiB|peak MiB|data MiB|ok'.split('|'),
    results.map((r) => [
      LABEL[r.reader],
      r.seconds.toFixed(1),
      rate(r.events, r.seconds),
      r.cpuSeconds.toFixed(1),
      rate(r.events, r.cpuSeconds),
      opt(r.rssBytes),
      opt(r.anonBytes),
      opt(r.peakBytes),
      opt(r.dataBytes),
      r.timedOut ? 'timeout' : r.checked ? 'yes' : 'NO',
    ]),
  );
  const kcat = results.find((r) => r.reader === 'kcat');
  const countCase = results.find((r) => r.reader === 'count');
  if (countCase !== undefined) {
    const perCpu = countCase.events / countCase.cpuSeconds;
    const vsKcat =
      kcat === undefined
        ? ''
        : `; ${((100 * kcat.seconds) / countCase.seconds).toFixed(0)}% of kcat's events/s`;
    console.log(
      `target: ≥ 150,000 events/s per core for count(*): ${rate(perCpu, 1)} events per server ` +
        `CPU-second (${perCpu >= 150_000 ? 'met' : 'NOT met'})${vsKcat}`,
    );
  }
  if (results.some((r) => !r.checked)) process.exitCode = 1;
  printJson('kafka', {
    events: p.events,
    ...setup,
    produce: { ...p, eventsPerSec: Math.round(p.events / p.produceSeconds) },
    results: results.map((r) => ({
      ...r,
      eventsPerSec: Math.round(r.events / r.seconds),
      eventsPerCpuSec: Math.round(r.events / r.cpuSeconds),
    })),
  });
}
