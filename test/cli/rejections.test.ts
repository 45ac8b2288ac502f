// A promise rejected with no handler inside the server process: a Kafka client error (the library
// can leave one behind when a broker connection closes) is logged and the server keeps serving;
// anything else is logged as fatal and ends the process with exit code 1 (Node's default, logged).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EDDY_MAIN, startChildServer } from '../support/child-server.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Node flags preloading a module that rejects a promise, with no handler, 1 s after start. */
function rejecting(error: string): string[] {
  const code = `setTimeout(() => { Promise.reject(${error}); }, 1000);`;
  return ['--import', `data:text/javascript,${encodeURIComponent(code)}`];
}

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'eddy-rejections-'));
  dirs.push(d);
  return d;
}

describe('unhandled promise rejections', () => {
  it('a Kafka client error is logged and the server keeps serving', async () => {
    const error = `Object.assign(new Error('Connection closed'), { code: 'PLT_KFK_NETWORK' })`;
    const server = await startChildServer(dataDir(), rejecting(error));
    try {
      await new Promise((r) => setTimeout(r, 1500));
      const c = await server.client();
      expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect(server.child.exitCode).toBeNull();
    } finally {
      await server.kill('SIGTERM');
    }
    expect(server.output()).toContain('Kafka client error with no handler');
  });

  it('any other error ends the process with exit code 1, logged', async () => {
    const args = [...rejecting(`new Error('a bug')`), EDDY_MAIN, 'serve', '--port', '0'];
    const child = spawn(process.execPath, [...args, '--http-port', '0', '--data-dir', dataDir()], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    const fatal = output.split('\n').find((l) => l.includes('unhandled promise rejection'));
    expect(JSON.parse(fatal ?? '{}')).toMatchObject({
      level: 60,
      msg: 'unhandled promise rejection: exiting',
      err: { message: 'a bug' },
    });
  });
});
