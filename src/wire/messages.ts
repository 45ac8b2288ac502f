// Frontend (client → server) messages after startup, decoded from RawMessage bodies into a
// discriminated union. Malformed bodies raise PostgreSQL's protocol-violation errors (08P01,
// severity ERROR: in the extended protocol the server then skips to the next Sync).
import { characterNotInRepertoire, protocolViolation } from '../errors/index.js';
import type { RawMessage } from './reader.js';
import { utf8Invalid } from './utf8.js';

export type DescribeTarget = 'S' | 'P';

export type FrontendMessage =
  | { readonly kind: 'query'; readonly sql: string }
  | {
      readonly kind: 'parse';
      readonly name: string;
      readonly sql: string;
      readonly paramOids: readonly number[];
    }
  | {
      readonly kind: 'bind';
      readonly portal: string;
      readonly statement: string;
      readonly paramFormats: readonly number[];
      /** Raw parameter values; null = SQL NULL (length -1). */
      readonly params: readonly (Buffer | null)[];
      readonly resultFormats: readonly number[];
    }
  | { readonly kind: 'describe'; readonly target: DescribeTarget; readonly name: string }
  | { readonly kind: 'execute'; readonly portal: string; readonly maxRows: number }
  | { readonly kind: 'close'; readonly target: DescribeTarget; readonly name: string }
  | { readonly kind: 'sync' }
  | { readonly kind: 'flush' }
  | { readonly kind: 'terminate' }
  | { readonly kind: 'copyData'; readonly data: Buffer }
  | { readonly kind: 'copyDone' }
  | { readonly kind: 'copyFail'; readonly message: string }
  | { readonly kind: 'functionCall' }
  | { readonly kind: 'unknown'; readonly code: number };

const C = (s: string): number => s.charCodeAt(0);

export function decodeMessage(raw: RawMessage): FrontendMessage {
  const r = new BodyReader(raw.body);
  let m: FrontendMessage;
  switch (raw.code) {
    case C('Q'):
      m = { kind: 'query', sql: r.cstring() };
      break;
    case C('P'): {
      const name = r.cstring();
      const sql = r.cstring();
      const n = r.int16();
      const paramOids: number[] = [];
      for (let i = 0; i < n; i++) paramOids.push(r.uint32());
      m = { kind: 'parse', name, sql, paramOids };
      break;
    }
    case C('B'): {
      const portal = r.cstring();
      const statement = r.cstring();
      const paramFormats = r.int16Array();
      const n = r.int16();
      const params: (Buffer | null)[] = [];
      for (let i = 0; i < n; i++) {
        const len = r.int32();
        if (len === -1) params.push(null);
        else if (len < 0) throw protocolViolation('insufficient data left in message');
        else params.push(r.bytes(len));
      }
      const resultFormats = r.int16Array();
      m = { kind: 'bind', portal, statement, paramFormats, params, resultFormats };
      break;
    }
    case C('D'):
    case C('C'): {
      const t = r.byte();
      const name = r.cstring();
      if (t !== C('S') && t !== C('P')) {
        const what = raw.code === C('D') ? 'DESCRIBE' : 'CLOSE';
        throw protocolViolation(`invalid ${what} message subtype ${t}`);
      }
      const target: DescribeTarget = t === C('S') ? 'S' : 'P';
      m =
        raw.code === C('D') ? { kind: 'describe', target, name } : { kind: 'close', target, name };
      break;
    }
    case C('E'):
      m = { kind: 'execute', portal: r.cstring(), maxRows: r.int32() };
      break;
    case C('S'):
      m = { kind: 'sync' };
      break;
    case C('H'):
      m = { kind: 'flush' };
      break;
    case C('X'):
      m = { kind: 'terminate' };
      break;
    case C('d'):
      return { kind: 'copyData', data: raw.body };
    case C('c'):
      m = { kind: 'copyDone' };
      break;
    case C('f'):
      m = { kind: 'copyFail', message: r.cstring() };
      break;
    case C('F'):
      return { kind: 'functionCall' };
    default:
      return { kind: 'unknown', code: raw.code };
  }
  r.end();
  return m;
}

const SHORT_NAME = 64;

/** Reads the fields of one message body, with PostgreSQL's pq_getmsg* error messages. */
class BodyReader {
  private off = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.off + n > this.buf.length)
      throw protocolViolation('insufficient data left in message');
  }

  byte(): number {
    this.need(1);
    return this.buf[this.off++]!;
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.off);
    this.off += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.off);
    this.off += 4;
    return v;
  }

  uint32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.off);
    this.off += 4;
    return v;
  }

  int16Array(): number[] {
    const n = this.int16();
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.int16());
    return out;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return v;
  }

  cstring(): string {
    // Statement and portal names come with every Bind, Describe and Execute: they are mostly
    // empty or short ASCII, read here without a native call or a view of the buffer.
    const buf = this.buf;
    const start = this.off;
    let s = '';
    for (let i = start; i < buf.length && i - start < SHORT_NAME; i++) {
      const b = buf[i]!;
      if (b === 0) {
        this.off = i + 1;
        return s;
      }
      if (b >= 0x80) break;
      s += String.fromCharCode(b);
    }
    const end = this.buf.indexOf(0, this.off);
    if (end < 0) throw protocolViolation('invalid string in message');
    const bytes = this.buf.subarray(this.off, end);
    this.off = end + 1;
    return decodeUtf8(bytes);
  }

  end(): void {
    if (this.off !== this.buf.length) throw protocolViolation('invalid message format');
  }
}

/** Decodes client text, rejecting invalid UTF-8 (and NUL) like PostgreSQL's pg_verifymbstr. */
export function decodeUtf8(bytes: Uint8Array): string {
  const bad = utf8Invalid(bytes);
  if (bad !== null) {
    throw characterNotInRepertoire(`invalid byte sequence for encoding "UTF8": ${bad}`);
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}
