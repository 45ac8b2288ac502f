// COPY's text and CSV formats: splitting input into rows of fields (with PostgreSQL's escapes and
// quoting) and rendering rows for COPY TO.
import { EddyError } from '../../errors/index.js';

export interface CopyOptions {
  /** binary: ./copy-binary.ts; the other options apply to text and CSV only. */
  readonly format: 'text' | 'csv' | 'binary';
  readonly delimiter: string;
  readonly null: string;
  readonly header: boolean;
  readonly quote: string;
  readonly escape: string;
}

export function defaultOptions(format: CopyOptions['format']): CopyOptions {
  return format === 'csv'
    ? { format, delimiter: ',', null: '', header: false, quote: '"', escape: '"' }
    : { format, delimiter: '\t', null: '\\N', header: false, quote: '"', escape: '"' };
}

const badCopy = (message: string): EddyError => new EddyError('22P04', message);

/** Parses COPY text-format data into rows of fields (null for NULL). */
export function parseTextRows(data: string, o: CopyOptions): (string | null)[][] {
  const rows: (string | null)[][] = [];
  const lines = data.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let first = true;
  for (let line of lines) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '\\.') break;
    if (first && o.header) {
      first = false;
      continue;
    }
    first = false;
    // Without a backslash, fields are what lies between delimiters (most lines of most data).
    if (!line.includes('\\')) {
      const fields: (string | null)[] = line.split(o.delimiter);
      for (let j = 0; j < fields.length; j++) if (fields[j] === o.null) fields[j] = null;
      rows.push(fields);
      continue;
    }
    const fields: (string | null)[] = [];
    let cur = '';
    let raw = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (c === o.delimiter) {
        fields.push(raw === o.null ? null : cur);
        cur = '';
        raw = '';
        continue;
      }
      if (c === '\\' && i + 1 < line.length) {
        const n = line[++i]!;
        raw += c + n;
        switch (n) {
          case 'b':
            cur += '\b';
            break;
          case 'f':
            cur += '\f';
            break;
          case 'n':
            cur += '\n';
            break;
          case 'r':
            cur += '\r';
            break;
          case 't':
            cur += '\t';
            break;
          case 'v':
            cur += '\v';
            break;
          case 'x': {
            const m = /^[0-9a-fA-F]{1,2}/.exec(line.slice(i + 1));
            if (m) {
              cur += String.fromCharCode(parseInt(m[0], 16));
              raw += m[0];
              i += m[0].length;
            } else cur += 'x';
            break;
          }
          default:
            if (n >= '0' && n <= '7') {
              const m = /^[0-7]{1,3}/.exec(line.slice(i))!;
              cur += String.fromCharCode(parseInt(m[0], 8));
              raw += m[0].slice(1);
              i += m[0].length - 1;
            } else cur += n;
        }
        continue;
      }
      cur += c;
      raw += c;
    }
    fields.push(raw === o.null ? null : cur);
    rows.push(fields);
  }
  return rows;
}

/** Parses CSV data into rows of fields (an unquoted null string is NULL). */
export function parseCsvRows(data: string, o: CopyOptions): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let i = 0;
  let first = true;
  const n = data.length;
  while (i < n) {
    if (data.startsWith('\\.', i) && (i + 2 === n || data[i + 2] === '\n' || data[i + 2] === '\r'))
      break;
    const fields: (string | null)[] = [];
    let cur = '';
    let quoted = false;
    let any = false;
    for (;;) {
      if (i >= n) {
        fields.push(!quoted && cur === o.null ? null : cur);
        break;
      }
      const c = data[i]!;
      if (c === o.quote) {
        quoted = true;
        any = true;
        i++;
        for (;;) {
          if (i >= n) throw badCopy('unterminated CSV quoted field');
          const d = data[i]!;
          if (d === o.escape && data[i + 1] === o.quote) {
            cur += o.quote;
            i += 2;
            continue;
          }
          if (d === o.quote) {
            i++;
            break;
          }
          cur += d;
          i++;
        }
        continue;
      }
      if (c === o.delimiter) {
        fields.push(!quoted && cur === o.null ? null : cur);
        cur = '';
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n' || c === '\r') {
        fields.push(!quoted && cur === o.null ? null : cur);
        i += c === '\r' && data[i + 1] === '\n' ? 2 : 1;
        break;
      }
      cur += c;
      any = true;
      i++;
    }
    void any;
    if (first && o.header) {
      first = false;
      continue;
    }
    first = false;
    rows.push(fields);
  }
  return rows;
}

/** One output line (with its newline) for COPY TO. */
export function formatRow(values: readonly (string | null)[], o: CopyOptions): string {
  if (o.format === 'text') {
    return `${values.map((v) => (v === null ? o.null : escapeText(v, o.delimiter))).join(o.delimiter)}\n`;
  }
  return `${values.map((v) => (v === null ? o.null : quoteCsv(v, o))).join(o.delimiter)}\n`;
}

function escapeText(v: string, delim: string): string {
  let out = '';
  for (const c of v) {
    switch (c) {
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += delim === '\t' ? '\\t' : c;
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\v':
        out += '\\v';
        break;
      default:
        out += c === delim ? `\\${c}` : c;
    }
  }
  return out;
}

function quoteCsv(v: string, o: CopyOptions): string {
  const needs =
    v === '' ||
    v === o.null ||
    v.includes(o.delimiter) ||
    v.includes(o.quote) ||
    v.includes('\n') ||
    v.includes('\r') ||
    v === '\\.';
  if (!needs) return v;
  return `${o.quote}${v.replaceAll(o.quote, o.escape + o.quote)}${o.quote}`;
}
