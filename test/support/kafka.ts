// Test harness for a real Kafka broker: kafka() returns a KafkaHarness on the broker shared by
// all test files of a vitest run. The broker is started on first use by scripts/kafka.sh (which
// is idempotent and flock-protected, so concurrent test files end up on one broker) in the
// directory the global setup provides; the global teardown stops it. All helpers run child
// processes asynchronously (never spawnSync: test processes may host an Eddy server): kcat for
// producing/consuming, the broker's Java tools for topic admin and the console producer.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { KAFKA_SCRIPT } from './kafka-run.js';

export interface KcatRecord {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  partition?: number;
  headers?: [string, string][];
}

/** A record as kcat -J prints it (key/value decoded as text by kcat). */
export interface ConsumedRecord {
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: [string, string][];
}

export interface KafkaHarness {
  /** 127.0.0.1:PORT of the PLAINTEXT listener (stable across stopBroker/startBroker). */
  readonly bootstrap: string;
  /** 127.0.0.1:PORT of the SASL_PLAINTEXT listener (PLAIN and SCRAM-SHA-256/512). */
  readonly saslBootstrap: string;
  readonly saslUser: string;
  readonly saslPassword: string;
  uniqueTopic(prefix: string): string;
  createTopic(name: string, partitions?: number): Promise<void>;
  deleteTopic(name: string): Promise<void>;
  addPartitions(name: string, total: number): Promise<void>;
  produceKcat(topic: string, records: readonly KcatRecord[]): Promise<void>;
  produceConsole(
    topic: string,
    lines: readonly string[],
    options?: { keySeparator?: string },
  ): Promise<void>;
  consumeKcat(
    topic: string,
    options?: { isolation?: 'read_committed' | 'read_uncommitted'; from?: 'beginning' },
  ): Promise<ConsumedRecord[]>;
  /** Stops the broker (only a privateKafka() one). */
  stopBroker(): Promise<void>;
  startBroker(): Promise<void>;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program, feeding `input` on stdin; rejects on a non-zero exit or after `timeoutMs`. */
export function run(
  cmd: string,
  args: readonly string[],
  input: string | Buffer = '',
  timeoutMs = 60_000,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const r = {
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      if (r.code === 0) resolve(r);
      else {
        const why =
          signal !== null ? `killed by ${signal} (timeout ${timeoutMs} ms?)` : `exit ${r.code}`;
        reject(new Error(`${cmd} ${args.join(' ')}: ${why}\n${r.stderr.slice(-2000)}`));
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

let harness: Promise<KafkaHarness> | undefined;

/** The run's shared broker (started on first call in any test file of the run). */
export function kafka(): Promise<KafkaHarness> {
  harness ??= open(inject('eddyKafkaDir'), true);
  return harness;
}

/**
 * A broker of the calling test's own, in `dir` (started now; stopBroker() stops it): for tests
 * that stop or restart a broker, which must not pull the shared one from under other test files.
 */
export function privateKafka(dir: string): Promise<KafkaHarness> {
  return open(dir, false);
}

async function open(dir: string, shared: boolean): Promise<KafkaHarness> {
  const start = async (): Promise<string> =>
    (await run('bash', [KAFKA_SCRIPT, 'start', dir], '', 180_000)).stdout.trim().split('\n').pop()!;
  const bootstrap = await start();
  let saslBootstrap: string;
  let libs: string;
  try {
    saslBootstrap = (await run('bash', [KAFKA_SCRIPT, 'status', dir, '--sasl'])).stdout.trim();
    libs = (await run('bash', [KAFKA_SCRIPT, 'libs'])).stdout.trim();
  } catch (e) {
    // A private broker nobody will stop otherwise (the shared one is stopped by the global teardown).
    if (!shared) await run('bash', [KAFKA_SCRIPT, 'stop', dir], '', 120_000).catch(() => undefined);
    throw e;
  }
  const java = (mainClass: string, args: readonly string[], input = ''): Promise<RunResult> =>
    run(
      'java',
      [
        '-Xmx256m',
        '-XX:TieredStopAtLevel=1',
        '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
        '-cp',
        `${libs}/*`,
        mainClass,
        ...args,
      ],
      input,
    );
  const topics = (args: readonly string[]): Promise<RunResult> =>
    java('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', bootstrap, ...args]);
  let counter = 0;

  /** Waits until the broker's metadata shows `topic` with `partitions` partitions (or gone). */
  const awaitTopic = async (topic: string, partitions: number): Promise<void> => {
    for (let i = 0; i < 100; i++) {
      const md = await run('kcat', ['-L', '-J', '-b', bootstrap, '-t', topic, '-m', '5']);
      const parsed = JSON.parse(md.stdout) as {
        topics: { topic: string; partitions: unknown[]; error?: string }[];
      };
      const t = parsed.topics.find((x) => x.topic === topic);
      const have = t === undefined || t.error !== undefined ? 0 : t.partitions.length;
      if (have === partitions) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`topic ${topic} did not reach ${partitions} partitions in broker metadata`);
  };

  return {
    bootstrap,
    saslBootstrap,
    saslUser: 'eddy',
    saslPassword: 'eddy-secret',
    uniqueTopic: (prefix) =>
      `${prefix}-${process.pid}-${++counter}-${randomBytes(3).toString('hex')}`,
    async createTopic(name, partitions = 1) {
      await topics(['--create', '--topic', name, '--partitions', String(partitions)]);
      await awaitTopic(name, partitions);
    },
    async deleteTopic(name) {
      await topics(['--delete', '--topic', name]);
      await awaitTopic(name, 0);
    },
    async addPartitions(name, total) {
      await topics(['--alter', '--topic', name, '--partitions', String(total)]);
      await awaitTopic(name, total);
    },
    async produceKcat(topic, records) {
      for (const group of kcatGroups(records)) {
        const args = ['-P', '-b', bootstrap, '-t', topic, '-K', group.keyDelim, '-D', group.delim];
        if (group.partition !== undefined) args.push('-p', String(group.partition));
        for (const [k, v] of group.headers) args.push('-H', `${k}=${v}`);
        if (group.nulls) args.push('-Z');
        await run('kcat', args, group.input);
      }
    },
    async produceConsole(topic, lines, options = {}) {
      const args = ['--bootstrap-server', bootstrap, '--topic', topic];
      if (options.keySeparator !== undefined) {
        args.push('--reader-property', 'parse.key=true');
        args.push('--reader-property', `key.separator=${options.keySeparator}`);
      }
      await java(
        'org.apache.kafka.tools.ConsoleProducer',
        args,
        lines.map((l) => `${l}\n`).join(''),
      );
    },
    async consumeKcat(topic, options = {}) {
      const isolation = options.isolation ?? 'read_committed';
      const args = ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-J'];
      args.push('-X', `isolation.level=${isolation}`);
      const out = await run('kcat', args);
      return out.stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => parseKcatJson(l))
        .sort((a, b) => a.partition - b.partition || a.offset - b.offset);
    },
    async stopBroker() {
      if (shared) throw new Error('the shared broker serves other test files: use privateKafka()');
      await run('bash', [KAFKA_SCRIPT, 'stop', dir], '', 120_000);
    },
    async startBroker() {
      const again = await start();
      if (again !== bootstrap) throw new Error(`broker came back on ${again}, not ${bootstrap}`);
    },
  };
}

function parseKcatJson(line: string): ConsumedRecord {
  const j = JSON.parse(line) as {
    partition: number;
    offset: number;
    ts: number;
    key: string | null;
    payload: string | null;
    headers?: string[];
  };
  const headers: [string, string][] = [];
  const h = j.headers ?? [];
  for (let i = 0; i + 1 < h.length; i += 2) headers.push([h[i]!, h[i + 1]!]);
  return {
    partition: j.partition,
    offset: j.offset,
    timestamp: j.ts,
    key: j.key ?? null,
    value: j.payload ?? null,
    headers,
  };
}

interface KcatGroup {
  partition: number | undefined;
  headers: [string, string][];
  nulls: boolean;
  keyDelim: string;
  delim: string;
  input: Buffer;
}

/**
 * Splits records into runs that one `kcat -P` call can produce: same partition, same headers,
 * and the same use of -Z (needed for NULL values; it also turns empty keys/values into NULL, so
 * a run with -Z must not contain ""). A NULL key is a record without a key delimiter. Keys and
 * values are framed with random multi-byte delimiters that occur in no record, so any bytes
 * (NUL, newlines) survive.
 */
function kcatGroups(records: readonly KcatRecord[]): KcatGroup[] {
  const bytes = (x: string | Buffer): Buffer => (Buffer.isBuffer(x) ? x : Buffer.from(x));
  const runs: { sig: string; items: KcatRecord[] }[] = [];
  for (const r of records) {
    const sig = JSON.stringify([r.partition ?? null, r.headers ?? [], r.value === null]);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.sig === sig) last.items.push(r);
    else runs.push({ sig, items: [r] });
  }
  return runs.map(({ items }) => {
    const first = items[0]!;
    const nulls = first.value === null;
    const payloads = items.flatMap((r) => [r.key, r.value]).filter((x) => x != null);
    if (nulls && payloads.some((x) => bytes(x).length === 0)) {
      throw new Error('produceKcat: "" cannot share a kcat -Z run with a NULL value');
    }
    const all = Buffer.concat(payloads.map(bytes));
    let keyDelim: string;
    let delim: string;
    do {
      keyDelim = `\x01K${randomBytes(6).toString('hex')}\x02`;
      delim = `\x01M${randomBytes(6).toString('hex')}\x02`;
    } while (all.includes(keyDelim) || all.includes(delim));
    const parts: Buffer[] = [];
    for (const r of items) {
      if (r.key != null) parts.push(bytes(r.key), Buffer.from(keyDelim));
      if (r.value !== null) parts.push(bytes(r.value));
      parts.push(Buffer.from(delim));
    }
    return {
      partition: first.partition,
      headers: first.headers ?? [],
      nulls,
      keyDelim,
      delim,
      input: Buffer.concat(parts),
    };
  });
}
