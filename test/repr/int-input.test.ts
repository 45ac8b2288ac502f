// Integer text input: the fast path for plain decimal digits (repr/io/numbers.ts plainDecimal)
// gives exactly what the general reader gives — values, -0 as 0, range errors, malformed input.
import { describe, expect, it } from 'vitest';
import { parseInt32, parseInteger } from '../../src/repr/io/numbers.js';

/** The general reader's answer (forced by a leading space, which the fast path declines). */
function general(text: string, type: 'smallint' | 'integer' | 'bigint'): unknown {
  try {
    return parseInteger(` ${text}`, type);
  } catch (e) {
    // The message quotes the input: as it would quote `text` itself.
    const message = (e as Error).message.replace(`" ${text}"`, `"${text}"`);
    return { code: (e as { code: string }).code, message };
  }
}

function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
}

const EDGES = [
  '0',
  '-0',
  '+0',
  '7',
  '-7',
  '+7',
  '00012',
  '-00012',
  '32767',
  '32768',
  '-32768',
  '-32769',
  '2147483647',
  '2147483648',
  '-2147483648',
  '-2147483649',
  '999999999999999',
  '-999999999999999',
  '1000000000000000',
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775808',
  '',
  '-',
  '+',
  '1a',
  'a1',
  '--1',
  '+-1',
  '1-',
  '1_000',
  '0x1F',
  ' 5',
  '5 ',
  '1.0',
  '١',
];

describe('integer input', () => {
  it('reads plain digits as the general reader does, edges and random', () => {
    let seed = 11;
    const rand = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const random = Array.from({ length: 3000 }, () => {
      const digits = Array.from({ length: 1 + rand(17) }, () => String(rand(10))).join('');
      return ['', '-', '+'][rand(3)]! + digits;
    });
    for (const text of [...EDGES, ...random]) {
      for (const type of ['smallint', 'integer'] as const) {
        const want = general(text, type);
        const got = outcome(() => parseInt32(text, type));
        if (typeof want === 'bigint') expect(Object.is(got, Number(want)), text).toBe(true);
        else if (text.trim() === text) expect(got, text).toEqual(want);
      }
      const want8 = general(text, 'bigint');
      const got8 = outcome(() => parseInteger(text, 'bigint'));
      if (typeof want8 === 'bigint') expect(got8, text).toBe(want8);
      else if (text.trim() === text) expect(got8, text).toEqual(want8);
    }
    expect(Object.is(parseInt32('-0', 'integer'), 0)).toBe(true);
  });
});
