// Incremental framing of a client's byte stream. Bytes arrive in arbitrary chunks; the reader
// hands out whole packets once they are complete:
//   - startup phase: untyped packets `int32 length, int32 code, ...` (StartupMessage,
//     SSLRequest, GSSENCRequest, CancelRequest), classified by nextStartup();
//   - afterwards: typed messages `byte code, int32 length, body`, returned by nextMessage().
// Absurd lengths are a protocol violation: the caller answers FATAL 08P01 and closes.
import { EddyError } from '../errors/index.js';

/** Largest typed message accepted (PostgreSQL's PQ_LARGE_MESSAGE_LIMIT is 1 GiB). */
export const MAX_MESSAGE_LENGTH = 1 << 30;
/** Largest startup packet (PostgreSQL's MAX_STARTUP_PACKET_LENGTH). */
export const MAX_STARTUP_LENGTH = 10_000;

export const PROTOCOL_SSL_REQUEST = 80877103;
export const PROTOCOL_GSSENC_REQUEST = 80877104;
export const PROTOCOL_CANCEL_REQUEST = 80877102;

export type StartupPacket =
  | { readonly kind: 'ssl' }
  | { readonly kind: 'gssenc' }
  | { readonly kind: 'cancel'; readonly pid: number; readonly secret: number }
  | {
      readonly kind: 'startup';
      readonly major: number;
      readonly minor: number;
      /** Name/value pairs in the order sent. */
      readonly params: readonly (readonly [string, string])[];
    };

export interface RawMessage {
  /** The message type byte, e.g. 0x51 ('Q'). */
  readonly code: number;
  /** The body after the length word. */
  readonly body: Buffer;
}

/** A framing error: the connection cannot continue. */
export function fatalProtocolViolation(message: string): EddyError {
  return new EddyError('08P01', message, { severity: 'FATAL' });
}

export class FrameReader {
  private chunks: Buffer[] = [];
  /** Offset into chunks[0] of the first unread byte. */
  private head = 0;
  private total = 0;

  /** Bytes received and not yet consumed. */
  get buffered(): number {
    return this.total;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** The next startup-phase packet, or null if incomplete. Throws a FATAL EddyError. */
  nextStartup(): StartupPacket | null {
    if (this.total < 4) return null;
    const len = this.peekInt32(0);
    if (len < 8 || len > MAX_STARTUP_LENGTH) {
      throw fatalProtocolViolation('invalid length of startup packet');
    }
    if (this.total < len) return null;
    this.skip(4);
    return parseStartup(this.take(len - 4));
  }

  /** The next typed message, or null if incomplete. Throws a FATAL EddyError. */
  nextMessage(): RawMessage | null {
    if (this.total < 5) return null;
    const code = this.peekByte(0);
    const len = this.peekInt32(1);
    if (len < 4 || len > MAX_MESSAGE_LENGTH) {
      throw fatalProtocolViolation('invalid message length');
    }
    if (this.total < 1 + len) return null;
    this.skip(5);
    return { code, body: this.take(len - 4) };
  }

  private peekByte(at: number): number {
    let off = this.head + at;
    for (const c of this.chunks) {
      if (off < c.length) return c[off]!;
      off -= c.length;
    }
    throw new Error('FrameReader: peek past end');
  }

  private peekInt32(at: number): number {
    const first = this.chunks[0]!;
    if (this.head + at + 4 <= first.length) return first.readInt32BE(this.head + at);
    let v = 0;
    for (let i = 0; i < 4; i++) v = (v << 8) | this.peekByte(at + i);
    return v;
  }

  private skip(n: number): void {
    this.take(n);
  }

  /** Consumes n bytes (n <= total); zero-copy when they lie in one chunk. */
  private take(n: number): Buffer {
    this.total -= n;
    const first = this.chunks[0];
    if (first === undefined) return Buffer.alloc(0);
    if (this.head + n <= first.length) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const m = Math.min(n - filled, c.length - this.head);
      c.copy(out, filled, this.head, this.head + m);
      filled += m;
      this.head += m;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    return out;
  }
}

/** Classifies a startup packet body (everything after the length word). */
function parseStartup(body: Buffer): StartupPacket {
  const code = body.readInt32BE(0);
  if (code === PROTOCOL_SSL_REQUEST) return { kind: 'ssl' };
  if (code === PROTOCOL_GSSENC_REQUEST) return { kind: 'gssenc' };
  if (code === PROTOCOL_CANCEL_REQUEST) {
    if (body.length !== 12) throw fatalProtocolViolation('invalid length of startup packet');
    return { kind: 'cancel', pid: body.readInt32BE(4), secret: body.readInt32BE(8) };
  }
  const major = code >>> 16;
  const minor = code & 0xffff;
  const params: [string, string][] = [];
  if (major === 3) {
    // name\0value\0 ... \0
    let off = 4;
    for (;;) {
      const nameEnd = body.indexOf(0, off);
      if (nameEnd < 0)
        throw fatalProtocolViolation(
          'invalid startup packet layout: expected terminator as last byte',
        );
      if (nameEnd === off) {
        if (nameEnd !== body.length - 1) {
          throw fatalProtocolViolation(
            'invalid startup packet layout: expected terminator as last byte',
          );
        }
        break;
      }
      const valueEnd = body.indexOf(0, nameEnd + 1);
      if (valueEnd < 0)
        throw fatalProtocolViolation(
          'invalid startup packet layout: expected terminator as last byte',
        );
      params.push([
        body.toString('utf8', off, nameEnd),
        body.toString('utf8', nameEnd + 1, valueEnd),
      ]);
      off = valueEnd + 1;
    }
  }
  return { kind: 'startup', major, minor, params };
}
