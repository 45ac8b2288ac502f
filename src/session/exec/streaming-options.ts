// Reading the option lists of streaming DDL (`TOPIC 't'`, `SASL PASSWORD = SECRET pw`,
// `WITH (SNAPSHOT = false)`): each statement says which options it knows, and an unknown,
// repeated or ill-typed option is an error naming the option, at its position.
import { EddyError, syntaxError } from '../../errors/index.js';
import type { OptionValue, SqlOption } from '../../sql/streaming-ast.js';

export class Options {
  private readonly byName = new Map<string, SqlOption>();

  constructor(
    list: readonly SqlOption[],
    known: readonly string[],
    private readonly what: string,
  ) {
    for (const o of list) {
      if (!known.includes(o.name))
        throw syntaxError(`unrecognized ${what} option: ${o.name}`, { position: o.position });
      if (this.byName.has(o.name))
        throw syntaxError(`${what} option ${o.name} specified more than once`, {
          position: o.position,
        });
      this.byName.set(o.name, o);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  private bad(o: SqlOption, expected: string): EddyError {
    return new EddyError(
      '22023',
      `invalid value for ${this.what} option ${o.name}: expected ${expected}`,
      {
        position: o.position,
      },
    );
  }

  string(name: string): string | undefined {
    const o = this.byName.get(name);
    if (o === undefined) return undefined;
    const v = o.value;
    if (v?.kind === 'string' || v?.kind === 'ident') return v.value;
    throw this.bad(o, 'a string');
  }

  requiredString(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw new EddyError('42601', `${this.what} requires the option ${name}`);
    return v;
  }

  /** A string, or a list of strings (`BROKERS ('a', 'b')`). */
  strings(name: string): string[] | undefined {
    const o = this.byName.get(name);
    if (o === undefined) return undefined;
    const v = o.value;
    if (v?.kind === 'string') return [v.value];
    if (v?.kind === 'list' && v.items.every((i) => i.kind === 'string'))
      return v.items.map((i) => (i as { value: string }).value);
    throw this.bad(o, 'a string or a list of strings');
  }

  /** A bare flag means true. */
  boolean(name: string): boolean | undefined {
    const o = this.byName.get(name);
    if (o === undefined) return undefined;
    const v = o.value;
    if (v === undefined) return true;
    if (v.kind === 'boolean') return v.value;
    if (v.kind === 'string' || v.kind === 'ident') {
      const t = v.value.toLowerCase();
      if (['true', 'on', 'yes', '1'].includes(t)) return true;
      if (['false', 'off', 'no', '0'].includes(t)) return false;
    }
    throw this.bad(o, 'a boolean');
  }

  number(name: string): number | undefined {
    const o = this.byName.get(name);
    if (o === undefined) return undefined;
    const v = o.value;
    if (v?.kind === 'number' && Number.isFinite(Number(v.value))) return Number(v.value);
    throw this.bad(o, 'a number');
  }

  /** A list of integers (`START OFFSET (0, 10)`). */
  integers(name: string): string[] | undefined {
    const o = this.byName.get(name);
    if (o === undefined) return undefined;
    const v = o.value;
    const items: readonly OptionValue[] = v?.kind === 'list' ? v.items : v === undefined ? [] : [v];
    if (items.length > 0 && items.every((i) => i.kind === 'number' && /^\d+$/.test(i.value)))
      return items.map((i) => (i as { value: string }).value);
    throw this.bad(o, 'a list of non-negative integers');
  }

  /** A text value or a secret: `'x'` or `SECRET name`. */
  textOrSecret(name: string): { text: string } | { secret: readonly string[] } | undefined {
    const o = this.byName.get(name);
    if (o === undefined) return undefined;
    const v = o.value;
    if (v?.kind === 'string' || v?.kind === 'ident') return { text: v.value };
    if (v?.kind === 'secret') return { secret: v.name };
    throw this.bad(o, 'a string or SECRET name');
  }
}
