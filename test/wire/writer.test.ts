// Backend message builders, checked by parsing their output with pg-protocol's parser.
import type { BackendMessage } from 'pg-protocol/dist/messages.js';
import { Parser } from 'pg-protocol/dist/parser.js';
import { describe, expect, it } from 'vitest';
import { EddyError } from '../../src/errors/index.js';
import { MessageWriter } from '../../src/wire/writer.js';

function parseAll(bytes: Buffer): (BackendMessage & Record<string, unknown>)[] {
  const out: (BackendMessage & Record<string, unknown>)[] = [];
  new Parser().parse(bytes, (m) => out.push(m as BackendMessage & Record<string, unknown>));
  return out;
}

describe('MessageWriter', () => {
  it('builds a result round that pg-protocol parses', () => {
    const w = new MessageWriter();
    w.rowDescription([
      {
        name: 'a',
        tableOid: 16384,
        columnNumber: 2,
        typeOid: 23,
        typeLen: 4,
        typmod: -1,
        format: 0,
      },
      { name: 'ü', tableOid: 0, columnNumber: 0, typeOid: 25, typeLen: -1, typmod: -1, format: 1 },
    ]);
    w.dataRow(['1', new Uint8Array([104, 105])]);
    w.dataRow([null, 'héllo']);
    w.commandComplete('SELECT 2');
    w.readyForQuery('T');
    const msgs = parseAll(w.take());
    expect(msgs.map((m) => m.name)).toEqual([
      'rowDescription',
      'dataRow',
      'dataRow',
      'commandComplete',
      'readyForQuery',
    ]);
    expect(msgs[0]!.fields).toEqual([
      {
        name: 'a',
        tableID: 16384,
        columnID: 2,
        dataTypeID: 23,
        dataTypeSize: 4,
        dataTypeModifier: -1,
        format: 'text',
      },
      {
        name: 'ü',
        tableID: 0,
        columnID: 0,
        dataTypeID: 25,
        dataTypeSize: -1,
        dataTypeModifier: -1,
        format: 'binary',
      },
    ]);
    expect(msgs[1]!.fields).toEqual(['1', 'hi']);
    expect(msgs[2]!.fields).toEqual([null, 'héllo']);
    expect(msgs[3]!.text).toBe('SELECT 2');
    expect(msgs[4]!.status).toBe('T');
    expect(w.length).toBe(0);
  });

  it('grows past its initial capacity', () => {
    const w = new MessageWriter();
    const big = 'x'.repeat(100_000);
    for (let i = 0; i < 5; i++) w.dataRow([big, String(i)]);
    const msgs = parseAll(w.take());
    expect(msgs).toHaveLength(5);
    expect(msgs[4]!.fields).toEqual([big, '4']);
  });

  it('writes error and notice fields', () => {
    const w = new MessageWriter();
    w.errorResponse(
      new EddyError('42703', 'column "x" does not exist', { position: 8, hint: 'h', detail: 'd' }),
    );
    w.noticeResponse(new EddyError('00000', 'note', { severity: 'NOTICE' }));
    const [err, notice] = parseAll(w.take());
    expect(err).toMatchObject({
      name: 'error',
      severity: 'ERROR',
      code: '42703',
      message: 'column "x" does not exist',
      position: '8',
      hint: 'h',
      detail: 'd',
    });
    expect(notice).toMatchObject({ name: 'notice', severity: 'NOTICE', message: 'note' });
  });

  it('builds the extended-protocol and COPY messages', () => {
    const w = new MessageWriter();
    w.authenticationOk();
    w.parameterStatus('TimeZone', 'UTC');
    w.backendKeyData(7, 9);
    w.parseComplete();
    w.bindComplete();
    w.parameterDescription([23, 25]);
    w.noData();
    w.portalSuspended();
    w.closeComplete();
    w.emptyQueryResponse();
    w.copyInResponse(0, [0, 0]);
    w.copyOutResponse(1, [1]);
    w.copyData(Buffer.from('abc'));
    w.copyDone();
    const msgs = parseAll(w.take());
    expect(msgs.map((m) => m.name)).toEqual([
      'authenticationOk',
      'parameterStatus',
      'backendKeyData',
      'parseComplete',
      'bindComplete',
      'parameterDescription',
      'noData',
      'portalSuspended',
      'closeComplete',
      'emptyQuery',
      'copyInResponse',
      'copyOutResponse',
      'copyData',
      'copyDone',
    ]);
    expect(msgs[1]).toMatchObject({ parameterName: 'TimeZone', parameterValue: 'UTC' });
    expect(msgs[2]).toMatchObject({ processID: 7, secretKey: 9 });
    expect(msgs[5]).toMatchObject({ dataTypeIDs: [23, 25] });
    expect(msgs[10]).toMatchObject({ binary: false, columnTypes: [0, 0] });
    expect(msgs[11]).toMatchObject({ binary: true, columnTypes: [1] });
    expect((msgs[12]!.chunk as Buffer).toString()).toBe('abc');
  });
});
