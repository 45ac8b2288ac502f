// The built `eddy` command as users run it (node dist/cli/main.js, built by the global setup):
// --version, --help, bad settings, and `serve` on ephemeral ports answering a real pg client and
// exiting 0 on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from '../../bench/support.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const main = join(root, 'dist/cli/main.js');

function eddy(args: string[], env: Record<string, string> = {}): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, [main, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

describe('eddy CLI', () => {
  it('prints the package version', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    const run = eddy(['--version']);
    expect(run.status).toBe(0);
    expect(String(run.stdout).trim()).toBe(pkg.version);
  });

  it('prints help listing serve and its flags with their variables', () => {
    const top = eddy(['--help']);
    expect(top.status).toBe(0);
    expect(String(top.stdout)).toMatch(/Usage: eddy/);
    expect(String(top.stdout)).toMatch(/serve \[options\]/);
    const sub = eddy(['serve', '--help']);
    expect(sub.status).toBe(0);
    for (const text of [
      '--port',
      'EDDY_PORT',
      '--http-port',
      'EDDY_HTTP_PORT',
      '--data-dir',
      'EDDY_LOG_LEVEL',
    ]) {
      expect(String(sub.stdout)).toContain(text);
    }
  });

  it('runs with the same Node flags as the eddy command and as npm start', async () => {
    // The shebang of the installed command (read as the benchmarks read it to start servers)
    // and the start script must agree, and this Node must accept the flags.
    const flags = serverNodeFlags();
    expect(flags).toContain('--max-semi-space-size=64');
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    expect(pkg.scripts.start).toBe(`node ${flags.join(' ')} dist/cli/main.js serve`);
    const run = spawnSync(process.execPath, [...flags, main, '--version'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
  });

  it('refuses bad settings with exit code 1', () => {
    const run = eddy(['serve', '--port', 'x']);
    expect(run.status).toBe(1);
    expect(String(run.stderr)).toContain('invalid port "x" from --port');
    const fromEnv = eddy(['serve'], { EDDY_HTTP_PORT: '70000' });
    expect(fromEnv.status).toBe(1);
    expect(String(fromEnv.stderr)).toContain('from EDDY_HTTP_PORT');
  });

  it('serves on ephemeral ports, answers psql-style clients, and exits 0 on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'eddy-cli-test-'));
    const child = spawn(process.execPath, [main, 'serve', '--port', '0', '--http-port', '0'], {
      cwd: root,
      env: { ...process.env, EDDY_DATA_DIR: dataDir, EDDY_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let client: pg.Client | undefined;
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    try {
      const banner = await new Promise<{ port: number; httpPort: number; dataDir: string }>(
        (resolve, reject) => {
          child.stdout.on('data', (d: Buffer) => {
            stdout += d.toString();
            for (const line of stdout.split('\n')) {
              if (!line.startsWith('{')) continue;
              const entry = JSON.parse(line) as {
                port?: number;
                httpPort?: number;
                dataDir?: string;
              };
              if (
                entry.port !== undefined &&
                entry.httpPort !== undefined &&
                entry.dataDir !== undefined
              ) {
                resolve({ port: entry.port, httpPort: entry.httpPort, dataDir: entry.dataDir });
              }
            }
          });
          void exited.then((code) =>
            reject(new Error(`eddy exited ${code} before its banner:\n${stdout}${stderr}`)),
          );
        },
      );
      expect(banner.port).toBeGreaterThan(0);
      expect(banner.httpPort).toBeGreaterThan(0);
      expect(banner.dataDir).toBe(dataDir);
      client = new pg.Client({
        host: '127.0.0.1',
        port: banner.port,
        user: 'eddy',
        database: 'eddy',
      });
      client.on('error', () => undefined); // reported by the failing query instead
      await client.connect();
      const res = await client.query<{ n: number }>('select 1 as n');
      expect(res.rows).toEqual([{ n: 1 }]);
      await client.end();
      client = undefined;
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toContain('shutting down');
    } finally {
      await client?.end().catch(() => undefined);
      child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
