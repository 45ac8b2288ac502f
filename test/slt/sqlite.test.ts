// The SQLite sqllogictest files select1-3 (../shared/slt/sqlite) run against Eddy through our own
// runner, each in a fresh database. Every record must pass.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSltFile } from '../../src/slt/runner.js';
import { formatFileResult } from '../../src/slt/report.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'slt', 'sqlite');
const FILES = ['select1.test', 'select2.test', 'select3.test'];

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

describe('sqlite sqllogictest through the eddy runner', () => {
  it('finds the shared test files', () => {
    for (const f of FILES) expect(existsSync(join(SHARED, f)), join(SHARED, f)).toBe(true);
  });

  for (const [i, f] of FILES.entries()) {
    it(f, { timeout: 600_000 }, async () => {
      const admin = await server.client();
      await admin.query(`CREATE DATABASE slt_${i}`);
      const c = await server.client(`slt_${i}`);
      const result = await runSltFile(join(SHARED, f), c);
      console.log(formatFileResult(result, 10));
      expect(result.failed, formatFileResult(result, 10)).toBe(0);
      expect(result.passed).toBeGreaterThan(1000);
    });
  }
});
