// Text helpers for the string functions: the output text of a value of any type (what
// concat/format/|| use), code-point-aware slicing, and PostgreSQL's format().
import type { Datum } from '../../repr/datum.js';
import type { SqlType } from '../../repr/types.js';
import { formatText } from '../../repr/io/text.js';
import { invalidParameterValue, nullValueNotAllowed } from '../../errors/index.js';
import type { EvalContext } from '../signature.js';
import { ioSettings } from '../cast.js';
import { quoteIdent, quoteLiteral } from './core-encode.js';

/** A value's text through its type's output function (NULL stays null). */
export function anyToText(d: Datum, t: SqlType, ctx: EvalContext): string | null {
  if (d === null) return null;
  if (t.kind === 'scalar') {
    switch (t.name) {
      case 'text':
      case 'varchar':
      case 'bpchar':
      case 'name':
      case 'char':
      case 'unknown':
        return d as string;
      case 'bool':
        return d === true ? 't' : 'f';
      case 'int2':
      case 'int4':
      case 'int8':
        return String(d);
      default:
        break;
    }
  }
  return formatText(d, t, ioSettings(ctx));
}

/** The string's code points (so that indexes count characters, not UTF-16 units). */
export function chars(s: string): string[] {
  return Array.from(s);
}

function unterminated(): never {
  throw invalidParameterValue('unterminated format() type specifier', {
    hint: 'For a single "%" use "%%".',
  });
}

/** format(fmt, args...) with %s %I %L, argument positions, '-' flag and widths. */
export function formatString(
  fmt: string,
  args: readonly Datum[],
  types: readonly SqlType[],
  ctx: EvalContext,
): string {
  let out = '';
  let next = 0;
  let i = 0;
  const argAt = (k: number): [Datum, SqlType] => {
    if (k >= args.length) throw invalidParameterValue('too few arguments for format()');
    return [args[k]!, types[k]!];
  };
  const readNumber = (): number | null => {
    const m = /^\d+/.exec(fmt.slice(i));
    if (m === null) return null;
    i += m[0].length;
    const v = Number(m[0]);
    if (!Number.isSafeInteger(v) || v > 2147483647) {
      throw invalidParameterValue('number is out of range');
    }
    return v;
  };
  const readPosition = (): number | null => {
    const save = i;
    const n = readNumber();
    if (n !== null && fmt[i] === '$') {
      i++;
      if (n === 0) {
        throw invalidParameterValue(
          'format specifies argument 0, but arguments are numbered from 1',
        );
      }
      return n;
    }
    i = save;
    return null;
  };
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    if (i >= fmt.length) unterminated();
    if (fmt[i] === '%') {
      out += '%';
      i++;
      continue;
    }
    const pos = readPosition();
    let left = false;
    while (fmt[i] === '-') {
      left = true;
      i++;
    }
    let width: number | null = null;
    if (fmt[i] === '*') {
      i++;
      const wpos = readPosition();
      const k = wpos !== null ? wpos - 1 : next;
      const [w] = argAt(k);
      next = k + 1;
      width = w === null ? 0 : Number(w);
      if (width < 0) {
        left = true;
        width = -width;
      }
    } else {
      width = readNumber();
    }
    if (i >= fmt.length) unterminated();
    const type = fmt[i]!;
    i++;
    if (type !== 's' && type !== 'I' && type !== 'L') {
      throw invalidParameterValue(`unrecognized format() type specifier "${type}"`, {
        hint: 'For a single "%" use "%%".',
      });
    }
    const k = pos !== null ? pos - 1 : next;
    const [v, t] = argAt(k);
    next = k + 1;
    const text = anyToText(v, t, ctx);
    let piece: string;
    if (type === 's') piece = text ?? '';
    else if (type === 'I') {
      if (text === null) {
        throw nullValueNotAllowed('null values cannot be formatted as an SQL identifier');
      }
      piece = quoteIdent(text);
    } else piece = text === null ? 'NULL' : quoteLiteral(text);
    if (width !== null) {
      const len = chars(piece).length;
      if (len < width)
        piece = left ? piece + ' '.repeat(width - len) : ' '.repeat(width - len) + piece;
    }
    out += piece;
  }
  return out;
}
