// A cursor over the tokens of one streaming DDL statement, with the small vocabulary the
// recursive-descent parser is written in: look at a token, accept or expect a keyword or a
// punctuation mark, read a (qualified) name, and raise PostgreSQL-style syntax errors
// (`syntax error at or near "X"` / `syntax error at end of input`) at the offending token.
import { featureNotSupported, syntaxError, type EddyError } from '../../errors/index.js';
import { charPosition, nextToken, type Token } from './tokens.js';

export class Cursor {
  readonly text: string;
  private readonly tokens: Token[] = [];
  private index = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** The token `ahead` places after the current one (tokens are read on demand). */
  peek(ahead = 0): Token {
    while (this.tokens.length <= this.index + ahead) {
      const last = this.tokens.at(-1);
      if (last?.kind === 'eof') return last;
      this.tokens.push(nextToken(this.text, last?.end ?? 0));
    }
    return this.tokens[this.index + ahead]!;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.index++;
    return t;
  }

  /** 1-based character position of a token, as PostgreSQL reports it. */
  position(t: Token): number {
    return charPosition(this.text, t.start);
  }

  /** Whether the token `ahead` is the (unquoted) keyword `kw` (upper-case). */
  isKeyword(kw: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && !t.quoted && t.value.toUpperCase() === kw;
  }

  /** Whether the next tokens are the keywords `kws`, in order. */
  isKeywords(...kws: string[]): boolean {
    return kws.every((kw, i) => this.isKeyword(kw, i));
  }

  /** Consumes the keywords `kws` if they come next (all of them), else nothing. */
  acceptKeywords(...kws: string[]): boolean {
    if (!this.isKeywords(...kws)) return false;
    for (let i = 0; i < kws.length; i++) this.next();
    return true;
  }

  expectKeywords(...kws: string[]): void {
    for (const kw of kws) {
      if (!this.isKeyword(kw)) throw this.error();
      this.next();
    }
  }

  isPunct(p: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'punct' && t.value === p;
  }

  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.next();
    return true;
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) throw this.error();
  }

  /** A syntax error at the token (default: the current one). */
  error(t: Token = this.peek()): EddyError {
    if (t.kind === 'eof')
      return syntaxError('syntax error at end of input', { position: this.position(t) });
    return syntaxError(`syntax error at or near "${this.text.slice(t.start, t.end)}"`, {
      position: this.position(t),
    });
  }

  /** A valid Materialize clause Eddy does not implement (0A000), located at the token. */
  unsupported(what: string, t: Token = this.peek()): EddyError {
    return featureNotSupported(`${what} is not supported`, { position: this.position(t) });
  }

  /** One identifier (a keyword is fine as a name). */
  ident(): string {
    const t = this.peek();
    if (t.kind !== 'ident') throw this.error();
    this.next();
    return t.value;
  }

  /** A qualified name `a[.b[.c]]`. */
  name(): string[] {
    const first = this.peek();
    const parts = [this.ident()];
    while (this.acceptPunct('.')) parts.push(this.ident());
    if (parts.length > 3)
      throw syntaxError(`improper qualified name (too many dotted names): ${parts.join('.')}`, {
        position: this.position(first),
      });
    return parts;
  }

  /** `( ident [, ...] )`. */
  identList(): string[] {
    this.expectPunct('(');
    const out = [this.ident()];
    while (this.acceptPunct(',')) out.push(this.ident());
    this.expectPunct(')');
    return out;
  }

  /** A string literal. */
  string(): string {
    const t = this.peek();
    if (t.kind !== 'string') throw this.error();
    this.next();
    return t.value;
  }

  /** The end of the statement (an optional `;` is allowed). */
  end(): void {
    this.acceptPunct(';');
    if (this.peek().kind !== 'eof') throw this.error();
  }

  /** `IF NOT EXISTS`. */
  ifNotExists(): boolean {
    return this.acceptKeywords('IF', 'NOT', 'EXISTS');
  }
}
