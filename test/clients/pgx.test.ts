// pgx v5 (Go) against Eddy, end to end: builds test/clients/go with `go build` from the modules
// .ci/run downloaded into the cache (scripts/clients/install.sh; the module proxy is off here),
// starts Eddy in-process, runs the program with the server's port and asserts the JSON summary
// it prints. Checks: binary parameters and results of 13 types in the default extended mode
// (named statements) and two other statement modes, the simple protocol (client-side
// interpolation, text results), a pipelined batch, CopyFrom (binary COPY, no trailer),
// transactions with a savepoint rolled back, and errors with their SQLSTATE. The same program
// passes against PostgreSQL 15 (`eddy-pgx 0 postgres://...`). Fails (does not skip) when Go or
// the modules are missing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { Checks, scriptChecks } from './compat.js';
import { goBuildEnv, parseSummary, runProcess, type CheckResult } from './drivers.js';

const GO_DIR = fileURLToPath(new URL('./go/', import.meta.url));

/** Every check of the program, in its order; each must pass. */
const PASSING = [
  'connect',
  'create_table',
  'extended_binary',
  'mode_cache_describe',
  'mode_describe_exec',
  'simple_protocol',
  'batch',
  'copy_from',
  'transaction',
  'errors',
] as const;

let server: TestServer;
let results: Record<string, CheckResult>;
let binDir: string;
const compat = new Checks(
  'pgx',
  'pgx (Go)',
  'binary parameters and results of 13 types in three extended-protocol modes, simple ' +
    'protocol, batch, CopyFrom (binary COPY), transactions with savepoints, SQLSTATEs',
);

beforeAll(async () => {
  const env = goBuildEnv();
  binDir = mkdtempSync(join(tmpdir(), 'eddy-pgx-'));
  const bin = join(binDir, 'eddy-pgx');
  const build = await runProcess('go', ['build', '-o', bin, '.'], {
    cwd: GO_DIR,
    env,
    timeoutMs: 150_000,
  }).catch((e: unknown) => {
    throw new Error(`go not runnable (${String(e)}): run \`bash scripts/clients/install.sh\``);
  });
  if (build.code !== 0) throw new Error(`go build failed:\n${build.stdout}${build.stderr}`);
  server = await startTestServer();
  results = parseSummary(await runProcess(bin, [String(server.port)], { timeoutMs: 50_000 }));
  compat.version = String(results['connect']?.['pgx'] ?? 'unknown');
  for (const [name, r] of Object.entries(results)) compat.record(name, r.ok);
  compat.save();
}, 220_000);

afterAll(async () => {
  await server?.stop();
  if (binDir !== undefined) rmSync(binDir, { recursive: true, force: true });
});

describe('pgx v5 against Eddy', () => {
  scriptChecks(PASSING, () => results, compat);
});
