// CancelRequest: a second connection carrying the backend's (pid, secret) aborts the running
// statement with 57014; a wrong secret does nothing; the cancel connection is just closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendKey, pgClient } from './support/pg.js';
import { RawClient, serialize, startServer, type TestServer } from './support/raw.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t.server.close();
});

async function sendCancel(pid: number, secret: number): Promise<void> {
  const c = await RawClient.connect(t.port);
  c.send(serialize.cancel(pid, secret));
  await c.waitClosed();
  expect(c.bytes).toEqual([]);
}

describe('CancelRequest', () => {
  it('cancels the running statement of the right backend only', async () => {
    const victim = await pgClient(t.port);
    const bystander = await pgClient(t.port);
    const key = backendKey(victim);
    const running = victim.query('sleep');
    const caught = running.catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await sendCancel(key.pid, key.secret + 1); // wrong secret: ignored
    await sendCancel(key.pid + 1, key.secret); // unknown pid: ignored
    const stillRunning = await Promise.race([
      caught.then(() => 'done'),
      new Promise((r) => setTimeout(() => r('running'), 100)),
    ]);
    expect(stillRunning).toBe('running');
    await sendCancel(key.pid, key.secret);
    expect(await caught).toMatchObject({
      code: '57014',
      message: 'canceling statement due to user request',
    });
    // Both connections still work.
    expect((await victim.query('insert')).command).toBe('INSERT');
    expect((await bystander.query('insert')).command).toBe('INSERT');
    await victim.end();
    await bystander.end();
  });

  it('cancels a statement in the extended protocol', async () => {
    const c = await pgClient(t.port);
    const key = backendKey(c);
    const caught = c.query('sleep', []).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await sendCancel(key.pid, key.secret);
    expect(await caught).toMatchObject({ code: '57014' });
    await c.end();
  });

  it('aborts the running statement when the client disconnects', async () => {
    const c = await RawClient.ready(t.port);
    const session = t.factory.sessions.at(-1)!;
    c.send(serialize.query('sleep'));
    await new Promise((r) => setTimeout(r, 50));
    c.socket.destroy();
    await c.until(() => session.closed);
  });
});
