// The shapes the format layer works with: a record format (the same shape as the parser's
// FormatSpec in src/sql/streaming-ast.ts, restated here because src/formats may not import
// src/sql), the columns a decoder produces, and the Decoder/Encoder interfaces.
import type { Row, SqlType } from '../repr/index.js';

/** An option written after a format (`CONFLUENT WIRE FORMAT = false`), as the parser keeps it. */
export interface FormatOption {
  /** Upper-cased words joined by one space. */
  readonly name: string;
  readonly value?: { readonly kind: string; readonly value?: unknown };
}

/** A record format: FORMAT JSON | TEXT | BYTES | CSV ... | AVRO USING SCHEMA '...'. */
export type FormatSpec =
  | { readonly kind: 'json' }
  | { readonly kind: 'text' }
  | { readonly kind: 'bytes' }
  | {
      readonly kind: 'csv';
      /** WITH n COLUMNS, or WITH HEADER (names); empty names: the declared columns name them. */
      readonly columns: number | { readonly header: readonly string[] };
      readonly delimiter: string;
    }
  | {
      readonly kind: 'avro';
      /** The writer schema (JSON text); a registry schema must be fetched by the caller. */
      readonly schema?: string;
      readonly registry?: readonly string[];
      readonly options?: readonly FormatOption[];
      /** Overrides the CONFLUENT WIRE FORMAT option (default true: magic byte + schema id). */
      readonly confluentWireFormat?: boolean;
    };

/** A column a decoder produces or an encoder consumes. */
export interface FormatColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
}

export interface DecoderOptions {
  /**
   * 'key' names the single column of unnamed formats (TEXT, BYTES, JSON without declared
   * columns) `key`, as Materialize does for INCLUDE KEY; 'value' (default) names them
   * `text`, `data`, `data`.
   */
  readonly role?: 'key' | 'value';
  /** Time zone for text input of timestamptz values without an offset (default 'UTC'). */
  readonly timeZone?: string;
}

/** Decodes the bytes of one Kafka key or value into a row of `columns`. */
export interface Decoder {
  readonly columns: readonly FormatColumn[];
  /**
   * The row of one record. Throws DecodeError on malformed input. Returns null only for a
   * record that carries no data: the header line of a CSV WITH HEADER source (see csv.ts).
   */
  decode(bytes: Uint8Array): Row | null;
}
