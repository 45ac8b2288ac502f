// bytea encodings (encode/decode with hex, base64, escape), hashes (md5, sha2) and the
// quoting functions (quote_ident, quote_literal, parse_ident) with PostgreSQL's exact output.
import { createHash } from 'node:crypto';
import { invalidParameterValue, type EddyError } from '../../errors/index.js';

export function hashHex(algo: string, data: Uint8Array | string): string {
  return createHash(algo).update(data).digest('hex');
}

export function hashBytes(algo: string, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(algo).update(data).digest());
}

export function encodeBytes(b: Uint8Array, format: string): string {
  switch (format.toLowerCase()) {
    case 'hex':
      return Buffer.from(b).toString('hex');
    case 'base64': {
      const s = Buffer.from(b).toString('base64');
      return s.replace(/.{76}(?=.)/g, '$&\n');
    }
    case 'escape': {
      let out = '';
      for (const c of b) {
        if (c === 0x5c) out += '\\\\';
        else if (c === 0 || c >= 0x80) out += `\\${c.toString(8).padStart(3, '0')}`;
        else out += String.fromCharCode(c);
      }
      return out;
    }
    default:
      throw invalidParameterValue(`unrecognized encoding: "${format}"`);
  }
}

const HEX_DIGIT = /^[0-9a-fA-F]$/;

export function decodeText(s: string, format: string): Uint8Array {
  switch (format.toLowerCase()) {
    case 'hex': {
      const out: number[] = [];
      let i = 0;
      while (i < s.length) {
        const c = s[i]!;
        if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
          i++;
          continue;
        }
        if (!HEX_DIGIT.test(c)) throw invalidParameterValue(`invalid hexadecimal digit: "${c}"`);
        const d = s[i + 1];
        if (d === undefined) {
          throw invalidParameterValue('invalid hexadecimal data: odd number of digits');
        }
        if (!HEX_DIGIT.test(d)) throw invalidParameterValue(`invalid hexadecimal digit: "${d}"`);
        out.push(parseInt(c + d, 16));
        i += 2;
      }
      return new Uint8Array(out);
    }
    case 'base64': {
      const clean = s.replace(/[ \t\n\r]/g, '');
      const bad = /[^A-Za-z0-9+/=]/.exec(clean);
      if (bad !== null) {
        throw invalidParameterValue(
          `invalid symbol "${bad[0]}" found while decoding base64 sequence`,
        );
      }
      if (clean.length % 4 !== 0 || /=[^=]/.test(clean)) {
        throw invalidParameterValue('invalid base64 end sequence', {
          hint: 'Input data is missing padding, is truncated, or is otherwise corrupted.',
        });
      }
      return new Uint8Array(Buffer.from(clean, 'base64'));
    }
    case 'escape': {
      const out: number[] = [];
      const bytes = Buffer.from(s, 'utf8');
      for (let i = 0; i < bytes.length; i++) {
        const c = bytes[i]!;
        if (c !== 0x5c) {
          out.push(c);
          continue;
        }
        if (bytes[i + 1] === 0x5c) {
          out.push(0x5c);
          i++;
          continue;
        }
        const oct = String.fromCharCode(...bytes.subarray(i + 1, i + 4));
        if (!/^[0-3][0-7][0-7]$/.test(oct)) {
          throw invalidParameterValue('invalid input syntax for type bytea');
        }
        out.push(parseInt(oct, 8));
        i += 3;
      }
      return new Uint8Array(out);
    }
    default:
      throw invalidParameterValue(`unrecognized encoding: "${format}"`);
  }
}

/** Keywords that quote_ident must quote (every category but unreserved), PostgreSQL 15. */
const KEYWORDS = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization between bigint binary ' +
    'bit boolean both case cast char character check coalesce collate collation column ' +
    'concurrently constraint create cross current_catalog current_date current_role ' +
    'current_schema current_time current_timestamp current_user dec decimal default deferrable ' +
    'desc distinct do else end except exists extract false fetch float for foreign freeze from ' +
    'full grant greatest group grouping having ilike in initially inner inout int integer ' +
    'intersect interval into is isnull join lateral leading least left like limit localtime ' +
    'localtimestamp national natural nchar none normalize not notnull null nullif numeric ' +
    'offset on only or order out outer overlaps overlay placing position precision primary ' +
    'real references returning right row select session_user setof similar smallint some ' +
    'substring symmetric table tablesample then time timestamp to trailing treat trim true ' +
    'union unique user using values varchar variadic verbose when where window with ' +
    'xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi ' +
    'xmlroot xmlserialize xmltable'
  ).split(' '),
);

export function quoteIdent(s: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(s) && !KEYWORDS.has(s)) return s;
  return `"${s.replaceAll('"', '""')}"`;
}

export function quoteLiteral(s: string): string {
  const body = s.replaceAll("'", "''").replaceAll('\\', '\\\\');
  return s.includes('\\') ? `E'${body}'` : `'${body}'`;
}

const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * parse_ident: splits a qualified identifier into its parts, as PostgreSQL does. Quoted parts keep
 * their case ("" is a quote), unquoted parts are lower-cased; with `strict`, nothing may follow
 * the last part.
 */
export function parseIdent(str: string, strict: boolean): string[] {
  const invalid = (detail?: string): EddyError =>
    invalidParameterValue(
      `string is not a valid identifier: "${str}"`,
      detail === undefined ? {} : { detail },
    );
  const parts: string[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < str.length && /\s/.test(str[i]!)) i++;
  };
  skipSpace();
  for (;;) {
    if (str[i] === '"') {
      let part = '';
      i++;
      for (;;) {
        const close = str.indexOf('"', i);
        if (close < 0) throw invalid('String has unclosed double quotes.');
        part += str.slice(i, close);
        i = close + 1;
        if (str[i] !== '"') break;
        part += '"';
        i++;
      }
      if (part === '') throw invalid('Quoted identifier must not be empty.');
      parts.push(part);
    } else {
      const start = i;
      while (i < str.length && IDENT_CHAR.test(str[i]!)) i++;
      if (i === start) {
        throw invalid(
          parts.length === 0 && str[i] === '.'
            ? 'No valid identifier before ".".'
            : parts.length > 0
              ? 'No valid identifier after ".".'
              : undefined,
        );
      }
      parts.push(str.slice(start, i).toLowerCase());
    }
    skipSpace();
    if (str[i] === '.') {
      i++;
      skipSpace();
      continue;
    }
    if (i < str.length && strict) throw invalid();
    return parts;
  }
}
