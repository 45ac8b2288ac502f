// Crash safety: a child process commits ticks in a loop and is killed with SIGKILL at a random
// point; reopening must show exactly a prefix of the committed ticks — every tick the child
// reported as committed, at most the one in flight beyond it, and nothing torn between tables
// written in the same transaction.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/storage/store.js';
import { rowIdOf } from '../../src/storage/row-id.js';
import { cleanup, tempDir } from './tmpdir.js';

const register = fileURLToPath(new URL('./crash/register-ts.mjs', import.meta.url));
const child = fileURLToPath(new URL('./crash/writer-child.ts', import.meta.url));

/** Runs the writer until it has reported `until` ticks, SIGKILLs it, returns the last reported. */
function runAndKill(dir: string, until: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', register, child, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let reported = 0;
    let buffered = '';
    let stderr = '';
    let killing = false;
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) reported = Math.max(reported, Number(line));
      if (reported >= until && !killing) {
        // A random delay so the kill lands at varying points of the write loop.
        killing = true;
        setTimeout(() => proc.kill('SIGKILL'), Math.random() * 5);
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close' comes after the pipes are drained: `reported` then counts every tick the child
    // printed, and it prints each tick right after its commit returned (pipes are synchronous).
    proc.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(reported);
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}

afterEach(cleanup);

describe('crash safety', () => {
  it('recovers a consistent prefix of committed transactions after SIGKILL', async () => {
    const dir = tempDir();
    let target = 0;
    for (let round = 0; round < 4; round++) {
      target += 40 + Math.floor(Math.random() * 80);
      const reported = await runAndKill(dir, target);
      const store = Store.open(dir);
      try {
        store.read((s) => {
          const tick = s.lastSealedTick()!;
          expect(tick).toBeGreaterThanOrEqual(reported);
          expect(tick).toBeLessThanOrEqual(reported + 1);
          expect(s.get('counter', [1])).toEqual([tick]);
          const log = [...s.scan('log')];
          expect(log.map(([k]) => rowIdOf(k))).toEqual(log.map((_, i) => i + 1));
          expect(log.map(([, r]) => r[0])).toEqual(log.map((_, i) => i + 1));
          expect(log).toHaveLength(tick);
          const total = log.reduce((acc, [, r]) => acc + (r[1] as bigint), 0n);
          expect(s.get('sum', [1])).toEqual([total]);
          const scratch = s.tableIds().filter((id) => id.startsWith('scratch'));
          expect(scratch).toEqual(tick >= 25 ? [`scratch${tick - (tick % 25)}`] : []);
        });
      } finally {
        await store.close();
      }
      target = Math.max(target, reported);
    }
  }, 120_000);
});
