// The type catalog: OIDs, pg_type rows, format_type names and SQL type-name resolution.
import { describe, expect, it } from 'vitest';
import { EddyError } from '../../src/errors/index.js';
import {
  allTypes,
  formatType,
  isPreferredType,
  typeCategory,
  typeFromName,
  typeFromOid,
  typeInfo,
  typeLen,
  typeOid,
} from '../../src/repr/pgtypes.js';
import { arrayOf, scalar, T } from '../../src/repr/types.js';

describe('pgtypes', () => {
  it('maps OIDs both ways', () => {
    expect(typeOid(T.int4)).toBe(23);
    expect(typeOid(arrayOf(T.text))).toBe(1009);
    expect(typeOid({ kind: 'record', fields: [] })).toBe(2249);
    expect(typeFromOid(1184)).toEqual(T.timestamptz);
    expect(typeFromOid(1231)).toEqual(arrayOf(T.numeric));
    expect(typeFromOid(123456)).toBeUndefined();
    for (const info of allTypes().filter((i) => i.typname !== '_record')) {
      const t = typeFromOid(info.oid);
      expect(t).toBeDefined();
      expect(typeOid(t!)).toBe(info.oid);
    }
  });

  it('has pg_type rows like PostgreSQL', () => {
    expect(typeInfo('numeric')).toMatchObject({
      oid: 1700,
      typlen: -1,
      typbyval: false,
      typcategory: 'N',
      typinput: 'numeric_in',
      typreceive: 'numeric_recv',
      typalign: 'i',
      typstorage: 'm',
      typarray: 1231,
    });
    expect(typeInfo('text')).toMatchObject({
      typcollation: 100,
      typispreferred: true,
      typoutput: 'textout',
    });
    expect(typeInfo('name')).toMatchObject({ typlen: 64, typelem: 18, typcollation: 950 });
    const arr = allTypes().find((t) => t.typname === '_timestamptz')!;
    expect(arr).toMatchObject({
      oid: 1185,
      typelem: 1184,
      typcategory: 'A',
      typinput: 'array_in',
      typalign: 'd',
    });
    expect(typeLen(T.unknown)).toBe(-2);
    expect(typeLen(T.int8)).toBe(8);
    expect(typeLen(arrayOf(T.int4))).toBe(-1);
  });

  it('knows categories and preferred types', () => {
    expect(typeCategory(T.int4)).toBe('N');
    expect(typeCategory(T.text)).toBe('S');
    expect(typeCategory(arrayOf(T.int4))).toBe('A');
    expect(isPreferredType(T.float8)).toBe(true);
    expect(isPreferredType(T.numeric)).toBe(false);
    expect(isPreferredType(T.timestamptz)).toBe(true);
  });

  it('formats types as format_type does', () => {
    const cases: [ReturnType<typeof typeFromName>, string][] = [
      [typeFromName('varchar', [10]), 'character varying(10)'],
      [typeFromName('bpchar', [1]), 'character(1)'],
      [typeFromName('bpchar', []), 'bpchar'],
      [typeFromName('numeric', [10, 2]), 'numeric(10,2)'],
      [typeFromName('timestamptz', [3]), 'timestamp(3) with time zone'],
      [typeFromName('time', [0]), 'time(0) without time zone'],
      [typeFromName('_int4', []), 'integer[]'],
      [typeFromName('varchar[]', [10]), 'character varying(10)[]'],
      [typeFromName('char', []), '"char"'],
      [typeFromName('interval', [6]), 'interval year to month'],
      [typeFromName('interval', [0x7fff, 3]), 'interval(3)'],
      [typeFromName('record', []), 'record'],
      [typeFromName('timestamp', []), 'timestamp without time zone'],
      [typeFromName('double precision', []), 'double precision'],
      [typeFromName('bool', []), 'boolean'],
      [typeFromName('int2', []), 'smallint'],
      [typeFromName('jsonb', []), 'jsonb'],
    ];
    for (const [t, s] of cases) expect(formatType(t!)).toBe(s);
  });

  it('resolves aliases', () => {
    expect(typeFromName('int', [])).toEqual(T.int4);
    expect(typeFromName('integer', [])).toEqual(T.int4);
    expect(typeFromName('pg_catalog.int8', [])).toEqual(T.int8);
    expect(typeFromName('real', [])).toEqual(T.float4);
    expect(typeFromName('float', [])).toEqual(T.float8);
    expect(typeFromName('float', [24])).toEqual(T.float4);
    expect(typeFromName('float', [25])).toEqual(T.float8);
    expect(typeFromName('decimal', [])).toEqual(T.numeric);
    expect(typeFromName('character varying', [])).toEqual(T.varchar);
    expect(typeFromName('character', [])).toEqual(scalar('bpchar', 5));
    expect(typeFromName('boolean', [])).toEqual(T.bool);
    expect(typeFromName('timestamp with time zone', [])).toEqual(T.timestamptz);
    expect(typeFromName('time without time zone', [])).toEqual(T.time);
    expect(typeFromName('regclass', [])).toEqual(T.regclass);
    expect(typeFromName('INTEGER', [])).toEqual(T.int4);
    expect(typeFromName('nosuchtype', [])).toBeUndefined();
  });

  it('rejects bad modifiers with PostgreSQL errors', () => {
    const err = (f: () => unknown): EddyError => {
      try {
        f();
      } catch (e) {
        return e as EddyError;
      }
      throw new Error('no error');
    };
    expect(err(() => typeFromName('varchar', [0])).message).toBe(
      'length for type varchar must be at least 1',
    );
    expect(err(() => typeFromName('numeric', [1001])).message).toBe(
      'NUMERIC precision 1001 must be between 1 and 1000',
    );
    expect(err(() => typeFromName('float', [54])).code).toBe('22023');
  });
});
