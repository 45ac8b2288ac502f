// The `slt` command (node dist/slt/main.js, built by the global setup) against the PostgreSQL
// oracle with --url --isolate: per-file summaries, failure details, the closing totals line, and
// the exit code. Both files create table t, which --isolate makes possible.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOracle, type Oracle } from '../support/oracle.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function slt(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/slt/main.js', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('slt command', () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = await startOracle();
  });
  afterAll(async () => {
    await oracle?.stop();
  });

  it('passes a good file with exit code 0', async () => {
    const url = `postgres://postgres@127.0.0.1:${oracle.port}/postgres`;
    const run = await slt(['--url', url, '--isolate', fixture('basic.slt')]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^PASS .*basic\.slt: 18 passed, 0 failed, 2 skipped \(halted\) \[\d+ ms\]$/m,
    );
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('18 passed, 0 failed, 2 skipped');
    expect(run.code).toBe(0);
  });

  it('reports failures with file:line, expected and actual, and exits 1', async () => {
    const url = `postgres://postgres@127.0.0.1:${oracle.port}/postgres`;
    const run = await slt([
      '--url',
      url,
      '--isolate',
      fixture('basic.slt'),
      fixture('failing.slt'),
    ]);
    expect(run.stdout).toMatch(/^FAIL .*failing\.slt: 3 passed, 1 failed, 0 skipped/m);
    expect(run.stdout).toContain('failing.slt:9: result values differ');
    expect(run.stdout).toContain(
      ['    expected:', '      1', '      3', '    actual:', '      1', '      2'].join('\n'),
    );
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('21 passed, 1 failed, 2 skipped');
    expect(run.code).toBe(1);
    // --isolate dropped the per-file databases.
    const c = await oracle.client();
    const dbs = await c.query("select datname from pg_database where datname like 'slt_%'");
    expect(dbs.rows).toEqual([]);
  });
});
