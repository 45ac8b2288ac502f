// Entry point of the benchmarks: `npm run bench -- <name> [options]` (tsx bench/main.ts). Builds
// dist/ first (incrementally, as the test setup does; EDDY_SKIP_BUILD=1 skips it), because every
// benchmark runs the built server as a child process, then runs the named benchmark. Benchmarks
// are not tests: they print tables and one `BENCH {...}` JSON line, and are not run in CI.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ROOT } from './support.js';

interface Benchmark {
  run(argv: string[]): Promise<void>;
}

const BENCHMARKS: Record<string, { about: string; load: () => Promise<Benchmark> }> = {
  incremental: {
    about: 'one-row UPDATE → GROUP BY and join views refreshed, latency by table size',
    load: () => import('./incremental.js'),
  },
  ingest: {
    about: 'sustained INSERT / COPY rows/s into tables feeding GROUP BY and join views',
    load: () => import('./ingest.js'),
  },
  kafka: {
    about: 'JSON topic of Nexmark-like events → count(*) / GROUP BY views, events/s beside kcat',
    load: () => import('./kafka.js'),
  },
  lookup: {
    about: 'point lookups/s on an indexed view with 1..N clients, side by side with PostgreSQL',
    load: () => import('./lookup.js'),
  },
  state: {
    about: 'many groups under --max-old-space-size=512: load rate, RSS, disk, restart time',
    load: () => import('./state.js'),
  },
  subscribe: {
    about: 'UPDATE → change delivered to 1..N SUBSCRIBE clients of one view: latency, exactly once',
    load: () => import('./subscribe.js'),
  },
};

function usage(): string {
  const lines = Object.entries(BENCHMARKS).map(([n, b]) => `  ${n.padEnd(12)} ${b.about}`);
  return [
    'usage: npm run bench -- <name> [--quick] [options]   (<name> --help lists its options)',
    '',
    ...lines,
  ].join('\n');
}

function build(): void {
  if (process.env['EDDY_SKIP_BUILD'] === '1') return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (r.error !== undefined) throw r.error;
  if (r.status !== 0) {
    // tsc still writes dist/; say so rather than benchmark silently stale or broken code.
    const out = `${r.stdout}${r.stderr}`.trim().split('\n').slice(0, 10).join('\n');
    process.stderr.write(`[bench] tsc reported errors (dist/ was still written):\n${out}\n`);
  } else {
    process.stderr.write(`[bench] built dist/ in ${Date.now() - started} ms\n`);
  }
}

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const bench = name === undefined ? undefined : BENCHMARKS[name];
  if (bench === undefined) {
    console.error(usage());
    process.exitCode = name === undefined || name === '--help' ? 0 : 2;
    return;
  }
  if (!rest.includes('--help')) build();
  await (await bench.load()).run(rest);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
