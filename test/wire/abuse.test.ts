// Hostile or broken clients: garbage bytes, truncated messages, absurd lengths. Each affects
// only its own connection; the server keeps serving everyone else. Also server shutdown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { pgClient } from './support/pg.js';
import { RawClient, serialize, startServer, type TestServer } from './support/raw.js';

let t: TestServer;
let witness: pg.Client;
beforeAll(async () => {
  t = await startServer();
  witness = await pgClient(t.port);
});
afterAll(async () => {
  await witness.end();
  await t.server.close();
});

async function stillServing(): Promise<void> {
  expect((await witness.query('insert')).command).toBe('INSERT');
  const fresh = await pgClient(t.port);
  expect((await fresh.query('insert')).command).toBe('INSERT');
  await fresh.end();
}

describe('abuse', () => {
  it('closes a connection that sends garbage instead of a startup packet', async () => {
    const c = await RawClient.connect(t.port);
    c.send(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    const [err] = await c.next('error');
    expect(err).toMatchObject({ severity: 'FATAL', code: '08P01' });
    await c.waitClosed();
    await stillServing();
  });

  it('rejects an unknown message type with FATAL 08P01', async () => {
    const c = await RawClient.ready(t.port);
    c.send(Buffer.from([0x7a, 0, 0, 0, 4]));
    const [err] = await c.next('error');
    expect(err).toMatchObject({
      severity: 'FATAL',
      code: '08P01',
      message: 'invalid frontend message type 122',
    });
    await c.waitClosed();
    await stillServing();
  });

  it('rejects a huge message length without waiting for the bytes', async () => {
    const c = await RawClient.ready(t.port);
    c.send(Buffer.from([0x51, 0x7f, 0xff, 0xff, 0xff]));
    const [err] = await c.next('error');
    expect(err).toMatchObject({ code: '08P01', message: 'invalid message length' });
    await c.waitClosed();
    await stillServing();
  });

  it('rejects a huge startup packet', async () => {
    const c = await RawClient.connect(t.port);
    c.send(Buffer.from([0x00, 0x10, 0x00, 0x00, 0, 3, 0, 0]));
    const [err] = await c.next('error');
    expect(err).toMatchObject({ code: '08P01', message: 'invalid length of startup packet' });
    await c.waitClosed();
    await stillServing();
  });

  it('survives a truncated message followed by a disconnect', async () => {
    const c = await RawClient.ready(t.port);
    const session = t.factory.sessions.at(-1)!;
    const q = serialize.query('insert');
    c.send(q.subarray(0, q.length - 3));
    await new Promise((r) => setTimeout(r, 20));
    c.socket.destroy();
    await c.until(() => session.closed);
    await stillServing();
  });

  it('reports a malformed body as an ERROR and recovers at Sync', async () => {
    const c = await RawClient.ready(t.port);
    // Execute whose body is a string without terminator.
    c.send(Buffer.from([0x45, 0, 0, 0, 6, 0x61, 0x62]), serialize.sync());
    const msgs = await c.next('readyForQuery');
    expect(msgs[0]).toMatchObject({
      severity: 'ERROR',
      code: '08P01',
      message: 'invalid string in message',
    });
    c.send(serialize.query('insert'));
    expect((await c.next('readyForQuery'))[0]).toMatchObject({ text: 'INSERT 0 1' });
    c.end();
  });

  it('survives random bytes after startup', async () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let round = 0; round < 20; round++) {
      const c = await RawClient.ready(t.port);
      c.send(Buffer.from(Array.from({ length: 64 }, rand)));
      await new Promise((r) => setTimeout(r, 5));
      c.socket.destroy();
    }
    await stillServing();
  });
});

describe('shutdown', () => {
  it('sends FATAL 57P01 to open connections and closes them', async () => {
    const s = await startServer();
    const idle = await RawClient.ready(s.port);
    const busy = await RawClient.ready(s.port);
    busy.send(serialize.query('sleep'));
    await new Promise((r) => setTimeout(r, 30));
    await s.server.close();
    for (const c of [idle, busy]) {
      const msgs = await c.next('error');
      expect(msgs.at(-1)).toMatchObject({
        severity: 'FATAL',
        code: '57P01',
        message: 'terminating connection due to administrator command',
      });
      await c.waitClosed();
    }
    expect(s.factory.sessions.every((x) => x.closed)).toBe(true);
  });
});
