// DecodeError: a Kafka key or value that does not decode under its format. Its message follows
// Materialize's ("Decode error: Text: Failed to decode JSON: ... (original text: ..., original
// bytes: ...)"); its SQLSTATE is the one of the underlying failure (22P02 for malformed input,
// 22003 for out-of-range numbers, 22021 for invalid UTF-8, 23502 for a missing NOT NULL field).
import { EddyError } from '../errors/index.js';

/** Longest original text/bytes quoted in a message, so one huge record cannot flood the log. */
const MAX_QUOTED = 512;

export class DecodeError extends EddyError {
  constructor(
    code: string,
    /** What failed, without the quoted input ("Failed to decode JSON: ..."). */
    readonly reason: string,
    /** The record's bytes. */
    readonly raw: Uint8Array,
    /** Materialize's kind: a textual format failed ('Text') or a binary one ('Bytes'). */
    readonly kind: 'Text' | 'Bytes' = 'Text',
  ) {
    super(code, `Decode error: ${kind}: ${reason} ${describeRaw(raw)}`);
    this.name = 'DecodeError';
  }
}

function describeRaw(raw: Uint8Array): string {
  const bytes = raw.length > MAX_QUOTED ? raw.subarray(0, MAX_QUOTED) : raw;
  const more = raw.length > MAX_QUOTED ? '...' : '';
  const hex = `${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}${more}`;
  const text = utf8.decodeOrNull(bytes);
  if (text === null) return `(original bytes: "${hex}")`;
  return `(original text: ${text.replaceAll('\u0000', 'NULL')}${more}, original bytes: "${hex}")`;
}

/** Strict UTF-8 decoding shared by the decoders (TextDecoder is reused: it is stateless here). */
export const utf8 = {
  decoder: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }),
  decodeOrNull(bytes: Uint8Array): string | null {
    try {
      return utf8.decoder.decode(bytes);
    } catch {
      return null;
    }
  },
};

/** The code of a caught error if it is an EddyError (a cast failure), else 22P02. */
export function codeOf(e: unknown): string {
  return e instanceof EddyError ? e.code : '22P02';
}

/** The message of a caught error. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Decodes bytes as UTF-8 or throws DecodeError 22021 naming the format. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  const s = utf8.decodeOrNull(bytes);
  if (s === null)
    throw new DecodeError('22021', `Failed to decode ${what}: invalid UTF-8`, bytes, 'Bytes');
  return s;
}
