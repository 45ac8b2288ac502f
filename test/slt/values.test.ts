// Unit tests of value normalization, sorting and hashing, against what the reference
// sqllogictest (SQLite's) prints; hashes are md5sum of the values each followed by a newline.
import { describe, expect, it } from 'vitest';
import { hashValues, normalizeValue, sortedValues } from '../../src/slt/values.js';

describe('normalizeValue', () => {
  it('prints NULL for every type', () => {
    expect(['I', 'R', 'T'].map((t) => normalizeValue(null, t as 'I'))).toEqual([
      'NULL',
      'NULL',
      'NULL',
    ]);
  });

  it('reads I like sqlite3_column_int: truncating toward zero', () => {
    const cases: [string, string][] = [
      ['42', '42'],
      ['-7', '-7'],
      ['+5', '5'],
      ['007', '7'],
      ['2.7', '2'],
      ['-2.7', '-2'],
      ['-0.5', '0'],
      ['123456789012345678901234567890.99', '123456789012345678901234567890'],
      ['1.5e3', '1500'],
      ['-2.5e-1', '0'],
      ['12abc', '12'],
      ['abc', '0'],
      ['t', '1'],
      ['f', '0'],
      ['NaN', '0'],
    ];
    expect(cases.map(([raw]) => normalizeValue(raw, 'I'))).toEqual(cases.map(([, want]) => want));
  });

  it('prints R as %.3f', () => {
    const cases: [string, string][] = [
      ['1', '1.000'],
      ['-2.25', '-2.250'],
      ['0.0625', '0.063'],
      ['-0.0625', '-0.063'],
      ['-0', '0.000'],
      ['-0.0001', '-0.000'],
      ['1e20', '100000000000000000000.000'],
      ['3.14159', '3.142'],
      ['NaN', 'nan'],
      ['Infinity', 'inf'],
      ['-Infinity', '-inf'],
    ];
    expect(cases.map(([raw]) => normalizeValue(raw, 'R'))).toEqual(cases.map(([, want]) => want));
  });

  it('prints T with (empty) and @ for bytes outside printable ASCII', () => {
    expect(normalizeValue('', 'T')).toBe('(empty)');
    expect(normalizeValue(' ', 'T')).toBe(' ');
    expect(normalizeValue('a\tb\n', 'T')).toBe('a@b@');
    expect(normalizeValue('thrée', 'T')).toBe('thr@@e');
    expect(normalizeValue('€', 'T')).toBe('@@@');
    expect(normalizeValue('~\u007f', 'T')).toBe('~@');
  });
});

describe('sortedValues', () => {
  const rows = [
    ['2', 'b'],
    ['10', 'a'],
    ['2', 'a'],
  ];
  it('keeps the order for nosort', () => {
    expect(sortedValues(rows, 'nosort')).toEqual(['2', 'b', '10', 'a', '2', 'a']);
  });
  it('sorts whole rows by strcmp of each value for rowsort', () => {
    expect(sortedValues(rows, 'rowsort')).toEqual(['10', 'a', '2', 'a', '2', 'b']);
  });
  it('sorts all values by strcmp for valuesort', () => {
    expect(sortedValues(rows, 'valuesort')).toEqual(['10', '2', '2', 'a', 'a', 'b']);
  });
  it('compares bytes, not locale order', () => {
    expect(sortedValues([['b'], ['B'], ['a'], ['(empty)'], ['NULL']], 'rowsort')).toEqual([
      '(empty)',
      'B',
      'NULL',
      'a',
      'b',
    ]);
  });
});

describe('hashValues', () => {
  it('is md5 of each value followed by a newline', () => {
    expect(hashValues(['a', 'b'])).toBe('dd8c6a395b5dd36c56d23275028f526c');
    expect(hashValues(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'])).toBe(
      '3b0332e02daabf31651a5a0d81ba830a',
    );
    expect(hashValues([])).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });
});
