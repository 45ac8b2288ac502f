// COPY's text format (src/session/exec/copy-format.ts): what COPY TO writes, COPY FROM reads back
// as the same fields — for random values with and without escapes, NULLs, empty strings and the
// delimiter inside values, under the default and other delimiters and NULL strings (lines with a
// backslash take the escape-decoding path, the others are split at delimiters).
import { describe, expect, it } from 'vitest';
import {
  defaultOptions,
  formatRow,
  parseTextRows,
  type CopyOptions,
} from '../../../src/session/exec/copy-format.js';

/** mulberry32 */
function rng(seed: number): (n: number) => number {
  let a = seed;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const PIECES = [
  'a',
  'Z',
  '7',
  ' ',
  'é',
  '😀',
  '\\',
  '\n',
  '\r',
  '\t',
  '\b',
  '\f',
  '\v',
  ',',
  '|',
  'N',
];

describe('COPY text format', () => {
  const options: CopyOptions[] = [
    defaultOptions('text'),
    { ...defaultOptions('text'), delimiter: ',' },
    { ...defaultOptions('text'), delimiter: '|', null: '' },
    { ...defaultOptions('text'), null: 'NULL' },
  ];
  for (const [k, o] of options.entries()) {
    it(`reads back what it writes (delimiter ${JSON.stringify(o.delimiter)}, NULL ${JSON.stringify(o.null)})`, () => {
      const rand = rng(17 + k);
      const rows: (string | null)[][] = [];
      for (let r = 0; r < 400; r++) {
        const row: (string | null)[] = [];
        for (let c = 0; c < 1 + rand(4); c++) {
          const shape = rand(6);
          if (shape === 0) row.push(null);
          // (An empty value reads back as NULL when NULL is written as the empty string.)
          else if (shape === 1) row.push(o.null === '' ? 'e' : '');
          else if (shape <= 3) row.push(String(rand(100_000)));
          else {
            let v = '';
            for (let i = 0; i < rand(6); i++) v += PIECES[rand(PIECES.length)]!;
            // A non-null value equal to the NULL string cannot be told apart in this format.
            row.push(v === o.null ? `${v}x` : v);
          }
        }
        rows.push(row);
      }
      const text = rows.map((row) => formatRow(row, o)).join('');
      expect(parseTextRows(text, o)).toEqual(rows);
    });
  }

  it('decodes escapes and treats an escaped delimiter as data', () => {
    const o = defaultOptions('text');
    expect(parseTextRows('1\t\\N\tx\\ty\n\\x41\\101\\\\\tplain\t\n', o)).toEqual([
      ['1', null, 'x\ty'],
      ['AA\\', 'plain', ''],
    ]);
    expect(parseTextRows('a\\,b,c\n', { ...o, delimiter: ',' })).toEqual([['a,b', 'c']]);
  });
});
