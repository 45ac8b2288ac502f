// Option lists of the streaming DDL: `(NAME [=] value, ...)` as in
// `TO KAFKA (BROKER 'h:9092', SASL PASSWORD = SECRET pw)` or `WITH (SNAPSHOT = false)`.
//
// A name is a run of keywords (`SASL MECHANISMS`), upper-cased and joined by one space; it ends
// at `=` or at a value that cannot be a keyword (a string, a number, `(`, TRUE/FALSE, or SECRET
// after the first word). Which options exist is for the statement's executor to decide, so
// unknown names are kept, not rejected here. Without `=`, an unquoted identifier cannot be told
// from one more word of the name, except after the few names below whose value is an identifier.
import type { OptionValue, SqlOption } from '../streaming-ast.js';
import type { Cursor } from './cursor.js';

/** Options whose value may be a bare identifier without `=` (`COMPRESSION TYPE gzip`). */
const IDENT_VALUED = new Set([
  'AWS CONNECTION',
  'AWS PRIVATELINK',
  'COMPRESSION TYPE',
  'SASL MECHANISMS',
  'SECURITY PROTOCOL',
  'SSH TUNNEL',
]);

/** `( option [, ...] )`; `()` is an empty list. */
export function optionList(c: Cursor): SqlOption[] {
  c.expectPunct('(');
  const out: SqlOption[] = [];
  if (c.acceptPunct(')')) return out;
  do out.push(option(c));
  while (c.acceptPunct(','));
  c.expectPunct(')');
  return out;
}

/** `WITH ( option [, ...] )` if it comes next, else []. */
export function withOptions(c: Cursor): SqlOption[] {
  if (!c.isKeyword('WITH')) return [];
  c.next();
  return optionList(c);
}

function isNameWord(c: Cursor, first: boolean): boolean {
  const t = c.peek();
  if (t.kind !== 'ident' || t.quoted) return false;
  if (c.isKeyword('TRUE') || c.isKeyword('FALSE')) return false;
  return first || !c.isKeyword('SECRET');
}

/** One `NAME [=] value` or bare `NAME`. */
export function option(c: Cursor): SqlOption {
  const start = c.peek();
  if (!isNameWord(c, true)) throw c.error();
  const words: string[] = [];
  while (isNameWord(c, words.length === 0)) words.push(c.next().value.toUpperCase());
  const position = c.position(start);
  const named = (n: string[], value?: OptionValue): SqlOption => ({
    name: n.join(' '),
    ...(value === undefined ? {} : { value }),
    position,
  });
  if (words.join(' ') === 'PARTITION BY') throw c.unsupported('PARTITION BY', start);
  if (c.acceptPunct('=')) return checked(c, named(words, value(c, true)));
  const head = words.slice(0, -1);
  if (head.length > 0 && IDENT_VALUED.has(head.join(' '))) {
    // `SSH TUNNEL conn` / `AWS CONNECTION sch.conn`: the last word was the value.
    const parts = [words.at(-1)!.toLowerCase()];
    while (c.acceptPunct('.')) parts.push(c.ident());
    return checked(c, named(head, { kind: 'ident', value: parts.join('.') }));
  }
  if (c.isPunct(',') || c.isPunct(')')) return named(words);
  return checked(c, named(words, value(c, IDENT_VALUED.has(words.join(' ')))));
}

/** Rejects `BROKER 'x' USING SSH TUNNEL t` and the like (valid Materialize, not Eddy). */
function checked(c: Cursor, o: SqlOption): SqlOption {
  if (c.isKeyword('USING')) throw c.unsupported(`${o.name} ... USING`);
  return o;
}

/**
 * A value: `'text'`, `[-]42`, `TRUE`/`FALSE`, `SECRET name`, `(v, ...)`, and (when `ident`, i.e.
 * after `=`, or inside a list) a possibly qualified identifier.
 */
export function value(c: Cursor, ident: boolean): OptionValue {
  const t = c.peek();
  if (t.kind === 'string') return { kind: 'string', value: c.next().value };
  if (t.kind === 'number') return { kind: 'number', value: c.next().value };
  if (c.isPunct('-') || c.isPunct('+')) {
    const sign = c.next().value;
    if (c.peek().kind !== 'number') throw c.error();
    const digits = c.next().value;
    return { kind: 'number', value: sign === '-' ? `-${digits}` : digits };
  }
  if (c.isKeyword('TRUE') || c.isKeyword('FALSE'))
    return { kind: 'boolean', value: c.next().value === 'true' };
  if (c.isKeyword('SECRET') && c.peek(1).kind === 'ident') {
    c.next();
    return { kind: 'secret', name: c.name() };
  }
  if (c.acceptPunct('(')) {
    const items: OptionValue[] = [];
    if (!c.isPunct(')')) {
      do items.push(value(c, true));
      while (c.acceptPunct(','));
    }
    c.expectPunct(')');
    return { kind: 'list', items };
  }
  if (ident && t.kind === 'ident') return { kind: 'ident', value: c.name().join('.') };
  throw c.error();
}
