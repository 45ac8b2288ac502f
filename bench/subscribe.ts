// Benchmark `subscribe`: change → delivery latency of SUBSCRIBE with 1, 100 and 1,000 concurrent
// subscribers on one materialized view. A table t holds one row; `mv` passes its columns through.
// One writer UPDATEs that row at a steady rate, setting v to the client's send time in µs since
// the epoch (kept strictly increasing, so each value is unique); every subscriber, on its own
// connection, runs `SUBSCRIBE TO mv WITH (SNAPSHOT = false)` read with pg-cursor in a loop and
// stamps each row as its DataRow arrives (pg-cursor's 'row' event). Each UPDATE is one tick, so it
// reaches a subscriber as two rows: the old value retracted (mz_diff -1) and the new one inserted
// (+1). Latency is receive − send of the inserted value; the retraction carries the previous
// write's send time, so it is checked but not timed. Warm-up writes run until every subscriber
// has seen one, so that all subscriptions are live when measuring starts. Then each subscriber
// must have seen every measured value inserted exactly once, in order, and retracted exactly once
// (except the last). The subscribers run in this process: at many subscribers its CPU (shown)
// is part of the latency. Target (issue): p99 < 20 ms for 100 subscribers.
import type pg from 'pg';
import Cursor from 'pg-cursor';
import {
  count,
  intList,
  ms,
  parseOptions,
  percentile,
  printJson,
  printTable,
  progress,
  removeDir,
  startEddy,
  type EddyProcess,
} from './support.js';

const SPEC = {
  subscribers: { default: '1,100,1000', quick: '1,10', help: 'concurrent subscribers' },
  rate: { default: '50', help: 'UPDATEs per second' },
  seconds: { default: '10', quick: '2', help: 'measured seconds per subscriber count' },
};

/** Rows asked for per Execute; rows are timed as they arrive, not when a read completes. */
const READ_ROWS = 100;
/** How long to wait for the last changes to arrive after the last write. */
const DRAIN_MS = 10_000;

interface Run {
  subscribers: number;
  writes: number;
  writeSeconds: number;
  /** Seconds over which the CPU times were taken (the writes and the drain). */
  cpuWindow: number;
  deliveries: number;
  latencies: number[];
  /** Round trip of each measured UPDATE (ms): it returns once its tick is sealed. */
  updates: number[];
  serverCpu: number;
  clientCpu: number;
  /** Subscribers that did not see every change exactly once, with what was wrong. */
  faults: string[];
}

/** Microseconds since the epoch, from the high-resolution clock. */
const nowMicros = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);
const sleep = (msecs: number): Promise<void> => new Promise((r) => setTimeout(r, msecs));

/** One subscriber: values inserted and retracted, with the arrival time of each insertion. */
class Subscriber {
  readonly inserted: number[] = [];
  readonly received: number[] = [];
  readonly retracted: number[] = [];
  private stopped = false;
  private readonly reading: Promise<void>;

  constructor(private readonly client: pg.Client) {
    const cursor = client.query(new Cursor('SUBSCRIBE TO mv WITH (SNAPSHOT = false)'));
    cursor.on('row', (row: { mz_diff: string; v: string }) => {
      const at = nowMicros();
      const v = Number(row.v);
      if (Number(row.mz_diff) > 0) {
        this.inserted.push(v);
        this.received.push(at);
      } else this.retracted.push(v);
    });
    this.reading = (async () => {
      for (;;) {
        const rows = await new Promise<unknown[]>((resolve, reject) =>
          cursor.read(READ_ROWS, (e, r) => (e ? reject(e) : resolve(r))),
        ).catch((e: unknown) => {
          if (this.stopped) return [];
          throw e;
        });
        if (this.stopped || rows.length === 0) return;
      }
    })();
  }

  /** Ends the connection (and so the subscription); fails if reading failed before. */
  async close(): Promise<void> {
    this.stopped = true;
    await this.client.end();
    await this.reading;
  }
}

export async function run(argv: string[]): Promise<void> {
  const o = parseOptions(argv, 'subscribe', SPEC);
  const counts = intList(o.subscribers, '--subscribers');
  const writesPerSecond = Number(o.rate);
  const seconds = Number(o.seconds);
  const runs: Run[] = [];
  const eddy = await startEddy();
  try {
    const c = await eddy.client();
    await c.query('CREATE TABLE t (id int NOT NULL, v bigint NOT NULL)');
    await c.query('INSERT INTO t VALUES (1, 0)');
    await c.query('CREATE MATERIALIZED VIEW mv AS SELECT id, v FROM t');
    for (const n of counts) runs.push(await measure(eddy, c, n, writesPerSecond, seconds));
  } finally {
    await eddy.stop();
    removeDir(eddy.dataDir);
  }
  report(runs, writesPerSecond);
}

async function measure(
  eddy: EddyProcess,
  writer: pg.Client,
  n: number,
  writesPerSecond: number,
  seconds: number,
): Promise<Run> {
  const subs: Subscriber[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = Math.min(50, n - i);
    const clients = await Promise.all(Array.from({ length: batch }, () => eddy.client()));
    subs.push(...clients.map((cl) => new Subscriber(cl)));
  }
  let last = 0;
  const updates: number[] = [];
  const write = async (): Promise<number> => {
    const v = Math.max(nowMicros(), last + 1);
    last = v;
    await writer.query({ name: 'write', text: 'UPDATE t SET v = $1 WHERE id = 1', values: [v] });
    updates.push((nowMicros() - v) / 1000);
    return v;
  };

  // Warm-up: write until every subscription has delivered a change.
  const warmupUntil = Date.now() + 60_000;
  while (subs.some((s) => s.inserted.length === 0)) {
    if (Date.now() > warmupUntil) throw new Error(`${n} subscribers: not all live after 60 s`);
    await write();
    await sleep(50);
  }
  await sleep(200);
  const skip = subs.map((s) => s.inserted.length);
  progress(`${n} subscribers live`);

  updates.length = 0;
  const cpu0 = eddy.cpuSeconds();
  const client0 = process.cpuUsage();
  const written: number[] = [];
  const started = performance.now();
  const total = Math.round(writesPerSecond * seconds);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / writesPerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    written.push(await write());
  }
  const writeSeconds = (performance.now() - started) / 1000;
  const drainUntil = Date.now() + DRAIN_MS;
  while (Date.now() < drainUntil && subs.some((s, i) => s.inserted.length - skip[i]! < total))
    await sleep(20);
  const cpuWindow = (performance.now() - started) / 1000;
  const serverCpu = eddy.cpuSeconds() - cpu0;
  const cu = process.cpuUsage(client0);
  const clientCpu = (cu.user + cu.system) / 1e6;
  await sleep(100); // late duplicates, if any, still count against exactly-once
  await Promise.all(subs.map((s) => s.close()));

  const sendTime = new Set(written);
  const latencies: number[] = [];
  const faults: string[] = [];
  subs.forEach((s, i) => {
    const from = skip[i]!;
    for (let k = from; k < s.inserted.length; k++)
      if (sendTime.has(s.inserted[k]!)) latencies.push((s.received[k]! - s.inserted[k]!) / 1000);
    const fault = check(written, s.inserted.slice(from), s.retracted);
    if (fault !== null) faults.push(`subscriber ${i}: ${fault}`);
  });
  progress(
    `${n} subscribers: ${count(written.length)} writes, ${count(latencies.length)} deliveries, ` +
      `p99 ${ms(percentile(latencies, 99))} ms, ${faults.length} faulty`,
  );
  return {
    subscribers: n,
    writes: written.length,
    writeSeconds,
    cpuWindow,
    deliveries: latencies.length,
    latencies,
    updates,
    serverCpu,
    clientCpu,
    faults,
  };
}

/**
 * Whether one subscriber saw the written values exactly once each: inserted in write order, and
 * each but the last retracted once (retractions of warm-up values are ignored). null when so.
 */
export function check(
  written: readonly number[],
  inserted: readonly number[],
  retracted: readonly number[],
): string | null {
  if (inserted.length !== written.length || inserted.some((v, i) => v !== written[i])) {
    const seen = new Set(inserted);
    const missing = written.filter((v) => !seen.has(v)).length;
    const repeated = inserted.length - seen.size;
    const what =
      missing + repeated === 0 ? 'out of order' : `${missing} missing, ${repeated} repeated`;
    return `${inserted.length} insertions for ${written.length} writes: ${what}`;
  }
  const first = written[0] ?? Infinity;
  const measured = retracted.filter((v) => v >= first);
  const expected = written.slice(0, -1);
  if (measured.length !== expected.length || measured.some((v, i) => v !== expected[i]))
    return `${measured.length} retractions for ${expected.length} replaced values`;
  return null;
}

function report(runs: readonly Run[], writesPerSecond: number): void {
  printTable(
    `subscribe: UPDATE of one row → its change delivered to every SUBSCRIBE TO mv ` +
      `(SNAPSHOT = false), ${writesPerSecond} writes/s asked, by one writer (an UPDATE returns ` +
      `once its tick is sealed, so a slow tick lowers the rate); latency in ms`,
    [
      'subscribers',
      'writes',
      'deliveries',
      'p50',
      'p99',
      'max',
      'UPDATE p50',
      'p99',
      'server CPU',
      'client CPU',
      'exactly once',
    ],
    runs.map((r) => [
      count(r.subscribers),
      `${count(r.writes)} (${(r.writes / r.writeSeconds).toFixed(1)}/s)`,
      count(r.deliveries),
      ms(percentile(r.latencies, 50)),
      ms(percentile(r.latencies, 99)),
      ms(percentile(r.latencies, 100)),
      ms(percentile(r.updates, 50)),
      ms(percentile(r.updates, 99)),
      `${r.serverCpu.toFixed(2)} s (${pct(r.serverCpu, r.cpuWindow)})`,
      `${r.clientCpu.toFixed(2)} s (${pct(r.clientCpu, r.cpuWindow)})`,
      r.faults.length === 0 ? 'yes' : `NO (${r.faults.length} subscribers)`,
    ]),
  );
  const faults = runs.flatMap((r) => r.faults);
  for (const f of faults.slice(0, 10)) console.log(`  ${f}`);
  if (faults.length > 0) process.exitCode = 1;
  printJson('subscribe', {
    writesPerSecond,
    results: runs.map((r) => ({
      subscribers: r.subscribers,
      writes: r.writes,
      writeSeconds: r.writeSeconds,
      deliveries: r.deliveries,
      p50Ms: percentile(r.latencies, 50),
      p99Ms: percentile(r.latencies, 99),
      maxMs: percentile(r.latencies, 100),
      updateP50Ms: percentile(r.updates, 50),
      updateP99Ms: percentile(r.updates, 99),
      serverCpuSeconds: r.serverCpu,
      clientCpuSeconds: r.clientCpu,
      exactlyOnce: r.faults.length === 0,
      faultySubscribers: r.faults.length,
    })),
  });
}

/** CPU seconds as a percentage of one core over `seconds`. */
const pct = (cpu: number, seconds: number): string => `${Math.round((100 * cpu) / seconds)}%`;
