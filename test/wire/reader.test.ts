// Framing and decoding of client bytes: startup packets and typed messages split at arbitrary
// chunk boundaries, malformed lengths, and message bodies (built with pg-protocol's serializer).
import { serialize } from 'pg-protocol';
import { describe, expect, it } from 'vitest';
import { EddyError } from '../../src/errors/index.js';
import { decodeMessage, type FrontendMessage } from '../../src/wire/messages.js';
import { FrameReader, type RawMessage } from '../../src/wire/reader.js';

/** Feeds `bytes` in chunks of `size` and collects every complete typed message. */
function frame(bytes: Buffer, size: number): RawMessage[] {
  const r = new FrameReader();
  const out: RawMessage[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    r.push(bytes.subarray(i, i + size));
    for (let m = r.nextMessage(); m !== null; m = r.nextMessage()) out.push(m);
  }
  expect(r.buffered).toBe(0);
  return out;
}

const stream = Buffer.concat([
  serialize.parse({ name: 's1', text: 'select $1', types: [23] }),
  serialize.bind({ statement: 's1', portal: 'p', values: ['42', null, Buffer.from([1, 2])] }),
  serialize.describe({ type: 'P', name: 'p' }),
  serialize.execute({ portal: 'p', rows: 10 }),
  serialize.close({ type: 'S', name: 's1' }),
  serialize.flush(),
  serialize.sync(),
  serialize.query('select 1; select 2'),
  serialize.copyData(Buffer.from('a\tb\n')),
  serialize.copyDone(),
  serialize.copyFail('nope'),
  serialize.end(),
]);

const expected: FrontendMessage[] = [
  { kind: 'parse', name: 's1', sql: 'select $1', paramOids: [23] },
  {
    kind: 'bind',
    portal: 'p',
    statement: 's1',
    paramFormats: [0, 0, 1],
    params: [Buffer.from('42'), null, Buffer.from([1, 2])],
    resultFormats: [0],
  },
  { kind: 'describe', target: 'P', name: 'p' },
  { kind: 'execute', portal: 'p', maxRows: 10 },
  { kind: 'close', target: 'S', name: 's1' },
  { kind: 'flush' },
  { kind: 'sync' },
  { kind: 'query', sql: 'select 1; select 2' },
  { kind: 'copyData', data: Buffer.from('a\tb\n') },
  { kind: 'copyDone' },
  { kind: 'copyFail', message: 'nope' },
  { kind: 'terminate' },
];

describe('FrameReader typed messages', () => {
  it.each([1, 2, 3, 5, 7, 13, 64, 100_000])(
    'frames and decodes with chunks of %i bytes',
    (size) => {
      const msgs = frame(stream, size).map(decodeMessage);
      expect(msgs).toEqual(expected);
    },
  );

  it('waits for the rest of a message', () => {
    const r = new FrameReader();
    const q = serialize.query('select 1');
    r.push(q.subarray(0, q.length - 1));
    expect(r.nextMessage()).toBeNull();
    r.push(q.subarray(q.length - 1));
    expect(decodeMessage(r.nextMessage()!)).toEqual({ kind: 'query', sql: 'select 1' });
  });

  it.each([
    ['negative', -1],
    ['shorter than itself', 3],
    ['over 1 GiB', 2 ** 30 + 1],
  ])('rejects a length that is %s as FATAL 08P01', (_, len) => {
    const r = new FrameReader();
    const b = Buffer.alloc(5);
    b[0] = 'Q'.charCodeAt(0);
    b.writeInt32BE(len | 0, 1);
    r.push(b);
    try {
      r.nextMessage();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EddyError);
      expect(e).toMatchObject({
        code: '08P01',
        severity: 'FATAL',
        message: 'invalid message length',
      });
    }
  });
});

describe('FrameReader startup packets', () => {
  it('classifies SSLRequest, GSSENCRequest, CancelRequest and StartupMessage', () => {
    const gss = Buffer.alloc(8);
    gss.writeInt32BE(8, 0);
    gss.writeInt32BE(80877104, 4);
    const all = Buffer.concat([
      serialize.requestSsl(),
      gss,
      serialize.cancel(1234, 5678),
      serialize.startup({ user: 'alice', database: 'db', application_name: 'app' }),
    ]);
    for (const size of [1, 3, all.length]) {
      const r = new FrameReader();
      const got = [];
      for (let i = 0; i < all.length; i += size) {
        r.push(all.subarray(i, i + size));
        for (let p = r.nextStartup(); p !== null; p = r.nextStartup()) got.push(p);
      }
      expect(got).toEqual([
        { kind: 'ssl' },
        { kind: 'gssenc' },
        { kind: 'cancel', pid: 1234, secret: 5678 },
        {
          kind: 'startup',
          major: 3,
          minor: 0,
          params: [
            ['user', 'alice'],
            ['database', 'db'],
            ['application_name', 'app'],
            ['client_encoding', 'UTF8'],
          ],
        },
      ]);
    }
  });

  it.each([4, 10_001, -5])('rejects startup length %i', (len) => {
    const r = new FrameReader();
    const b = Buffer.alloc(8);
    b.writeInt32BE(len, 0);
    r.push(b);
    expect(() => r.nextStartup()).toThrow('invalid length of startup packet');
  });

  it('rejects a startup packet without its terminator', () => {
    const body = Buffer.from('\u0000\u0003\u0000\u0000user\u0000x', 'latin1');
    const len = Buffer.alloc(4);
    len.writeInt32BE(body.length + 4);
    const r = new FrameReader();
    r.push(Buffer.concat([len, body]));
    expect(() => r.nextStartup()).toThrow(/invalid startup packet layout/);
  });
});

describe('decodeMessage errors', () => {
  const raw = (code: string, body: number[]): RawMessage => ({
    code: code.charCodeAt(0),
    body: Buffer.from(body),
  });

  it('reports an unterminated string', () => {
    expect(() => decodeMessage(raw('Q', [0x61, 0x62]))).toThrow('invalid string in message');
  });

  it('reports a truncated body', () => {
    expect(() => decodeMessage(raw('E', [0]))).toThrow('insufficient data left in message');
  });

  it('reports trailing bytes', () => {
    expect(() => decodeMessage(raw('S', [1]))).toThrow('invalid message format');
  });

  it('reports a bad Describe subtype', () => {
    expect(() => decodeMessage(raw('D', [0x58, 0]))).toThrow('invalid DESCRIBE message subtype 88');
  });

  it('rejects invalid UTF-8 like PostgreSQL', () => {
    try {
      decodeMessage(raw('Q', [0x61, 0xe2, 0x28, 0xa1, 0]));
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        code: '22021',
        message: 'invalid byte sequence for encoding "UTF8": 0xe2 0x28 0xa1',
      });
    }
  });

  it('passes unknown message types through', () => {
    expect(decodeMessage(raw('z', []))).toEqual({ kind: 'unknown', code: 0x7a });
  });
});
