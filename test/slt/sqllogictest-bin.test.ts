// The SQLite sqllogictest files select1-3 run against Eddy through the reference runner,
// `sqllogictest` from the crate sqllogictest-bin (installed by .ci/run), over tokio-postgres with
// the simple protocol (`--engine postgres`) and with prepared statements (`postgres-extended`).
// Each run's outcome is recorded for the README compatibility table (test/clients/compat.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { Checks } from '../clients/compat.js';
import { toRowPerLine } from './convert.js';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'slt', 'sqlite');
const NAMES = ['select1.test', 'select2.test', 'select3.test'];
let files: string[] = [];

function findBinary(): string {
  const candidates = [
    join(
      process.env.EDDY_CI_CACHE ?? join(homedir(), '.cache', 'eddy-ci'),
      'cargo',
      'bin',
      'sqllogictest',
    ),
    ...(process.env.PATH ?? '').split(':').map((d) => join(d, 'sqllogictest')),
  ];
  const hit = candidates.find((c) => existsSync(c));
  if (hit === undefined) {
    throw new Error(
      'sqllogictest (crate sqllogictest-bin) is not installed: run .ci/run, which installs it',
    );
  }
  return hit;
}

let server: TestServer;
const compat = new Checks(
  'sqllogictest-bin',
  'tokio-postgres (Rust, via sqllogictest-bin)',
  'SQLite select1-3 sqllogictest files, simple protocol (--engine postgres) and prepared ' +
    'statements (--engine postgres-extended)',
);

beforeAll(async () => {
  server = await startTestServer();
  // sqllogictest-rs reads one row per line: convert the SQLite files (values one per line).
  const dir = mkdtempSync(join(tmpdir(), 'eddy-slt-'));
  files = NAMES.map((n) => {
    const out = join(dir, n);
    writeFileSync(out, toRowPerLine(readFileSync(join(SHARED, n), 'utf8')));
    return out;
  });
});

afterAll(async () => {
  await server.stop();
});

describe('sqllogictest-bin against eddy', () => {
  for (const engine of ['postgres', 'postgres-extended']) {
    for (const [i, name] of NAMES.entries()) {
      it(`passes ${name} with --engine ${engine}`, { timeout: 600_000 }, async () => {
        const bin = findBinary();
        const admin = await server.client();
        // Each file creates its own tables: one database per file.
        const db = `sltbin_${engine.replace('-', '_')}_${i}`;
        await admin.query(`CREATE DATABASE ${db}`);
        // The server runs in this process: the runner must be spawned asynchronously.
        const args = [
          '--engine',
          engine,
          '--color',
          'never',
          '-h',
          '127.0.0.1',
          '-p',
          String(server.port),
          '-d',
          db,
          '-u',
          'eddy',
          files[i]!,
        ];
        const { status, output } = await run(bin, args);
        compat.record(`${engine} ${name}`, status === 0 && output.includes('[OK]'));
        expect(status, output.slice(-4000)).toBe(0);
        expect(output).toContain('[OK]');
      });
    }
  }

  it('README compatibility row matches these runs', async () => {
    compat.version = (await run(findBinary(), ['--version'])).output.trim();
    compat.save();
    expect(compat.readmeRowMismatch()).toBeNull();
  });
});

/** Runs the runner asynchronously (the server runs in this process). */
async function run(
  bin: string,
  args: string[],
): Promise<{ status: number | null; output: string }> {
  const child = spawn(bin, args);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, output };
}
