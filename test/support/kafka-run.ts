// The vitest-run side of the shared Kafka broker (test/support/kafka.ts is the test-file side).
// The global setup picks one state directory per run and hands it to every test file with
// `provide`; no broker is started here: the first test file that calls kafka() starts it
// (scripts/kafka.sh start is idempotent and locked), so runs without Kafka tests start none.
// The teardown stops the broker if one was started and removes the directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare module 'vitest' {
  export interface ProvidedContext {
    eddyKafkaDir: string;
  }
}

export const KAFKA_SCRIPT = fileURLToPath(new URL('../../scripts/kafka.sh', import.meta.url));

/** Provides the run's broker directory; returns the teardown. */
export function prepareKafkaRun(provide: (dir: string) => void): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-kafka-'));
  provide(dir);
  return () => {
    if (existsSync(join(dir, 'broker.pid'))) {
      // The vitest main process hosts no Eddy server, so a synchronous child is fine here.
      const r = spawnSync('bash', [KAFKA_SCRIPT, 'stop', dir], { encoding: 'utf8' });
      if (r.status !== 0) console.warn(`[kafka] stopping the test broker failed: ${r.stderr}`);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
