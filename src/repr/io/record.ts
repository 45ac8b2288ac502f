// Text I/O of composite values (PostgreSQL's record_in/record_out): '(1,"a b",)' — an empty
// unquoted field is NULL; fields are quoted when empty or containing ( ) , " \ or whitespace.
import { invalidTextRepresentation } from '../../errors/index.js';
import { type Datum, RecordDatum } from '../datum.js';

export function quoteRecordField(s: string): string {
  if (s !== '' && !/[()",\\ \t\n\r\f\v]/.test(s)) return s;
  return `"${s.replace(/["\\]/g, (c) => c + c)}"`;
}

export function formatRecord(r: RecordDatum, formatField: (d: Datum, i: number) => string): string {
  return `(${r.fields.map((f, i) => (f === null ? '' : quoteRecordField(formatField(f, i)))).join(',')})`;
}

function malformed(text: string, detail: string): Error {
  return invalidTextRepresentation(`malformed record literal: "${text}"`, { detail });
}

export function parseRecord(
  text: string,
  fieldCount: number,
  parseField: (s: string, i: number) => Datum,
): RecordDatum {
  let i = 0;
  while (/\s/.test(text[i] ?? '')) i++;
  if (text[i] !== '(') throw malformed(text, 'Missing left parenthesis.');
  i++;
  const fields: Datum[] = [];
  for (let f = 0; f < fieldCount; f++) {
    if (f > 0) {
      if (text[i] !== ',') throw malformed(text, 'Too few columns.');
      i++;
    }
    if (text[i] === ',' || text[i] === ')') {
      fields.push(null);
      continue;
    }
    let raw = '';
    let inQuote = false;
    for (;;) {
      const c = text[i];
      if (c === undefined) throw malformed(text, 'Unexpected end of input.');
      if (!inQuote && (c === ',' || c === ')')) break;
      i++;
      if (c === '\\') {
        const n = text[i++];
        if (n === undefined) throw malformed(text, 'Unexpected end of input.');
        raw += n;
      } else if (c === '"') {
        if (inQuote && text[i] === '"') {
          raw += '"';
          i++;
        } else inQuote = !inQuote;
      } else raw += c;
    }
    fields.push(parseField(raw, f));
  }
  if (text[i] !== ')') throw malformed(text, 'Too many columns.');
  i++;
  while (/\s/.test(text[i] ?? '')) i++;
  if (i < text.length) throw malformed(text, 'Junk after right parenthesis.');
  return new RecordDatum(fields);
}
