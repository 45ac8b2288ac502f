// Shared helpers of the benchmarks in bench/ (run with `npm run bench -- <name>`): start the
// built Eddy server (dist/) as a child process on a temporary data directory and stop it, read its
// RSS and the size of its data directory, COPY FROM STDIN through `pg` without pg-copy-streams,
// latency statistics, and the output every benchmark prints: aligned tables and one JSON line.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
/** Linux's USER_HZ, the unit of utime/stime in /proc/<pid>/stat. */
const CLOCK_TICKS = 100;

/** Servers still running, killed if the benchmark exits without stopping them. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export interface EddyProcess {
  readonly pid: number;
  readonly port: number;
  /** The read-only port (StartOptions.readPort), if asked for. */
  readonly readPort: number | undefined;
  readonly dataDir: string;
  /** Milliseconds from spawn to the startup banner (listening). */
  readonly startMs: number;
  /** A new connected client (of the read-only port if asked); stop() ends those still open. */
  client(readOnly?: boolean): Promise<pg.Client>;
  /** Memory of the server process, from /proc/<pid>/status (bytes): resident (anonymous =
   * heap and buffers, file = mapped LMDB pages) and the peak resident size. */
  memory(): Memory;
  /**
   * CPU time (user + system) the server has used, in seconds, from /proc/<pid>/stat: its process
   * and the reader processes of its read-only port.
   */
  cpuSeconds(): number;
  /** Stops the server (SIGTERM, waits for its exit); the data directory stays. */
  stop(): Promise<void>;
}

export interface Memory {
  readonly rss: number;
  readonly anon: number;
  readonly file: number;
  readonly peak: number;
}

export interface StartOptions {
  /** Node flags of the server process, e.g. `--max-old-space-size=512`. */
  readonly nodeFlags?: readonly string[];
  /** Data directory; a fresh temporary one when absent (see tempDataDir). */
  readonly dataDir?: string;
  /** Run the server under `node --cpu-prof`, leaving its profile here ('' or absent: no). */
  readonly profileDir?: string;
  /**
   * Pin the server (all its threads) to core 0 and this process to the other cores (Linux
   * taskset): the load generator no longer competes with the server for a core.
   */
  readonly pin?: boolean;
  /** Serve a read-only port too (`--read-port 0`, reader processes beside the writer). */
  readonly readPort?: boolean;
}

/** The `--profile DIR` option of the benchmarks that start servers (StartOptions.profileDir). */
export const PROFILE_OPTION = {
  default: '',
  help: 'node --cpu-prof output directory for the servers (empty: none)',
};

/** The `--pin yes|no` option of the benchmarks that start servers (StartOptions.pin). */
export const PIN_OPTION = {
  default: 'no',
  help: 'yes: the server runs on core 0 alone, this process on the other cores (taskset)',
};

/** Pins this process to every core but core 0 (for StartOptions.pin); once is enough. */
function pinSelf(): void {
  const n = cpus().length;
  if (n < 2) throw new Error('--pin needs at least 2 cores');
  execFileSync('taskset', ['-apc', `1-${n - 1}`, String(process.pid)], { stdio: 'ignore' });
}

/** A fresh temporary data directory; remove it with removeDir once done. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'eddy-bench-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The Node flags the `eddy` command runs with: its shebang's (`npm start` passes the same). */
export function serverNodeFlags(): string[] {
  const first = readFileSync(CLI, 'utf8').split('\n', 1)[0]!;
  const m = /^#!\/usr\/bin\/env -S node\b(.*)$/.exec(first);
  return m === null
    ? []
    : m[1]!
        .trim()
        .split(/\s+/)
        .filter((f) => f !== '');
}

/**
 * Starts `node [the eddy command's flags] [flags] dist/cli/main.js serve` on a free port;
 * resolves once it listens.
 */
export function startEddy(opts: StartOptions = {}): Promise<EddyProcess> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const started = performance.now();
  const profile = opts.profileDir ?? '';
  const args = [
    ...serverNodeFlags(),
    ...(opts.nodeFlags ?? []),
    ...(profile === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`]),
    CLI,
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--http-port',
    '0',
    '--data-dir',
    dataDir,
    '--log-level',
    'info',
    ...(opts.readPort === true ? ['--read-port', '0'] : []),
  ];
  if (opts.pin === true) pinSelf();
  const child =
    opts.pin === true
      ? spawn('taskset', ['-c', '0', process.execPath, ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    let buffered = '';
    let ready = false;
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      log = (log + d.toString()).slice(-4000);
      let nl: number;
      while (!ready && (nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const ports = bannerPorts(line);
        if (ports === undefined) continue;
        ready = true;
        resolve(eddyProcess(child, ports, dataDir, performance.now() - started));
      }
      if (ready) buffered = '';
    });
    // A server that never got ready leaves no temporary directory behind.
    const fail = (e: Error): void => {
      if (opts.dataDir === undefined) removeDir(dataDir);
      reject(e);
    };
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (!ready)
        fail(new Error(`eddy serve exited (${code ?? signal}) before it was ready:\n${log}`));
    });
  });
}

function bannerPorts(line: string): { port: number; readPort?: number } | undefined {
  try {
    const o = JSON.parse(line) as { msg?: unknown; port?: unknown; readPort?: number };
    return typeof o.port === 'number' && String(o.msg).includes('ready')
      ? { port: o.port, ...(o.readPort === undefined ? {} : { readPort: o.readPort }) }
      : undefined;
  } catch {
    return undefined;
  }
}

function eddyProcess(
  child: ChildProcess,
  { port, readPort }: { port: number; readPort?: number },
  dataDir: string,
  startMs: number,
): EddyProcess {
  const pid = child.pid!;
  const clients: pg.Client[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid,
    port,
    readPort,
    dataDir,
    startMs,
    async client(readOnly = false) {
      const c = new pg.Client({
        host: '127.0.0.1',
        port: readOnly ? readPort! : port,
        user: 'eddy',
        database: 'eddy',
      });
      await c.connect();
      clients.push(c);
      return c;
    },
    memory() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string): number =>
        Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
      return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile'), peak: kb('VmHWM') };
    },
    cpuSeconds() {
      return [pid, ...childPids(pid)].reduce((sum, p) => sum + processCpuSeconds(p), 0);
    },
    async stop() {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The child processes of a process, from /proc (Linux). */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter((p) => p.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU-seconds (user + system) a process has used so far, from /proc. */
export function processCpuSeconds(pid: number): number {
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
}

/** Total size in bytes of the files under `dir` (LMDB's data.mdb is allocated as it grows). */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).blocks * 512;
  }
  return total;
}

/**
 * COPY ... FROM STDIN through a `pg` client, sending `chunks` as CopyData messages; resolves with
 * the row count of the CommandComplete. (A minimal pg "submittable", as pg-copy-streams is not
 * installed.)
 */
export function copyFrom(
  client: pg.Client,
  sql: string,
  chunks: Iterable<string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let error: Error | undefined;
    let count = 0;
    const submittable = {
      submit(con: CopyConnection) {
        con.query(sql);
      },
      handleCopyInResponse(con: CopyConnection) {
        for (const c of chunks) con.sendCopyFromChunk(Buffer.from(c));
        con.endCopyFrom();
      },
      handleCommandComplete(msg: { text: string }) {
        count = Number(/(\d+)$/.exec(msg.text)?.[1] ?? 0);
      },
      handleError(err: Error) {
        error = err;
      },
      handleReadyForQuery() {
        if (error === undefined) resolve(count);
        else reject(error);
      },
    };
    void client.query(submittable as unknown as pg.QueryConfig);
  });
}

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** The p-th percentile (0..100, nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '-');
export const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
export const rate = (n: number, seconds: number): string =>
  Math.round(n / seconds).toLocaleString('en-US');
export const count = (n: number): string => n.toLocaleString('en-US');

/** Prints an aligned table under a title. */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Load average when the benchmark started: other work on the machine skews the figures. */
const loadAtStart = loadavg()[0]!;

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  /** 1-minute load average at the start and now. */
  readonly loadStart: number;
  readonly loadNow: number;
  /** The commit measured, with `+` when src/ has uncommitted changes. */
  readonly commit: string;
}

export function machine(): Machine {
  const c = cpus();
  return {
    cores: c.length,
    cpu: c[0]?.model ?? '?',
    loadStart: loadAtStart,
    loadNow: loadavg()[0]!,
    commit: commitAtStart,
  };
}

/** Read-only git queries (`--no-optional-locks`: never takes the index lock). */
function commit(): string {
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', ['--no-optional-locks', ...args], { cwd: ROOT, encoding: 'utf8' }).trim();
    return git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', 'src') ? '+' : '');
  } catch {
    return 'unknown';
  }
}
const commitAtStart = commit();

/** The machine-readable result: one line `BENCH {"bench": name, ...}`, with the machine. */
export function printJson(bench: string, result: Record<string, unknown>): void {
  const m = machine();
  console.log(
    `\nmachine: ${m.cores} cores (${m.cpu}); load average (1 min) ` +
      `${m.loadStart.toFixed(2)} at start, ${m.loadNow.toFixed(2)} at end; commit ${m.commit}`,
  );
  console.log(`BENCH ${JSON.stringify({ bench, ...result, machine: m })}`);
}

/** Progress on stderr (so stdout stays the tables and the JSON line). */
export function progress(text: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

/** Comma-separated positive integers (`10000,1000000`), as size arguments are given. */
export function intList(text: string, what: string): number[] {
  const out = text.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (out.length === 0 || out.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error(`${what}: expected comma-separated positive integers, got ${text}`);
  return out;
}

export function int(text: string, what: string): number {
  return intList(text, what)[0]!;
}

/**
 * A benchmark's options: `--name value` for each key of `defaults` (values stay strings), plus
 * `--quick` (the `quick` values replace the defaults not given explicitly) and `--help`.
 */
export function parseOptions<K extends string>(
  argv: readonly string[],
  bench: string,
  spec: Record<K, { readonly default: string; readonly quick?: string; readonly help: string }>,
): Record<K, string> & { quick: boolean } {
  const keys = Object.keys(spec) as K[];
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      quick: { type: 'boolean' },
      help: { type: 'boolean' },
      ...Object.fromEntries(keys.map((k) => [k, { type: 'string' as const }])),
    },
  });
  if (values.help === true) {
    console.log(`npm run bench -- ${bench} [--quick] [options]\n`);
    for (const k of keys) {
      const s = spec[k];
      const q = s.quick === undefined ? '' : `, --quick: ${s.quick}`;
      console.log(`  --${k.padEnd(14)} ${s.help} (default ${s.default}${q})`);
    }
    process.exit(0);
  }
  const quick = values.quick === true;
  const out: Record<string, string> = {};
  for (const k of keys) {
    const given = (values as Record<string, unknown>)[k];
    const s = spec[k];
    out[k] = typeof given === 'string' ? given : quick ? (s.quick ?? s.default) : s.default;
  }
  return { ...(out as Record<K, string>), quick };
}

/** A small seeded PRNG (mulberry32): the same keys on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
