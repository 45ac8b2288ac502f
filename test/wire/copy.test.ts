// COPY through the wire: CopyIn (CopyData/CopyDone/CopyFail from the client) and CopyOut,
// driven with raw pg-protocol messages (pg-copy-streams is not installed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { names, RawClient, serialize, startServer, type TestServer } from './support/raw.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t.server.close();
});

describe('COPY FROM STDIN', () => {
  it('streams CopyData to the session and completes on CopyDone', async () => {
    const c = await RawClient.ready(t.port);
    c.send(serialize.query('copy in'));
    const [resp] = await c.next('copyInResponse');
    expect(resp).toMatchObject({ binary: false, columnTypes: [0, 0] });
    c.send(
      serialize.copyData(Buffer.from('1\ta\n2\t')),
      serialize.copyData(Buffer.from('b\n')),
      serialize.copyDone(),
    );
    const msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual(['commandComplete', 'readyForQuery']);
    expect(msgs[0]).toMatchObject({ text: 'COPY 2' });
    expect(t.factory.copied.at(-1)).toBe('1\ta\n2\tb\n');
    c.end();
  });

  it('aborts on CopyFail with 57014', async () => {
    const c = await RawClient.ready(t.port);
    c.send(serialize.query('copy in'));
    await c.next('copyInResponse');
    c.send(serialize.copyData(Buffer.from('1\n')), serialize.copyFail('client gave up'));
    const msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual(['error', 'readyForQuery']);
    expect(msgs[0]).toMatchObject({
      code: '57014',
      message: 'COPY from stdin failed: client gave up',
    });
    expect(t.factory.log).toContain('abort client gave up');
    // Still usable.
    c.send(serialize.query('insert'));
    expect(names(await c.next('readyForQuery'))).toEqual(['commandComplete', 'readyForQuery']);
    c.end();
  });

  it('fails the COPY and the connection on an unexpected message, like PostgreSQL', async () => {
    const c = await RawClient.ready(t.port);
    c.send(serialize.query('copy in'));
    await c.next('copyInResponse');
    c.send(serialize.query('insert'));
    await c.waitClosed();
    expect(c.messages.slice(-2)).toMatchObject([
      {
        severity: 'ERROR',
        code: '08P01',
        message: 'unexpected message type 0x51 during COPY from stdin',
      },
      {
        severity: 'FATAL',
        code: '08P01',
        message: 'terminating connection because protocol synchronization was lost',
      },
    ]);
  });

  it('works in the extended protocol, ignoring Flush/Sync during COPY', async () => {
    const c = await RawClient.ready(t.port);
    c.send(
      serialize.parse({ text: 'copy in' }),
      serialize.bind({}),
      serialize.execute({}),
      serialize.flush(),
    );
    await c.next('copyInResponse');
    c.send(
      serialize.copyData(Buffer.from('x\n')),
      serialize.flush(),
      serialize.copyDone(),
      serialize.sync(),
    );
    const msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual(['commandComplete', 'readyForQuery']);
    expect(msgs[0]).toMatchObject({ text: 'COPY 1' });
    c.end();
  });

  it('aborts the COPY when the client disconnects', async () => {
    const c = await RawClient.ready(t.port);
    c.send(serialize.query('copy in'));
    await c.next('copyInResponse');
    const session = t.factory.sessions.at(-1)!;
    c.socket.destroy();
    await c.until(() => session.closed);
    expect(t.factory.log).toContain('abort connection lost');
  });
});

describe('COPY TO STDOUT', () => {
  it('sends CopyOutResponse, one CopyData per chunk, CopyDone and the tag', async () => {
    const c = await RawClient.ready(t.port);
    c.send(serialize.query('copy out 3'));
    const msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual([
      'copyOutResponse',
      'copyData',
      'copyData',
      'copyData',
      'copyDone',
      'commandComplete',
      'readyForQuery',
    ]);
    expect(msgs.slice(1, 4).map((m) => (m.chunk as Buffer).toString())).toEqual([
      '1\n',
      '2\n',
      '3\n',
    ]);
    expect(msgs[5]).toMatchObject({ text: 'COPY 3' });
    expect(t.factory.log).toContain('copy out closed');
    c.end();
  });
});
