// to_char(number, template) for integers, numeric and floats, as PostgreSQL writes it (C locale:
// '.' and ',' for D and G, a blank for the currency symbol L). Template patterns:
//   9 digit (blank when a leading zero)   0 digit (zero when leading)   . D decimal point
//   , G group separator (blank before the first digit)   FM fill mode (no padding, no
//   trailing zeros at 9s after the point)   S MI PL SG sign   PR negative in <angle brackets>
//   V multiply by 10^(digits after V)   EEEE scientific notation   TH th ordinal suffix
//   RN rn Roman numeral   "..." literal text   anything else: itself.
// The value is rounded to the digits after the point; one whose integer part has more digits
// than the template is written as # in every digit position. Without an explicit sign pattern,
// a position before the number holds '-' or (not in fill mode) a blank. Floats are rounded as
// C's printf rounds their exact value (ties to even), to at most 6 (float4) or 15 significant
// digits. The layout follows PostgreSQL's NUM_processor step by step (layout() below).
import { syntaxError } from '../../errors/index.js';
import { Numeric } from '../../repr/numeric.js';

type Tok =
  | { kind: 'digit'; zero: boolean }
  | { kind: 'point' }
  | { kind: 'group' }
  | { kind: 'sign'; which: 'S' | 'MI' | 'PL' | 'SG' }
  | { kind: 'ordinal'; upper: boolean }
  | { kind: 'literal'; text: string };

interface Template {
  readonly toks: Tok[];
  readonly pre: number;
  readonly post: number;
  /** Digits after V: the value is multiplied by 10^multi. */
  readonly multi: number;
  readonly fill: boolean;
  readonly bracket: boolean;
  readonly eeee: boolean;
  readonly roman: false | 'upper' | 'lower';
  /** Index among digit positions of the first 0 before the point (-1: none). */
  readonly zeroStart: number;
  /** Digit positions up to the last 0 (pre + post counted then); 0: no 0. */
  readonly zeroEnd: number;
  /** S's place: before the number ('pre') or after it ('post'); null: no S. */
  readonly lsign: 'pre' | 'post' | null;
}

function parseTemplate(fmt: string): Template {
  const toks: Tok[] = [];
  let pre = 0;
  let post = 0;
  let multi = 0;
  let decimal = false;
  let afterV = false;
  let fill = false;
  let bracket = false;
  let eeee = false;
  let roman: Template['roman'] = false;
  let zeroStart = -1;
  let zeroEnd = 0;
  let lsign: Template['lsign'] = null;
  /** A pattern that EEEE cannot be combined with (anything but digits and the point). */
  let other = false;
  const up = fmt.toUpperCase();
  for (let i = 0; i < fmt.length;) {
    const at = (s: string): boolean => up.startsWith(s, i);
    if (at('FM')) {
      fill = true;
      other = true;
      i += 2;
    } else if (at('EEEE')) {
      eeee = true;
      i += 4;
    } else if (at('PR')) {
      bracket = true;
      other = true;
      i += 2;
    } else if (at('RN')) {
      roman = fmt[i] === 'r' ? 'lower' : 'upper';
      other = true;
      i += 2;
    } else if (at('MI') || at('PL') || at('SG')) {
      toks.push({ kind: 'sign', which: up.slice(i, i + 2) as 'MI' | 'PL' | 'SG' });
      other = true;
      i += 2;
    } else if (at('TH')) {
      toks.push({ kind: 'ordinal', upper: fmt[i] === 'T' });
      other = true;
      i += 2;
    } else if (fmt[i] === '9' || fmt[i] === '0') {
      const zero = fmt[i] === '0';
      if (afterV) multi++;
      if (zero && zeroStart < 0 && !decimal) zeroStart = pre;
      if (decimal) post++;
      else pre++;
      if (zero) zeroEnd = pre + post;
      toks.push({ kind: 'digit', zero });
      i++;
    } else if (fmt[i] === '.' || up[i] === 'D') {
      decimal = true;
      toks.push({ kind: 'point' });
      i++;
    } else if (fmt[i] === ',' || up[i] === 'G') {
      toks.push({ kind: 'group' });
      other = true;
      i++;
    } else if (up[i] === 'S') {
      lsign = pre === 0 && post === 0 ? 'pre' : 'post';
      toks.push({ kind: 'sign', which: 'S' });
      other = true;
      i++;
    } else if (up[i] === 'V') {
      afterV = true;
      other = true;
      i++;
    } else if (up[i] === 'L') {
      // The C locale has no currency symbol: PostgreSQL writes a blank.
      toks.push({ kind: 'literal', text: ' ' });
      other = true;
      i++;
    } else if (fmt[i] === '"') {
      let j = i + 1;
      let text = '';
      while (j < fmt.length && fmt[j] !== '"') {
        if (fmt[j] === '\\' && j + 1 < fmt.length) j++;
        text += fmt[j]!;
        j++;
      }
      toks.push({ kind: 'literal', text });
      i = j + 1;
    } else {
      toks.push({ kind: 'literal', text: fmt[i]! });
      i++;
    }
  }
  if (eeee && other)
    throw syntaxError('"EEEE" is incompatible with other formats', {
      detail: '"EEEE" may only be used together with digit and decimal point patterns.',
    });
  return { toks, pre, post, multi, fill, bracket, eeee, roman, zeroStart, zeroEnd, lsign };
}

/** to_char of an exact number (integers, numeric). */
export function numericToChar(n: Numeric, fmt: string): string {
  const t = parseTemplate(fmt);
  if (t.roman !== false) return romanOf(n, t);
  // NaN fits as its three letters; Infinity overflows any template of fewer than eight digits.
  if (!n.isFinite()) return layout(n.toString(), t);
  if (t.eeee) return scientific(n.toString(), t);
  const scaled = t.multi > 0 ? Numeric.of(n.coef * 10n ** BigInt(t.multi), n.scale) : n;
  const rounded = scaled.withScale(Math.max(t.post, 0));
  return layout(rounded.toString(), t);
}

/** to_char of a float (float4 / float8), rounding as C's printf does (exact value, ties to even). */
export function floatToChar(x: number, fmt: string, float4: boolean): string {
  const t = parseTemplate(fmt);
  if (!Number.isFinite(x)) {
    if (t.roman !== false) return romanOf(Numeric.of(0n), t);
    return layout(Number.isNaN(x) ? 'NaN' : x < 0 ? '-Infinity' : 'Infinity', t);
  }
  if (t.roman !== false) return romanOf(halfEven(exactNumeric(x), 0), t);
  // V multiplies in the value's own precision.
  const v = t.multi === 0 ? x : float4 ? Math.fround(x * 10 ** t.multi) : x * 10 ** t.multi;
  if (t.eeee) return floatScientific(v, t);
  // At most the type's significant digits (FLT_DIG / DBL_DIG), the rest written as zeros.
  const digits = float4 ? 6 : 15;
  const intLen = Math.abs(v) < 1 ? 1 : halfEven(exactNumeric(Math.abs(v)), 0).toString().length;
  let post = t.post;
  if (intLen >= digits) post = 0;
  else if (intLen + post > digits) post = digits - intLen;
  const text = halfEven(exactNumeric(Math.abs(v)), post).toString();
  return layout((v < 0 || Object.is(v, -0) ? '-' : '') + text, { ...t, post });
}

/** The exact decimal value of a finite double. */
function exactNumeric(x: number): Numeric {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mant = biased === 0 ? fraction : fraction | (1n << 52n);
  const exp = (biased === 0 ? 1 : biased) - 1075;
  const signed = negative ? -mant : mant;
  if (exp >= 0) return Numeric.of(signed << BigInt(exp));
  return Numeric.of(signed * 5n ** BigInt(-exp), -exp);
}

/** `n` rounded to `scale` digits after the point, ties to even. */
function halfEven(n: Numeric, scale: number): Numeric {
  if (n.scale <= scale) return n.withScale(scale);
  const div = 10n ** BigInt(n.scale - scale);
  const abs = n.coef < 0n ? -n.coef : n.coef;
  let q = abs / div;
  const twice = (abs % div) * 2n;
  if (twice > div || (twice === div && q % 2n === 1n)) q += 1n;
  return Numeric.of(n.coef < 0n ? -q : q, scale);
}

/** %.*e of a double: d.ddde±XX, ties to even. */
function floatScientific(v: number, t: Template): string {
  const n = exactNumeric(Math.abs(v));
  let exp = 0;
  let mant = n;
  if (n.coef !== 0n) {
    exp = n.coef.toString().length - 1 - n.scale;
    mant = Numeric.of(n.coef, n.scale + exp);
  }
  let m = halfEven(mant, t.post);
  if (m.coef.toString().length > t.post + 1) {
    exp++;
    m = halfEven(Numeric.of(mant.coef, mant.scale + 1), t.post);
  }
  return exponentText(v < 0, m.toString(), exp, t);
}

function exponentText(negative: boolean, mant: string, exp: number, t: Template): string {
  const e = `e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${negative ? '-' : t.fill ? '' : ' '}${mant}${e}`;
}

/** Scientific notation: d.ddde±XX with the template's digits after the point. */
function scientific(text: string, t: Template): string {
  const neg = text.startsWith('-');
  const n = Numeric.parse(neg ? text.slice(1) : text)!;
  let exp = 0;
  let mant = n;
  if (n.coef !== 0n) {
    const digits = n.coef.toString();
    exp = digits.length - 1 - n.scale;
    mant = Numeric.of(n.coef, n.scale + exp);
  }
  // The exponent is the unrounded value's (PostgreSQL writes 99.995 as 10.00e+01 by 9.99EEEE).
  return exponentText(neg, mant.withScale(t.post).toString(), exp, t);
}

/** The digits and template laid out as NUM_processor does. */
function layout(text: string, t: Template, overflowed = false): string {
  const negative = text.startsWith('-');
  let number = negative ? text.slice(1) : text;
  const sign = negative ? '-' : '+';
  const dot = number.indexOf('.');
  const preLen = dot < 0 ? number.length : dot;
  let outPreSpaces = 0;
  if (!overflowed) {
    if (preLen < t.pre) outPreSpaces = t.pre - preLen;
    else if (preLen > t.pre) number = `${'#'.repeat(t.pre)}.${'#'.repeat(t.post)}`;
  }
  const hasPoint = t.toks.some((k) => k.kind === 'point');
  const hasZero = t.zeroStart >= 0;
  const explicitSign = t.lsign !== null;
  let bracket = t.bracket;
  // Sign handling (the left sign when no pattern places it).
  let signWrote: boolean;
  if (sign !== '-' && bracket && t.fill) bracket = false;
  const minus = t.toks.some((k) => k.kind === 'sign' && (k.which === 'MI' || k.which === 'SG'));
  const plus = t.toks.some((k) => k.kind === 'sign' && (k.which === 'PL' || k.which === 'SG'));
  if (explicitSign) signWrote = false;
  // MI and SG write the sign where they stand; PL alone still takes the sign position.
  else if (minus || plus) signWrote = !(plus && !minus);
  else signWrote = sign === '+' && t.fill;
  // The last digit worth writing in fill mode (a 0 pattern keeps its digit).
  let lastRelevant = -1;
  if (t.fill && hasPoint) {
    const p = number.indexOf('.');
    if (p >= 0) {
      lastRelevant = p;
      for (let i = p + 1; i < number.length; i++) if (number[i] !== '0') lastRelevant = i;
      if (t.zeroEnd > outPreSpaces) {
        const lastZero = t.zeroEnd - outPreSpaces;
        if (lastRelevant < lastZero) lastRelevant = lastZero;
      }
    }
  }
  let numCount = t.post + t.pre - 1;
  if (!signWrote && outPreSpaces === 0) numCount++;
  let out = '';
  let numCurr = 0;
  let numP = 0;
  let numIn = false;
  const preDecSpace = (): boolean => !hasZero && numP === 0 && number[0] === '0' && t.post !== 0;
  const writeSignChar = (): string => (sign === '-' ? '-' : '+');
  const numPart = (tok: Tok): void => {
    numIn = false;
    if (
      !signWrote &&
      (numCurr >= outPreSpaces || (hasZero && t.zeroStart === numCurr)) &&
      (!preDecSpace() || (lastRelevant >= 0 && number[lastRelevant] === '.'))
    ) {
      if (t.lsign === 'pre') {
        out += writeSignChar();
        signWrote = true;
      } else if (t.lsign === 'post') {
        // written after the last digit
      } else if (bracket) {
        out += sign === '+' ? ' ' : '<';
        signWrote = true;
      } else if (sign === '+') {
        if (!t.fill) out += ' ';
        signWrote = true;
      } else {
        out += '-';
        signWrote = true;
      }
    }
    if (numCurr < outPreSpaces && (t.zeroStart > numCurr || !hasZero)) {
      if (!t.fill) out += ' ';
    } else if (hasZero && numCurr < outPreSpaces && t.zeroStart <= numCurr) {
      out += '0';
      numIn = true;
    } else {
      if (number[numP] === '.') {
        if (lastRelevant < 0 || number[lastRelevant] !== '.') out += '.';
        else if (t.fill) out += '.';
      } else if (lastRelevant >= 0 && numP > lastRelevant && !(tok.kind === 'digit' && tok.zero)) {
        // a trailing zero in fill mode
      } else if (preDecSpace()) {
        if (!t.fill) out += ' ';
        else if (lastRelevant >= 0 && number[lastRelevant] === '.') out += '0';
      } else {
        out += number[numP] ?? '';
        numIn = true;
      }
      if (numP < number.length) numP++;
    }
    let end = numCount + (outPreSpaces > 0 ? 1 : 0) + (hasPoint ? 1 : 0);
    if (lastRelevant >= 0 && lastRelevant === numP) end = numCurr;
    if (numCurr + 1 === end) {
      if (signWrote && bracket) out += sign === '+' ? ' ' : '>';
      else if (t.lsign === 'post') out += writeSignChar();
    }
    numCurr++;
  };
  for (const tok of t.toks) {
    switch (tok.kind) {
      case 'digit':
      case 'point':
        numPart(tok);
        break;
      case 'group':
        if (t.fill) {
          if (numIn) out += ',';
        } else out += numIn ? ',' : ' ';
        break;
      case 'sign':
        if (tok.which === 'S') break;
        if (tok.which === 'MI') {
          if (sign === '-') out += '-';
          else if (!t.fill) out += ' ';
        } else if (tok.which === 'PL') {
          if (sign === '+') out += '+';
          else if (!t.fill) out += ' ';
        } else out += writeSignChar();
        break;
      case 'ordinal':
        // No suffix for a negative number, a template with a point, or an overflow.
        if (sign !== '-' && !hasPoint && !number.startsWith('#')) out += ordinal(number, tok.upper);
        break;
      case 'literal':
        out += tok.text;
        break;
    }
  }
  return out;
}

/** The English ordinal suffix of the number's integer part. */
function ordinal(number: string, upper: boolean): string {
  const int = number.split('.')[0]!;
  if (!/^\d+$/.test(int)) return '';
  const last2 = Number(int.slice(-2));
  const last = last2 % 10;
  const s =
    last2 >= 11 && last2 <= 13
      ? 'th'
      : last === 1
        ? 'st'
        : last === 2
          ? 'nd'
          : last === 3
            ? 'rd'
            : 'th';
  return upper ? s.toUpperCase() : s;
}

/** Roman numerals (1..3999, right-aligned in 15 characters unless fill mode); else #s. */
function romanOf(n: Numeric, t: Template): string {
  const v = Number(n.withScale(0).coef);
  if (v < 1 || v > 3999) return '#'.repeat(15);
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let r = '';
  let x = v;
  for (const [k, s] of table) {
    while (x >= k) {
      r += s;
      x -= k;
    }
  }
  if (t.roman === 'lower') r = r.toLowerCase();
  return t.fill ? r : r.padStart(15, ' ');
}
