// Backend (server → client) message builders. Messages are appended into one growable buffer;
// the connection hands the accumulated bytes to the socket with a single write per result or
// protocol round (take()), never one write per row.
import type { EddyError } from '../errors/index.js';
import type { TransactionStatus } from '../session/api.js';

const INITIAL_CAPACITY = 16 * 1024;
/** Outputs up to this size are copied out by take() (Buffer.allocUnsafe pools below 4 KiB). */
const SMALL_OUTPUT = 2048;
const C = (s: string): number => s.charCodeAt(0);

/** One RowDescription field. */
export interface FieldDescription {
  readonly name: string;
  readonly tableOid: number;
  readonly columnNumber: number;
  readonly typeOid: number;
  readonly typeLen: number;
  readonly typmod: number;
  readonly format: 0 | 1;
}

/** A DataRow value: already-formatted text, binary bytes, or NULL. */
export type WireValue = string | Uint8Array | null;

export class MessageWriter {
  private buf: Buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private len = 0;

  /** Bytes accumulated and not yet taken. */
  get length(): number {
    return this.len;
  }

  /**
   * Hands over the accumulated bytes (the caller owns them). A small output (one protocol round
   * of a short query) is copied into a right-sized buffer from Node's shared pool and the
   * writer keeps its buffer; a large one is handed over as is and a fresh buffer started.
   */
  take(): Buffer {
    if (this.len <= SMALL_OUTPUT) {
      const small = Buffer.allocUnsafe(this.len);
      this.buf.copy(small, 0, 0, this.len);
      this.len = 0;
      return small;
    }
    const out = this.buf.subarray(0, this.len);
    this.buf = Buffer.allocUnsafe(Math.max(INITIAL_CAPACITY, Math.min(this.buf.length, 1 << 20)));
    this.len = 0;
    return out;
  }

  // --- primitives ---------------------------------------------------------------------------

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Starts a message; returns the offset of its length word for end(). */
  private begin(code: number): number {
    this.ensure(5);
    this.buf[this.len] = code;
    const at = this.len + 1;
    this.len += 5;
    return at;
  }

  private end(at: number): void {
    this.buf.writeInt32BE(this.len - at, at);
  }

  private int8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v;
  }

  private int16(v: number): void {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.len);
    this.len += 2;
  }

  private int32(v: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(v | 0, this.len);
    this.len += 4;
  }

  private cstring(s: string): void {
    this.ensure(s.length * 3 + 1);
    this.len += this.buf.write(s, this.len, 'utf8');
    this.buf[this.len++] = 0;
  }

  private bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** int32 length + UTF-8 text, without measuring the string twice. */
  private lengthPrefixedText(s: string): void {
    this.ensure(4 + s.length * 3);
    const n = this.buf.write(s, this.len + 4, 'utf8');
    this.buf.writeInt32BE(n, this.len);
    this.len += 4 + n;
  }

  // --- messages ------------------------------------------------------------------------------

  authenticationOk(): void {
    const at = this.begin(C('R'));
    this.int32(0);
    this.end(at);
  }

  parameterStatus(name: string, value: string): void {
    const at = this.begin(C('S'));
    this.cstring(name);
    this.cstring(value);
    this.end(at);
  }

  backendKeyData(pid: number, secret: number): void {
    const at = this.begin(C('K'));
    this.int32(pid);
    this.int32(secret);
    this.end(at);
  }

  negotiateProtocolVersion(minor: number, unrecognized: readonly string[]): void {
    const at = this.begin(C('v'));
    this.int32((3 << 16) | minor);
    this.int32(unrecognized.length);
    for (const o of unrecognized) this.cstring(o);
    this.end(at);
  }

  readyForQuery(status: TransactionStatus): void {
    const at = this.begin(C('Z'));
    this.int8(C(status));
    this.end(at);
  }

  rowDescription(fields: readonly FieldDescription[]): void {
    const at = this.begin(C('T'));
    this.int16(fields.length);
    for (const f of fields) {
      this.cstring(f.name);
      this.int32(f.tableOid);
      this.int16(f.columnNumber);
      this.int32(f.typeOid);
      this.int16(f.typeLen);
      this.int32(f.typmod);
      this.int16(f.format);
    }
    this.end(at);
  }

  dataRow(values: readonly WireValue[]): void {
    const at = this.begin(C('D'));
    this.int16(values.length);
    for (const v of values) {
      if (v === null) this.int32(-1);
      else if (typeof v === 'string') this.lengthPrefixedText(v);
      else {
        this.int32(v.length);
        this.bytes(v);
      }
    }
    this.end(at);
  }

  commandComplete(tag: string): void {
    const at = this.begin(C('C'));
    this.cstring(tag);
    this.end(at);
  }

  emptyQueryResponse(): void {
    this.end(this.begin(C('I')));
  }

  parseComplete(): void {
    this.end(this.begin(C('1')));
  }

  bindComplete(): void {
    this.end(this.begin(C('2')));
  }

  closeComplete(): void {
    this.end(this.begin(C('3')));
  }

  noData(): void {
    this.end(this.begin(C('n')));
  }

  portalSuspended(): void {
    this.end(this.begin(C('s')));
  }

  parameterDescription(oids: readonly number[]): void {
    const at = this.begin(C('t'));
    this.int16(oids.length);
    for (const o of oids) this.int32(o);
    this.end(at);
  }

  copyInResponse(format: 0 | 1, columnFormats: readonly (0 | 1)[]): void {
    this.copyResponse(C('G'), format, columnFormats);
  }

  copyOutResponse(format: 0 | 1, columnFormats: readonly (0 | 1)[]): void {
    this.copyResponse(C('H'), format, columnFormats);
  }

  private copyResponse(code: number, format: 0 | 1, columnFormats: readonly (0 | 1)[]): void {
    const at = this.begin(code);
    this.int8(format);
    this.int16(columnFormats.length);
    for (const f of columnFormats) this.int16(f);
    this.end(at);
  }

  copyData(data: Uint8Array): void {
    const at = this.begin(C('d'));
    this.bytes(data);
    this.end(at);
  }

  copyDone(): void {
    this.end(this.begin(C('c')));
  }

  /** The single byte 'N' refusing an SSLRequest/GSSENCRequest (not a typed message). */
  refuseEncryption(): void {
    this.int8(C('N'));
  }

  errorResponse(e: EddyError): void {
    this.errorOrNotice(C('E'), e);
  }

  noticeResponse(e: EddyError): void {
    this.errorOrNotice(C('N'), e);
  }

  private errorOrNotice(code: number, e: EddyError): void {
    const at = this.begin(code);
    const field = (f: string, v: string | undefined): void => {
      if (v === undefined) return;
      this.int8(C(f));
      this.cstring(v);
    };
    field('S', e.severity);
    field('V', e.severity);
    field('C', e.code);
    field('M', e.message);
    field('D', e.detail);
    field('H', e.hint);
    field('P', e.position === undefined ? undefined : String(e.position));
    this.int8(0);
    this.end(at);
  }
}
