// A statement's evaluation context (session/eval-context.ts StatementContext): every statement's
// context shares one hidden class. An object spread followed by a getter (what the context was
// before) gets a hidden class of its own per object, allocated in V8's old generation, which
// keeps the getter's closure and the statement's snapshot alive through young-generation
// collections: under point lookups about 1 MB was promoted at every scavenge. The check uses
// V8's %HaveSameMap.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../src/session/engine.js';
import { openLmdbStore } from '../../src/session/lmdb-store.js';
import { registerSessionFunctions } from '../../src/session/functions.js';
import { EddySession } from '../../src/session/session.js';

v8.setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set (a test file's own code is compiled before).
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (
  a: object,
  b: object,
) => boolean;

let dir: string;
let engine: Engine;
let s: EddySession;

beforeAll(() => {
  registerSessionFunctions();
  dir = mkdtempSync(join(tmpdir(), 'eddy-eval-context-'));
  engine = new Engine(openLmdbStore(dir), (e, p) => new EddySession(e, p));
  s = engine.sessionFactory().open({ user: 'eddy', database: 'eddy', options: {} }) as EddySession;
});

afterAll(async () => {
  s.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

it('detects a hidden class per object: a spread then a getter (the control)', () => {
  const base = (n: number): Record<string, unknown> => ({ timeZone: 'UTC', setting: () => n });
  const literal = (n: number): object => ({
    ...base(n),
    get twice() {
      return n * 2;
    },
  });
  expect(haveSameMap(literal(1), literal(2))).toBe(false);
});

it('gives every statement context the same hidden class, before and after use', () => {
  const a = s.evalContext();
  const b = s.evalContext();
  expect(haveSameMap(a, b)).toBe(true);
  // Building the session facts of one does not give it a class of its own.
  expect(a.session?.user).toBe('eddy');
  expect(a.session).toBe(a.session);
  expect(haveSameMap(a, s.evalContext())).toBe(true);
  expect(b.session).not.toBe(a.session);
});

it('reads settings and times of the session as they are', async () => {
  const [set] = s.prepare("SET TimeZone = 'Europe/Paris'", []);
  await s.execute(set!, [], new AbortController().signal);
  await s.sync();
  const ctx = s.evalContext();
  expect(ctx.timeZone).toBe('Europe/Paris');
  expect(ctx.setting('TimeZone')).toBe('Europe/Paris');
  expect(ctx.statementStart).toBeGreaterThanOrEqual(ctx.txnStart);
});
