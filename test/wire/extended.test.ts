// The extended query protocol: Parse/Bind/Describe/Execute/Close/Sync, named statements and
// portals, binary parameters and results, row limits, and error recovery at Sync.
import Cursor from 'pg-cursor';
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

describe('extended query through pg', () => {
  it('binds text parameters', async () => {
    const c = await pgClient(t.port);
    const r = await c.query('echo $1 $2', ['a', 'bé']);
    expect(r.rows).toEqual([{ p1: 'a', p2: 'bé' }]);
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([25, 25]);
    await c.end();
  });

  it('reuses a named prepared statement', async () => {
    const c = await pgClient(t.port);
    for (const v of ['x', 'y', 'z']) {
      const r = await c.query({ name: 'echo1', text: 'echo $1', values: [v] });
      expect(r.rows).toEqual([{ p1: v }]);
    }
    await c.end();
  });

  it('binds binary parameters (Buffers are sent in format 1)', async () => {
    const c = await pgClient(t.port);
    const r = await c.query('echo $1', [Buffer.from('bin')]);
    expect(r.rows).toEqual([{ p1: 'bin' }]);
    await c.end();
  });

  it('reads in batches with pg-cursor (Execute with a row limit)', async () => {
    const c = await pgClient(t.port);
    t.factory.log.length = 0;
    const cursor = c.query(new Cursor('series 25'));
    const sizes = [];
    for (;;) {
      const rows = await cursor.read(10);
      sizes.push(rows.length);
      if (rows.length === 0) break;
    }
    expect(sizes).toEqual([10, 10, 5, 0]);
    expect(t.factory.log).toEqual(['fetch 10', 'fetch 10', 'fetch 10']);
    await cursor.close();
    await c.end();
  });

  it('reports errors with their fields', async () => {
    const c = await pgClient(t.port);
    await expect(c.query('fail', [])).rejects.toMatchObject({ code: '42703', position: '8' });
    await expect(c.query({ text: 'fail', values: [] })).rejects.toMatchObject({ code: '42703' });
    expect((await c.query('echo $1', ['ok'])).rows).toEqual([{ p1: 'ok' }]);
    await c.end();
  });
});

describe('extended query, raw', () => {
  it('describes statements: ParameterDescription, then RowDescription or NoData', async () => {
    const c = await RawClient.ready(t.port);
    c.send(
      serialize.parse({ name: 's', text: 'echo $1 $2', types: [23, 0] }),
      serialize.describe({ type: 'S', name: 's' }),
      serialize.parse({ name: 'i', text: 'insert' }),
      serialize.describe({ type: 'S', name: 'i' }),
      serialize.sync(),
    );
    const msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual([
      'parseComplete',
      'parameterDescription',
      'rowDescription',
      'parseComplete',
      'parameterDescription',
      'noData',
      'readyForQuery',
    ]);
    expect(msgs[1]).toMatchObject({ dataTypeIDs: [23, 25] });
    expect((msgs[2]!.fields as { dataTypeID: number }[]).map((f) => f.dataTypeID)).toEqual([
      23, 25,
    ]);
    expect(msgs[4]).toMatchObject({ dataTypeIDs: [] });
    c.end();
  });

  it('suspends a portal at the row limit and resumes it', async () => {
    const c = await RawClient.ready(t.port);
    c.send(
      serialize.query('begin'),
      serialize.parse({ text: 'series 5' }),
      serialize.bind({ portal: 'p' }),
      serialize.describe({ type: 'P', name: 'p' }),
      serialize.execute({ portal: 'p', rows: 2 }),
      serialize.sync(),
    );
    await c.next('readyForQuery');
    let msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual([
      'parseComplete',
      'bindComplete',
      'rowDescription',
      'dataRow',
      'dataRow',
      'portalSuspended',
      'readyForQuery',
    ]);
    expect(msgs.at(-1)).toMatchObject({ status: 'T' });
    // The named portal survives Sync inside a transaction block.
    c.send(
      serialize.execute({ portal: 'p', rows: 2 }),
      serialize.execute({ portal: 'p', rows: 2 }),
      serialize.execute({ portal: 'p', rows: 2 }),
      serialize.sync(),
    );
    msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual([
      'dataRow',
      'dataRow',
      'portalSuspended',
      'dataRow',
      'commandComplete',
      'commandComplete',
      'readyForQuery',
    ]);
    expect(msgs.filter((m) => m.name === 'dataRow').map((m) => m.fields)).toEqual([
      ['3'],
      ['4'],
      ['5'],
    ]);
    // Each Execute reports the rows it sent, as PostgreSQL does.
    expect(msgs[4]).toMatchObject({ text: 'SELECT 1' });
    expect(msgs[5]).toMatchObject({ text: 'SELECT 0' });
    c.send(serialize.query('commit'));
    await c.next('readyForQuery');
    // ... and dies with it.
    c.send(serialize.execute({ portal: 'p' }), serialize.sync());
    msgs = await c.next('readyForQuery');
    expect(msgs[0]).toMatchObject({ code: '34000', message: 'portal "p" does not exist' });
    c.end();
  });

  it('drops portals at Sync outside a transaction block; keeps named statements', async () => {
    const c = await RawClient.ready(t.port);
    c.send(
      serialize.parse({ name: 'keep', text: 'series 3' }),
      serialize.bind({ portal: 'p', statement: 'keep' }),
      serialize.sync(),
    );
    await c.next('readyForQuery');
    c.send(serialize.execute({ portal: 'p' }), serialize.sync());
    let msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual(['error', 'readyForQuery']);
    c.send(serialize.bind({ statement: 'keep' }), serialize.execute({}), serialize.sync());
    msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual([
      'bindComplete',
      'dataRow',
      'dataRow',
      'dataRow',
      'commandComplete',
      'readyForQuery',
    ]);
    c.end();
  });

  it('skips to Sync after an error', async () => {
    const c = await RawClient.ready(t.port);
    c.send(
      serialize.parse({ text: 'echo $1' }),
      serialize.bind({ values: [] }),
      serialize.describe({ type: 'P', name: '' }),
      serialize.execute({}),
      serialize.sync(),
    );
    const msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual(['parseComplete', 'error', 'readyForQuery']);
    expect(msgs[1]).toMatchObject({
      code: '08P01',
      message: 'bind message supplies 0 parameters, but prepared statement "" requires 1',
    });
    c.end();
  });

  it('refuses several statements in one Parse', async () => {
    const c = await RawClient.ready(t.port);
    c.send(serialize.parse({ text: 'insert; insert' }), serialize.sync());
    const msgs = await c.next('readyForQuery');
    expect(msgs[0]).toMatchObject({
      code: '42601',
      message: 'cannot insert multiple commands into a prepared statement',
    });
    c.end();
  });

  it('reports missing and duplicate statements and portals', async () => {
    const c = await RawClient.ready(t.port);
    const err = async (...m: Buffer[]): Promise<unknown> => {
      c.send(...m, serialize.sync());
      return (await c.next('readyForQuery')).find((x) => x.name === 'error');
    };
    expect(await err(serialize.bind({ statement: 'nope' }))).toMatchObject({
      code: '26000',
      message: 'prepared statement "nope" does not exist',
    });
    expect(await err(serialize.describe({ type: 'S', name: 'nope' }))).toMatchObject({
      code: '26000',
    });
    expect(await err(serialize.describe({ type: 'P', name: 'nope' }))).toMatchObject({
      code: '34000',
      message: 'portal "nope" does not exist',
    });
    expect(
      await err(
        serialize.parse({ name: 'd', text: 'insert' }),
        serialize.parse({ name: 'd', text: 'insert' }),
      ),
    ).toMatchObject({ code: '42P05', message: 'prepared statement "d" already exists' });
    // Close of what does not exist is not an error; closing frees the name.
    c.send(
      serialize.close({ type: 'S', name: 'd' }),
      serialize.close({ type: 'P', name: 'zz' }),
      serialize.parse({ name: 'd', text: 'insert' }),
      serialize.sync(),
    );
    expect(names(await c.next('readyForQuery'))).toEqual([
      'closeComplete',
      'closeComplete',
      'parseComplete',
      'readyForQuery',
    ]);
    c.send(serialize.query('begin'));
    await c.next('readyForQuery');
    expect(
      await err(
        serialize.bind({ statement: 'd', portal: 'q' }),
        serialize.bind({ statement: 'd', portal: 'q' }),
      ),
    ).toMatchObject({ code: '42P03', message: 'cursor "q" already exists' });
    c.end();
  });

  it('executes an empty statement as EmptyQueryResponse', async () => {
    const c = await RawClient.ready(t.port);
    c.send(
      serialize.parse({ text: '' }),
      serialize.bind({}),
      serialize.describe({ type: 'P', name: '' }),
      serialize.execute({}),
      serialize.sync(),
    );
    expect(names(await c.next('readyForQuery'))).toEqual([
      'parseComplete',
      'bindComplete',
      'noData',
      'emptyQuery',
      'readyForQuery',
    ]);
    c.end();
  });

  it('rejects a bad format code and mismatched format counts', async () => {
    const c = await RawClient.ready(t.port);
    // Bind with 2 parameter format codes for 1 parameter, built by hand.
    const body = Buffer.concat([
      Buffer.from('\u0000\u0000', 'latin1'), // portal "", statement ""
      Buffer.from([0, 2, 0, 0, 0, 0]), // 2 format codes: 0, 0
      Buffer.from([0, 1, 0, 0, 0, 1, 0x41]), // 1 param: "A"
      Buffer.from([0, 0]), // no result formats
    ]);
    const head = Buffer.alloc(5);
    head[0] = 'B'.charCodeAt(0);
    head.writeInt32BE(body.length + 4, 1);
    c.send(serialize.parse({ text: 'echo $1' }), head, body, serialize.sync());
    let msgs = await c.next('readyForQuery');
    expect(msgs[1]).toMatchObject({
      code: '08P01',
      message: 'bind message has 2 parameter formats but 1 parameters',
    });
    body.writeInt16BE(7, 4); // first format code 7
    body.writeInt16BE(1, 2); // ... and only one of them
    const short = Buffer.concat([body.subarray(0, 6), body.subarray(8)]);
    head.writeInt32BE(short.length + 4, 1);
    c.send(head, short, serialize.sync());
    msgs = await c.next('readyForQuery');
    expect(msgs[0]).toMatchObject({ code: '22023', message: 'unsupported format code: 7' });
    c.end();
  });

  it('decodes binary parameters of declared types', async () => {
    const c = await RawClient.ready(t.port);
    const int4 = Buffer.alloc(4);
    int4.writeInt32BE(-42);
    c.send(
      serialize.parse({ text: 'echo $1 $2 $3', types: [23, 16, 0] }),
      serialize.bind({ values: [int4, Buffer.from([1]), null] }),
      serialize.execute({}),
      serialize.sync(),
    );
    const msgs = await c.next('readyForQuery');
    expect(names(msgs)).toEqual([
      'parseComplete',
      'bindComplete',
      'dataRow',
      'commandComplete',
      'readyForQuery',
    ]);
    expect(msgs[2]!.fields).toEqual(['-42', 't', null]);
    c.end();
  });

  it('reports a bad text parameter with the type input error', async () => {
    const c = await RawClient.ready(t.port);
    c.send(
      serialize.parse({ text: 'echo $1', types: [23] }),
      serialize.bind({ values: ['12a'] }),
      serialize.sync(),
    );
    const msgs = await c.next('readyForQuery');
    expect(msgs[1]).toMatchObject({
      code: '22P02',
      message: 'invalid input syntax for type integer: "12a"',
    });
    c.end();
  });

  it('encodes results in binary when Bind asks for it', async () => {
    const c = await RawClient.ready(t.port);
    c.send(
      serialize.parse({ text: 'types' }),
      serialize.bind({ binary: true }),
      serialize.describe({ type: 'P', name: '' }),
      serialize.execute({}),
      serialize.sync(),
    );
    const msgs = await c.next('readyForQuery');
    const desc = msgs.find((m) => m.name === 'rowDescription')!;
    expect((desc.fields as { format: string }[]).every((f) => f.format === 'binary')).toBe(true);
    expect((desc.fields as { dataTypeID: number }[]).map((f) => f.dataTypeID)).toEqual([
      20, 25, 16, 701, 17, 1700, 23,
    ]);
    const row = c.rawDataRows().at(-1)!;
    const hex = row.map((b) => (b === null ? null : b.toString('hex')));
    expect(hex).toEqual([
      '4000000000000000',
      Buffer.from('héllo').toString('hex'),
      '01',
      '3ff8000000000000',
      'dead',
      '0002' + '0000' + '0000' + '0003' + '000c' + '0d48', // numeric: ndigits, weight, sign, dscale, 12, 3400
      null,
    ]);
    c.end();
  });

  it('formats text results with the session settings', async () => {
    const c = await RawClient.ready(t.port);
    c.send(serialize.query('types'));
    const msgs = await c.next('readyForQuery');
    expect(msgs.find((m) => m.name === 'dataRow')!.fields).toEqual([
      '4611686018427387904',
      'héllo',
      't',
      '1.5',
      '\\xdead',
      '12.340',
      null,
    ]);
    c.end();
  });
});
