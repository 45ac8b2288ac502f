// Eddy's own sqllogictest files (sqllogictest/**/*.slt), each run in a fresh database on Eddy and
// on the PostgreSQL oracle: the expectations must be PostgreSQL's, and Eddy must meet them. Files
// under sqllogictest/eddy/ test Eddy's own SQL (TUMBLE, HOP, ...): PostgreSQL skips them. Files
// under sqllogictest/streaming/ run on PostgreSQL with their materialized views as plain views.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { materializedAsPlainViews, runSltFile } from '../../src/slt/runner.js';
import { formatFileResult } from '../../src/slt/report.js';
import { startOracle, type Oracle } from '../support/oracle.js';
import { startTestServer, type TestServer } from '../support/server.js';

const ROOT = join(import.meta.dirname, '..', '..', 'sqllogictest');

function sltFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sltFiles(p);
    return name.endsWith('.slt') ? [p] : [];
  });
}

const FILES = sltFiles(ROOT);
/** Folder (under ROOT) of the files PostgreSQL cannot run: Eddy's extensions. */
const EDDY_ONLY = 'eddy';
/** Folder of the files about maintained views: PostgreSQL checks them against plain views. */
const STREAMING = 'streaming';
let eddy: TestServer;
let oracle: Oracle;

beforeAll(async () => {
  [eddy, oracle] = await Promise.all([startTestServer(), startOracle()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([eddy?.stop(), oracle?.stop()]);
});

describe('sqllogictest files', () => {
  it('exist', () => {
    expect(FILES.length).toBeGreaterThan(0);
  });

  for (const [i, file] of FILES.entries()) {
    const name = relative(ROOT, file);
    const eddyOnly = name.split(sep)[0] === EDDY_ONLY;
    it.skipIf(eddyOnly)(`${name} on PostgreSQL`, async () => {
      const admin = await oracle.client();
      try {
        await admin.query(`CREATE DATABASE own_${i}`);
      } finally {
        // (PostgreSQL serves a limited number of connections: one per file would run out.)
        await admin.end();
      }
      const pg = await import('pg');
      const c = new pg.default.Client({
        host: '127.0.0.1',
        port: oracle.port,
        user: 'postgres',
        database: `own_${i}`,
      });
      await c.connect();
      try {
        const streaming = name.split(sep)[0] === STREAMING;
        const r = await runSltFile(file, c, streaming ? { rewrite: materializedAsPlainViews } : {});
        expect(r.failed, formatFileResult(r, 10)).toBe(0);
        expect(r.passed).toBeGreaterThan(0);
      } finally {
        await c.end();
      }
    });
    it(`${name} on Eddy`, async () => {
      const admin = await eddy.client();
      try {
        await admin.query(`CREATE DATABASE own_${i}`);
      } finally {
        await admin.end();
      }
      const c = await eddy.client(`own_${i}`);
      const r = await runSltFile(file, c);
      expect(r.failed, formatFileResult(r, 10)).toBe(0);
      expect(r.passed).toBeGreaterThan(0);
    });
  }
});
