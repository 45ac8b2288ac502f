// Vitest global setup: compiles src/ to dist/ once per test run (incrementally), because some
// tests run the built programs as users do (`node dist/cli/main.js`). Type errors do not stop the
// build (tsc still emits; `npm run typecheck` is the check for them), they are only reported.
// Set EDDY_SKIP_BUILD=1 to skip when dist/ is known to be fresh.
// It also provides the run's Kafka broker directory (started lazily, see ./kafka-run.ts) and
// returns the teardown that stops that broker.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { prepareKafkaRun } from './kafka-run.js';

export default function setup(project: TestProject): () => void {
  const teardown = prepareKafkaRun((dir) => project.provide('eddyKafkaDir', dir));
  build();
  return teardown;
}

function build(): void {
  if (process.env['EDDY_SKIP_BUILD'] === '1') return;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = Date.now();
  const build = spawnSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'],
    { cwd: root, encoding: 'utf8' },
  );
  if (build.error !== undefined) throw build.error;
  if (build.status !== 0) {
    const lines = `${build.stdout}${build.stderr}`.trim().split('\n');
    console.warn(
      `[global-setup] tsc -p tsconfig.build.json reported errors (dist/ was still written):\n` +
        lines.slice(0, 15).join('\n') +
        (lines.length > 15 ? `\n... ${lines.length - 15} more lines` : ''),
    );
  } else {
    console.log(`[global-setup] built dist/ in ${Date.now() - started} ms`);
  }
}
