// FORMAT JSON decoding. Without declared columns a record is one `data jsonb` column (any JSON
// value, parsed exactly by src/repr/io/json.ts). With declared columns (an Eddy extension:
// `CREATE SOURCE s (a int, b text) ... FORMAT JSON`) the record must be a JSON object, and each
// column takes the top-level field of its name, converted as coerce.ts describes; a missing
// field or JSON null is SQL NULL, which a NOT NULL column rejects.
//
// Speed: a record is parsed once with JSON.parse and only the declared fields are converted.
// A second, exact parse happens only when a field needs it (see NEED_EXACT in coerce.ts).
import { T, type Datum, type JsonObject } from '../repr/index.js';
import { parseJson } from '../repr/io/json.js';
import { decodeContext, jsonConverter, NEED_EXACT } from './coerce.js';
import { codeOf, DecodeError, decodeUtf8, messageOf } from './errors.js';
import type { Decoder, DecoderOptions, FormatColumn } from './spec.js';

const hasOwn = Object.prototype.hasOwnProperty;
const NO_PATH: readonly string[] = [];

/** Parses exactly (jsonb semantics) or throws DecodeError with PostgreSQL's JSON message. */
function parseExact(text: string, bytes: Uint8Array): ReturnType<typeof parseJson> {
  try {
    return parseJson(text, true);
  } catch (e) {
    const detail = e instanceof Error && 'detail' in e && e.detail ? `: ${String(e.detail)}` : '';
    throw new DecodeError(codeOf(e), `Failed to decode JSON: ${messageOf(e)}${detail}`, bytes);
  }
}

/** JSON.parse of a record; on a syntax error, a DecodeError with PostgreSQL's message. */
export function parseRecord(text: string, bytes: Uint8Array): unknown {
  // JSON.parse accepts \u0000 and lone surrogates, which PostgreSQL's JSON input rejects.
  if (text.includes('\\u')) parseExact(text, bytes);
  try {
    return JSON.parse(text);
  } catch {
    parseExact(text, bytes); // throws the syntax error as PostgreSQL words it
    throw new DecodeError('22P02', 'Failed to decode JSON: invalid JSON', bytes);
  }
}

export function makeJsonDecoder(
  declared: readonly FormatColumn[] | undefined,
  options: DecoderOptions = {},
): Decoder {
  if (declared === undefined || declared.length === 0) {
    const name = options.role === 'key' ? 'key' : 'data';
    return {
      columns: [{ name, type: T.jsonb, nullable: false }],
      decode(bytes) {
        return [parseExact(decodeUtf8(bytes, 'JSON'), bytes)];
      },
    };
  }
  return new DeclaredJsonDecoder(declared, options);
}

export class DeclaredJsonDecoder implements Decoder {
  private readonly names: string[];
  private readonly nullable: boolean[];
  private readonly convs: ReturnType<typeof jsonConverter>[];

  constructor(
    readonly columns: readonly FormatColumn[],
    options: DecoderOptions,
  ) {
    const ctx = decodeContext(options.timeZone);
    this.names = columns.map((c) => c.name);
    this.nullable = columns.map((c) => c.nullable);
    this.convs = columns.map((c) => jsonConverter(c.type, ctx));
  }

  decode(bytes: Uint8Array): Datum[] {
    const text = decodeUtf8(bytes, 'JSON');
    return this.fields(parseRecord(text, bytes), text, bytes, NO_PATH);
  }

  /**
   * The row of a JSON object parsed by JSON.parse from `text`, found in it at `path` (empty
   * for a whole record; Debezium's `before`/`after` objects are deeper).
   */
  fields(obj: unknown, text: string, bytes: Uint8Array, path: readonly string[]): Datum[] {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      const got = obj === null ? 'null' : Array.isArray(obj) ? 'an array' : typeof obj;
      throw new DecodeError(
        '22P02',
        `Failed to decode JSON: expected a JSON object, got ${got}`,
        bytes,
      );
    }
    const n = this.names.length;
    const row = new Array<Datum>(n);
    let exact: JsonObject | null = null;
    for (let i = 0; i < n; i++) {
      const name = this.names[i]!;
      try {
        let d =
          exact !== null
            ? this.convs[i]!(exact.get(name), true)
            : this.convs[i]!(
                hasOwn.call(obj, name) ? (obj as Record<string, unknown>)[name] : undefined,
                false,
              );
        if (d === NEED_EXACT) {
          exact = exactFields(text, bytes, path);
          d = this.convs[i]!(exact.get(name), true);
        }
        if (d === null && !this.nullable[i])
          throw new DecodeError(
            '23502',
            `Failed to decode JSON: field "${name}" is missing or null, but its column is NOT NULL`,
            bytes,
          );
        row[i] = d as Datum;
      } catch (e) {
        if (e instanceof DecodeError) throw e;
        throw new DecodeError(
          codeOf(e),
          `Failed to decode JSON: field "${name}": ${messageOf(e)}`,
          bytes,
        );
      }
    }
    return row;
  }
}

/** The exact parse of the record, descended through `path` to the object of a row. */
function exactFields(text: string, bytes: Uint8Array, path: readonly string[]): JsonObject {
  let v: unknown = parseExact(text, bytes).value;
  for (const k of path) v = v instanceof Map ? v.get(k) : undefined;
  if (!(v instanceof Map))
    throw new DecodeError('22P02', 'Failed to decode JSON: expected a JSON object', bytes);
  return v;
}
