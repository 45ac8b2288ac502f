// FORMAT CSV decoding: one Kafka record is one CSV record (RFC 4180: fields separated by the
// delimiter, optionally double-quoted, "" inside quotes is a quote, quoted fields may span
// lines; one trailing line break is allowed). Columns are `column1..columnN` for WITH n
// COLUMNS, the header's names for WITH HEADER (names), or the declared columns' names; declared
// column types other than text are converted through their input functions.
//
// Header lines: with WITH HEADER (names), a record whose fields are exactly the names is the
// header and is not ingested (decode returns null), wherever it appears: a Kafka source resumes
// mid-topic after a restart and partitions interleave, so "the first record" means nothing.
// Empty records are dropped too (as Materialize does); a record with the wrong number of fields
// is a DecodeError.
import { invalidTableDefinition } from '../errors/index.js';
import { T, type Datum } from '../repr/index.js';
import { decodeContext, textConverter } from './coerce.js';
import { codeOf, DecodeError, decodeUtf8, messageOf } from './errors.js';
import type { Decoder, DecoderOptions, FormatColumn } from './spec.js';

/** Splits one CSV record into fields; null when the text holds more than one record. */
export function splitCsvRecord(text: string, delimiter: string): string[] | null {
  let end = text.length;
  if (text.endsWith('\r\n')) end -= 2;
  else if (text.endsWith('\n') || text.endsWith('\r')) end -= 1;
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let field = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0 || q >= end) throw new CsvError('unterminated quoted field');
        field += text.slice(i, q);
        if (text[q + 1] === '"' && q + 1 < end) {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(field);
      if (i === end) return out;
      if (text[i] !== delimiter) {
        if (text[i] === '\n' || text[i] === '\r') return null;
        throw new CsvError(`unexpected character after a quoted field at position ${i + 1}`);
      }
      i++;
    } else {
      let j = i;
      while (j < end && text[j] !== delimiter && text[j] !== '\n' && text[j] !== '\r') j++;
      out.push(text.slice(i, j));
      if (j === end) return out;
      if (text[j] !== delimiter) return null;
      i = j + 1;
    }
  }
}

class CsvError extends Error {}

export function makeCsvDecoder(
  spec: {
    readonly columns: number | { readonly header: readonly string[] };
    readonly delimiter: string;
  },
  declared: readonly FormatColumn[] | undefined,
  options: DecoderOptions = {},
): Decoder {
  const header = typeof spec.columns === 'number' ? null : spec.columns.header;
  const n = header === null ? (spec.columns as number) : header.length || (declared?.length ?? 0);
  if (n <= 0) throw invalidTableDefinition('CSV WITH HEADER needs column names for a Kafka source');
  if (declared !== undefined && declared.length > 0 && declared.length !== n)
    throw invalidTableDefinition(
      `CSV format has ${n} columns, but ${declared.length} columns were declared`,
    );
  if (!/^[\x01-\x7f]$/.test(spec.delimiter) || /["\r\n]/.test(spec.delimiter))
    throw invalidTableDefinition(
      `CSV delimiter must be one ASCII character other than a quote or line break, not '${spec.delimiter}'`,
    );
  const columns: FormatColumn[] =
    declared !== undefined && declared.length > 0
      ? [...declared]
      : Array.from({ length: n }, (_, i) => ({
          name: header !== null && header.length > 0 ? header[i]! : `column${i + 1}`,
          type: T.text,
          nullable: false,
        }));
  const ctx = decodeContext(options.timeZone);
  const convs = columns.map((c) => textConverter(c.type, ctx));
  // The header line: a record whose fields are exactly the column names. Recognised by content,
  // not by position: a source resumes mid-topic after a restart, and partitions interleave.
  const headerNames = header === null ? null : columns.map((c) => c.name);

  return {
    columns,
    decode(bytes): Datum[] | null {
      const text = decodeUtf8(bytes, 'CSV');
      if (text === '' || text === '\n' || text === '\r\n') return null;
      let fields: string[] | null;
      try {
        fields = splitCsvRecord(text, spec.delimiter);
      } catch (e) {
        throw new DecodeError('22P02', `CSV error: ${messageOf(e)}`, bytes);
      }
      if (fields === null)
        throw new DecodeError(
          '22P02',
          'CSV error: a Kafka record must hold exactly one CSV record',
          bytes,
        );
      if (fields.length !== n)
        throw new DecodeError(
          '22P02',
          `CSV error: expected ${n} columns, got ${fields.length}.`,
          bytes,
        );
      if (headerNames !== null && fields.every((f, i) => f === headerNames[i])) return null;
      const row = new Array<Datum>(n);
      for (let i = 0; i < n; i++) {
        try {
          row[i] = convs[i]!(fields[i]!);
        } catch (e) {
          throw new DecodeError(
            codeOf(e),
            `CSV error: column "${columns[i]!.name}": ${messageOf(e)}`,
            bytes,
          );
        }
      }
      return row;
    },
  };
}
