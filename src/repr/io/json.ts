// Text I/O of json and jsonb: a strict RFC 8259 parser with PostgreSQL's error messages,
// jsonb's object normalization (unique keys, last duplicate wins, keys sorted shorter-first then
// bytewise) and jsonb_out's spacing ('{"a": 1, "b": [1, 2]}'). json values are held as Jsonb
// too (keys in input order, last duplicate wins); json parsed from text is a JsonText, which also
// keeps the input text so that json output returns it unchanged, as PostgreSQL does.
import { invalidJsonText, untranslatableCharacter } from '../../errors/index.js';
import { compareJsonString, Jsonb, JsonText, type JsonNode, type JsonObject } from '../datum.js';
import { Numeric } from '../numeric.js';

class Parser {
  pos = 0;
  constructor(
    readonly text: string,
    readonly sortKeys: boolean,
  ) {}

  fail(detail: string): never {
    throw invalidJsonText('invalid input syntax for type json', { detail });
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else break;
    }
  }

  token(): string {
    const m = /^(?:[A-Za-z0-9_+\-.]+|.)/su.exec(this.text.slice(this.pos));
    return m === null ? '' : m[0];
  }

  unexpected(): never {
    if (this.pos >= this.text.length) this.fail('The input string ended unexpectedly.');
    this.fail(`Token "${this.token()}" is invalid.`);
  }

  value(): JsonNode {
    this.ws();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    const tok = this.token();
    if (tok === 'true' || tok === 'false' || tok === 'null') {
      this.pos += tok.length;
      return tok === 'null' ? null : tok === 'true';
    }
    return this.unexpected();
  }

  number(): Numeric {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    const tok = this.token();
    if (m === null || m[0].length !== tok.length) this.fail(`Token "${tok}" is invalid.`);
    this.pos += m[0].length;
    return Numeric.parse(m[0])!;
  }

  string(): string {
    const t = this.text;
    this.pos++;
    let out = '';
    for (;;) {
      const start = this.pos;
      while (this.pos < t.length && t[this.pos] !== '"' && t[this.pos] !== '\\') {
        if (t.charCodeAt(this.pos) < 0x20) {
          this.fail(
            `Character with value 0x${t.charCodeAt(this.pos).toString(16).padStart(2, '0')} must be escaped.`,
          );
        }
        this.pos++;
      }
      out += t.slice(start, this.pos);
      if (this.pos >= t.length) this.fail('The input string ended unexpectedly.');
      if (t[this.pos] === '"') {
        this.pos++;
        return out;
      }
      const e = t[this.pos + 1];
      this.pos += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u':
          out += this.unicode();
          break;
        case undefined:
          this.fail('The input string ended unexpectedly.');
          break;
        default:
          this.fail(`Escape sequence "\\${e}" is invalid.`);
      }
    }
  }

  hex4(): number {
    const h = this.text.slice(this.pos, this.pos + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h))
      this.fail('"\\u" must be followed by four hexadecimal digits.');
    this.pos += 4;
    return parseInt(h, 16);
  }

  unicode(): string {
    const u = this.hex4();
    if (u === 0) {
      throw untranslatableCharacter('unsupported Unicode escape sequence', {
        detail: '\\u0000 cannot be converted to text.',
      });
    }
    if (u >= 0xd800 && u <= 0xdbff) {
      if (this.text.slice(this.pos, this.pos + 2) !== '\\u')
        this.fail('Unicode low surrogate must follow a high surrogate.');
      this.pos += 2;
      const lo = this.hex4();
      if (lo < 0xdc00 || lo > 0xdfff)
        this.fail('Unicode low surrogate must follow a high surrogate.');
      return String.fromCharCode(u, lo);
    }
    if (u >= 0xdc00 && u <= 0xdfff)
      this.fail('Unicode low surrogate must follow a high surrogate.');
    return String.fromCharCode(u);
  }

  array(): JsonNode[] {
    this.pos++;
    const out: JsonNode[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c === ']') {
        this.pos++;
        return out;
      } else this.unexpected();
    }
  }

  object(): JsonObject {
    this.pos++;
    const entries: [string, JsonNode][] = [];
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return new Map();
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.unexpected();
      const key = this.string();
      this.ws();
      if (this.text[this.pos] !== ':') this.unexpected();
      this.pos++;
      entries.push([key, this.value()]);
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c === '}') {
        this.pos++;
        break;
      } else this.unexpected();
    }
    return this.sortKeys ? jsonbObject(entries) : new Map(entries);
  }
}

/** A jsonb object from entries: last duplicate wins, keys in jsonb order. */
export function jsonbObject(entries: Iterable<readonly [string, JsonNode]>): JsonObject {
  const m = new Map<string, JsonNode>();
  for (const [k, v] of entries) m.set(k, v);
  const keys = [...m.keys()].sort(compareJsonString);
  return new Map(keys.map((k) => [k, m.get(k)!]));
}

/** A json value that remembers the text it was parsed from (json output prints it as is). */
/** Parses jsonb text (keys sorted and unique), or json text (a JsonText) when jsonb is false. */
export function parseJson(text: string, jsonb = true): Jsonb {
  const p = new Parser(text, jsonb);
  const v = p.value();
  p.ws();
  if (p.pos < text.length) p.unexpected();
  return jsonb ? new Jsonb(v) : new JsonText(v, text);
}

/** json_out: the original text when there is one, else jsonb's rendering. */
export function formatJsonValue(d: Jsonb): string {
  return d instanceof JsonText ? d.text : formatJson(d.value);
}

/** PostgreSQL's escape_json. */
export function quoteJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = s.charCodeAt(i);
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (code < 0x20) {
      switch (c) {
        case '\b':
          out += '\\b';
          break;
        case '\f':
          out += '\\f';
          break;
        case '\n':
          out += '\\n';
          break;
        case '\r':
          out += '\\r';
          break;
        case '\t':
          out += '\\t';
          break;
        default:
          out += `\\u${code.toString(16).padStart(4, '0')}`;
      }
    } else out += c;
  }
  return `${out}"`;
}

/** jsonb_out: '{"a": 1, "b": [1, 2, "x"]}'. */
export function formatJson(v: JsonNode): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return quoteJsonString(v);
  if (v instanceof Numeric) return v.toString();
  if (Array.isArray(v)) return `[${v.map(formatJson).join(', ')}]`;
  const parts: string[] = [];
  for (const [k, x] of v) parts.push(`${quoteJsonString(k)}: ${formatJson(x)}`);
  return `{${parts.join(', ')}}`;
}
