// The listener and output batching: one socket write per protocol round, large results
// streamed in bounded writes, ephemeral ports, and listen errors.
import { Socket } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listen } from '../../src/wire/server.js';
import { FakeFactory } from './support/fake-session.js';
import { pgClient } from './support/pg.js';
import { RawClient, serialize, startServer, type TestServer } from './support/raw.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t.server.close();
});

/** Counts socket writes made by the server (its sockets' local port is the server's). */
async function serverWrites(run: () => Promise<void>): Promise<Buffer[]> {
  const writes: Buffer[] = [];
  const orig = Socket.prototype.write;
  const spy = vi.spyOn(Socket.prototype, 'write').mockImplementation(function (
    this: Socket,
    ...args: Parameters<Socket['write']>
  ) {
    if (this.localPort === t.port) writes.push(Buffer.from(args[0] as Uint8Array));
    return orig.apply(this, args);
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return writes;
}

describe('output batching', () => {
  it('answers a whole simple-query round with one write', async () => {
    const c = await RawClient.ready(t.port);
    const writes = await serverWrites(async () => {
      c.send(serialize.query('series 100'));
      await c.next('readyForQuery');
    });
    expect(writes).toHaveLength(1);
    c.end();
  });

  it('answers an extended-protocol round with one write', async () => {
    const c = await RawClient.ready(t.port);
    const writes = await serverWrites(async () => {
      c.send(
        serialize.parse({ text: 'series 10' }),
        serialize.bind({}),
        serialize.describe({ type: 'P', name: '' }),
        serialize.execute({}),
        serialize.sync(),
      );
      await c.next('readyForQuery');
    });
    expect(writes).toHaveLength(1);
    c.end();
  });

  it('streams a large result in bounded writes', async () => {
    const c = await pgClient(t.port);
    let rows = 0;
    const writes = await serverWrites(async () => {
      rows = (await c.query('series 200000')).rowCount ?? 0;
    });
    expect(rows).toBe(200000);
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.length).toBeLessThan(100);
    expect(Math.max(...writes.map((w) => w.length))).toBeLessThan(2 * 1024 * 1024);
    await c.end();
  });
});

describe('listen', () => {
  it('binds an ephemeral port and reports it', () => {
    expect(t.port).toBeGreaterThan(0);
  });

  it('rejects when the port is taken', async () => {
    await expect(
      listen({
        host: '127.0.0.1',
        port: t.port,
        factory: new FakeFactory(),
        logger: pino({ level: 'silent' }),
      }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('close() resolves with no connections open', async () => {
    const s = await startServer();
    await s.server.close();
    await expect(RawClient.connect(s.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
