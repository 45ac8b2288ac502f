// The simple query protocol and startup, through the `pg` driver and a raw client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgClient } from './support/pg.js';
import { names, RawClient, serialize, startServer, type TestServer } from './support/raw.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t.server.close();
});

describe('startup', () => {
  it('opens a session with the startup parameters and reports its settings', async () => {
    const c = await pgClient(t.port, {
      application_name: 'tester',
      options: '-c search_path=s1 --statement-timeout=5 -cwork_mem=1MB',
    });
    const opened = t.factory.opened.at(-1)!;
    expect(opened.user).toBe('alice');
    expect(opened.database).toBe('db');
    expect(opened.options).toMatchObject({
      application_name: 'tester',
      search_path: 's1',
      statement_timeout: '5',
      work_mem: '1MB',
    });
    await c.end();
  });

  it('greets with AuthenticationOk, ParameterStatus, BackendKeyData, ReadyForQuery', async () => {
    const c = await RawClient.connect(t.port);
    c.send(serialize.startup({ user: 'u' }));
    const msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual([
      'authenticationOk',
      'parameterStatus',
      'parameterStatus',
      'parameterStatus',
      'backendKeyData',
      'readyForQuery',
    ]);
    expect(msgs[1]).toMatchObject({ parameterName: 'server_version', parameterValue: '15.0' });
    expect(msgs.at(-1)).toMatchObject({ status: 'I' });
    // database defaults to the user name
    expect(t.factory.opened.at(-1)).toMatchObject({ user: 'u', database: 'u' });
    c.end();
  });

  it('refuses an unknown database with FATAL 3D000', async () => {
    await expect(pgClient(t.port, { database: 'nope' })).rejects.toMatchObject({
      code: '3D000',
      severity: 'FATAL',
      message: 'database "nope" does not exist',
    });
  });

  it('refuses a startup packet without a user', async () => {
    const c = await RawClient.connect(t.port);
    c.send(serialize.startup({ database: 'x' }));
    const [err] = await c.next('error');
    expect(err).toMatchObject({
      severity: 'FATAL',
      code: '28000',
      message: 'no PostgreSQL user name specified in startup packet',
    });
    await c.waitClosed();
  });

  it('answers N to SSLRequest and GSSENCRequest, then accepts the startup', async () => {
    const c = await RawClient.connect(t.port, false);
    const gss = Buffer.alloc(8);
    gss.writeInt32BE(8, 0);
    gss.writeInt32BE(80877104, 4);
    c.send(serialize.requestSsl());
    await c.until(() => Buffer.concat(c.bytes).length >= 1);
    c.send(gss);
    await c.until(() => Buffer.concat(c.bytes).length >= 2);
    expect(Buffer.concat(c.bytes).toString()).toBe('NN');
    c.send(serialize.startup({ user: 'u' }));
    await c.until(() => Buffer.concat(c.bytes).includes(Buffer.from([0x5a, 0, 0, 0, 5, 0x49])));
    c.end();
  });

  it('negotiates protocol 3.1 down to 3.0, listing unknown _pq_ options', async () => {
    const c = await RawClient.connect(t.port, false);
    const body = Buffer.from(
      '\u0000\u0003\u0000\u0001user\u0000u\u0000_pq_.x\u0000y\u0000\u0000',
      'latin1',
    );
    const len = Buffer.alloc(4);
    len.writeInt32BE(body.length + 4);
    c.send(len, body);
    await c.until(() => Buffer.concat(c.bytes).includes(Buffer.from([0x5a, 0, 0, 0, 5, 0x49])));
    const all = Buffer.concat(c.bytes);
    expect(String.fromCharCode(all[0]!)).toBe('v');
    const vlen = all.readInt32BE(1);
    expect(all.readInt32BE(5)).toBe(3 << 16); // newest minor version supported: 3.0
    expect(all.readInt32BE(9)).toBe(1);
    expect(all.subarray(13, 1 + vlen).toString('latin1')).toBe('_pq_.x\u0000');
    expect(String.fromCharCode(all[1 + vlen]!)).toBe('R');
    c.end();
  });

  it('refuses protocol 2.0 with FATAL 0A000', async () => {
    const c = await RawClient.connect(t.port);
    const b = Buffer.alloc(8);
    b.writeInt32BE(8, 0);
    b.writeInt32BE(2 << 16, 4);
    c.send(b);
    const [err] = await c.next('error');
    expect(err).toMatchObject({
      code: '0A000',
      message: 'unsupported frontend protocol 2.0: server supports 3.0 to 3.0',
    });
    await c.waitClosed();
  });
});

describe('simple query', () => {
  it('runs a statement and returns its rows', async () => {
    const c = await pgClient(t.port);
    const r = await c.query('select 42');
    expect(r.rows).toEqual([{ '?column?': 42 }]);
    expect(r.command).toBe('SELECT');
    expect(r.rowCount).toBe(1);
    expect(r.fields[0]).toMatchObject({ name: '?column?', dataTypeID: 23, dataTypeSize: 4 });
    await c.end();
  });

  it('runs every statement of a query string, one result each', async () => {
    const c = await RawClient.ready(t.port);
    c.send(serialize.query('insert; select 7; series 2'));
    const msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual([
      'commandComplete',
      'rowDescription',
      'dataRow',
      'commandComplete',
      'rowDescription',
      'dataRow',
      'dataRow',
      'commandComplete',
      'readyForQuery',
    ]);
    expect(msgs.filter((m) => m.name === 'commandComplete').map((m) => m.text)).toEqual([
      'INSERT 0 1',
      'SELECT 1',
      'SELECT 2',
    ]);
    expect(msgs[2]!.fields).toEqual(['7']);
    c.end();
  });

  it('stops at the first error and skips the rest of the string', async () => {
    const c = await RawClient.ready(t.port);
    c.send(serialize.query('insert; fail; insert'));
    const msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual(['commandComplete', 'error', 'readyForQuery']);
    expect(msgs[1]).toMatchObject({
      severity: 'ERROR',
      code: '42703',
      message: 'column "nope" does not exist',
      position: '8',
    });
    c.end();
  });

  it('reports a parse error and stays usable', async () => {
    const c = await pgClient(t.port);
    await expect(c.query('syntax')).rejects.toMatchObject({ code: '42601', position: '1' });
    expect((await c.query('select 3')).rows).toEqual([{ '?column?': 3 }]);
    await c.end();
  });

  it('answers an empty query with EmptyQueryResponse', async () => {
    const c = await RawClient.ready(t.port);
    c.send(serialize.query('  '));
    expect(names(await c.next('readyForQuery'))).toEqual(['emptyQuery', 'readyForQuery']);
    c.end();
  });

  it('sends notices before the result and ParameterStatus before ReadyForQuery', async () => {
    const c = await RawClient.ready(t.port);
    c.send(serialize.query('notice'));
    const msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual(['notice', 'commandComplete', 'parameterStatus', 'readyForQuery']);
    expect(msgs[0]).toMatchObject({ severity: 'NOTICE', message: 'hello there' });
    expect(msgs[2]).toMatchObject({ parameterName: 'application_name', parameterValue: 'changed' });
    c.end();
  });

  it('reports the transaction status in ReadyForQuery', async () => {
    const c = await RawClient.ready(t.port);
    const status = async (sql: string): Promise<unknown> => {
      c.send(serialize.query(sql));
      return (await c.next('readyForQuery')).at(-1)!.status;
    };
    expect(await status('begin')).toBe('T');
    expect(await status('fail')).toBe('E');
    expect(await status('insert')).toBe('E');
    expect(await status('rollback')).toBe('I');
    c.end();
  });

  it('notes errors outside execute so the block fails', async () => {
    const c = await RawClient.ready(t.port);
    c.send(serialize.query('begin'));
    await c.next('readyForQuery');
    c.send(serialize.query('syntax'));
    const msgs = await c.next('readyForQuery');
    expect(msgs.at(-1)!.status).toBe('E');
    c.end();
  });

  it('closes the session on Terminate', async () => {
    const c = await RawClient.ready(t.port);
    const session = t.factory.sessions.at(-1)!;
    c.send(serialize.end());
    await c.waitClosed();
    await c.until(() => session.closed);
  });
});
