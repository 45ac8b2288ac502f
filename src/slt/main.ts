#!/usr/bin/env node
// `npm run slt -- [--url postgres://...] FILES...`: runs sqllogictest files and prints a summary
// per file and a closing `N passed, N failed` line; exits 1 if anything failed. Without --url each
// file gets a fresh embedded Eddy (startServer on a temp data dir, ephemeral port), so files never
// see each other's tables. With --url each file gets a fresh connection to that server, and with
// --isolate also a fresh database (CREATE DATABASE / DROP DATABASE), for running against
// PostgreSQL itself; --plain-views sends CREATE/DROP MATERIALIZED VIEW as CREATE/DROP VIEW, for
// checking the files about maintained views (sqllogictest/streaming/) there.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import pg from 'pg';
import { pino } from 'pino';
import { formatFileResult, formatTotals } from './report.js';
import {
  DEFAULT_ENGINES,
  materializedAsPlainViews,
  runSltFile,
  type SltOptions,
  type SltResult,
} from './runner.js';

interface CliOptions {
  readonly url?: string;
  readonly isolate?: boolean;
  readonly plainViews?: boolean;
  readonly maxFailures: number;
  readonly engine: string[];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('not a non-negative integer');
  return n;
}

async function withEmbeddedEddy<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const { startServer } = await import('../server.js');
  const dataDir = await mkdtemp(join(tmpdir(), 'eddy-slt-'));
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const server = await startServer({ host: '127.0.0.1', port: 0, httpPort: 0, dataDir, logger });
  const client = new pg.Client({
    host: '127.0.0.1',
    port: server.port,
    user: 'eddy',
    database: 'eddy',
  });
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function withUrl<T>(
  url: string,
  isolate: boolean,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  if (!isolate) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const db = `slt_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${db}`);
  try {
    const target = new URL(url);
    target.pathname = `/${db}`;
    return await withUrl(target.toString(), false, use);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${db}`);
    await admin.end();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('slt')
    .description(
      'Run sqllogictest files against Eddy (embedded, by default) or any PostgreSQL server',
    )
    .argument('<files...>', 'sqllogictest files')
    .option('--url <url>', 'connect to this server instead of starting an embedded Eddy')
    .option('--isolate', 'with --url: run each file in a database of its own')
    .option('--plain-views', 'send CREATE/DROP MATERIALIZED VIEW as CREATE/DROP VIEW')
    .option('--max-failures <n>', 'failures printed per file', positiveInt, 5)
    .option('--engine <names...>', 'engine names for skipif/onlyif', [...DEFAULT_ENGINES])
    .parse(argv, { from: 'node' });
  const opts = program.opts<CliOptions>();
  const files = program.args;
  const sltOptions: SltOptions = {
    engines: opts.engine,
    ...(opts.plainViews === true && { rewrite: materializedAsPlainViews }),
  };
  const results: SltResult[] = [];
  for (const file of files) {
    const run = (client: pg.Client): Promise<SltResult> => runSltFile(file, client, sltOptions);
    const started = Date.now();
    const result =
      opts.url === undefined
        ? await withEmbeddedEddy(run)
        : await withUrl(opts.url, opts.isolate === true, run);
    results.push(result);
    console.log(formatFileResult(result, opts.maxFailures, Date.now() - started));
  }
  console.log(formatTotals(results));
  return results.some((r) => r.failed > 0) ? 1 : 0;
}

main(process.argv).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(2);
  },
);
