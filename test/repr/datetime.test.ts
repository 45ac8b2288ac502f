// Date/time core: calendar math, time zones and DST, interval styles, typmods.
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  dayOfWeek,
  daysFromCivil,
  formatInterval,
  formatTimestamptz,
  isoWeek,
  localToUtc,
  parseInterval,
  resolveTimeZone,
  utcOffsetAt,
} from '../../src/repr/datetime/index.js';
import { DEFAULT_IO_SETTINGS } from '../../src/repr/io/settings.js';
import { formatText, parseText } from '../../src/repr/io/text.js';
import { applyTypmod } from '../../src/repr/io/typmod.js';
import { Numeric } from '../../src/repr/numeric.js';
import { typeFromName } from '../../src/repr/pgtypes.js';
import { T } from '../../src/repr/types.js';

const us = (iso: string): bigint => BigInt(Date.parse(iso)) * 1000n;

describe('calendar', () => {
  it('round-trips days and civil dates, including BC', () => {
    for (let d = -2_500_000; d < 2_500_000; d += 997) {
      const c = civilFromDays(d);
      expect(daysFromCivil(c.year, c.month, c.day)).toBe(d);
    }
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 1, 1)).toBe(10957);
    expect(civilFromDays(daysFromCivil(0, 2, 29))).toEqual({ year: 0, month: 2, day: 29 });
    expect(dayOfWeek(daysFromCivil(2024, 1, 5))).toBe(5);
    expect(isoWeek(daysFromCivil(2021, 1, 3))).toEqual({ year: 2020, week: 53 });
  });
});

describe('time zones', () => {
  it('resolves settings', () => {
    expect(resolveTimeZone('UTC')).toMatchObject({ kind: 'fixed', offset: 0 });
    expect(resolveTimeZone('+05:30')).toMatchObject({ kind: 'fixed', offset: -19800 }); // POSIX sign
    expect(resolveTimeZone('<+05>-05')).toMatchObject({ kind: 'fixed', offset: 18000 });
    expect(resolveTimeZone('europe/paris')).toEqual({ kind: 'iana', name: 'Europe/Paris' });
    expect(resolveTimeZone('Not/AZone')).toBeUndefined();
  });

  it('finds offsets with DST and LMT', () => {
    const paris = resolveTimeZone('Europe/Paris')!;
    expect(utcOffsetAt(paris, us('2024-01-05T12:00:00Z'))).toBe(3600);
    expect(utcOffsetAt(paris, us('2024-07-05T12:00:00Z'))).toBe(7200);
    expect(utcOffsetAt(paris, us('1900-01-01T00:00:00Z'))).toBe(561);
    // Spring forward: 02:30 does not exist; PostgreSQL reads it with the pre-transition offset.
    const ny = resolveTimeZone('America/New_York')!;
    expect(localToUtc(ny, us('2024-03-10T02:30:00Z'))).toBe(us('2024-03-10T07:30:00Z'));
    // Fall back: 01:30 happens twice; PostgreSQL picks standard time (the later instant).
    expect(localToUtc(ny, us('2024-11-03T01:30:00Z'))).toBe(us('2024-11-03T06:30:00Z'));
  });

  it('prints timestamptz in the session zone', () => {
    const ts = us('2024-01-05T13:45:00Z');
    expect(formatTimestamptz(ts, resolveTimeZone('+05:30')!)).toBe('2024-01-05 08:15:00-05:30');
    expect(formatTimestamptz(ts, resolveTimeZone('Asia/Kolkata')!)).toBe(
      '2024-01-05 19:15:00+05:30',
    );
    expect(formatTimestamptz(ts, resolveTimeZone('Europe/Paris')!)).toBe('2024-01-05 14:45:00+01');
    expect(formatTimestamptz(us('1900-01-01T00:00:00Z'), resolveTimeZone('Europe/Paris')!)).toBe(
      '1900-01-01 00:09:21+00:09:21',
    );
  });
});

describe('interval styles (from PostgreSQL)', () => {
  const inputs = [
    '1 year 2 mons 3 days 04:05:06.5',
    '-00:00:01',
    '0',
    '-1 years -2 mons +3 days -04:05:06',
    '1 day',
    '-1 day',
    '1-2',
    '-1-2',
    '1 day 01:00',
    '1.000001 sec',
  ];
  const expected: Record<string, string[]> = {
    postgres_verbose: [
      '@ 1 year 2 mons 3 days 4 hours 5 mins 6.5 secs',
      '@ 1 sec ago',
      '@ 0',
      '@ 1 year 2 mons -3 days 4 hours 5 mins 6 secs ago',
      '@ 1 day',
      '@ 1 day ago',
      '@ 1 year 2 mons',
      '@ 1 year 2 mons ago',
      '@ 1 day 1 hour',
      '@ 1.000001 secs',
    ],
    iso_8601: [
      'P1Y2M3DT4H5M6.5S',
      'PT-1S',
      'PT0S',
      'P-1Y-2M3DT-4H-5M-6S',
      'P1D',
      'P-1D',
      'P1Y2M',
      'P-1Y-2M',
      'P1DT1H',
      'PT1.000001S',
    ],
    sql_standard: [
      '+1-2 +3 +4:05:06.5',
      '-0:00:01',
      '0',
      '-1-2 +3 -4:05:06',
      '1 0:00:00',
      '-1 0:00:00',
      '1-2',
      '-1-2',
      '1 1:00:00',
      '0:00:01.000001',
    ],
  };
  for (const [style, outs] of Object.entries(expected)) {
    it(style, () => {
      expect(inputs.map((i) => formatInterval(parseInterval(i), style))).toEqual(outs);
    });
  }
});

describe('typmods', () => {
  it('applies them as casts and input functions do', () => {
    const vc3 = typeFromName('varchar', [3])!;
    expect(applyTypmod('abcd', vc3, true)).toBe('abc');
    expect(parseText('ab  ', vc3)).toBe('ab ');
    expect(parseText('ab', typeFromName('bpchar', [4])!)).toBe('ab  ');
    const n52 = typeFromName('numeric', [5, 2])!;
    expect((applyTypmod(Numeric.parse('2.345')!, n52) as Numeric).toString()).toBe('2.35');
    expect(() => applyTypmod(Numeric.parse('1000')!, n52)).toThrow(/numeric field overflow/);
    expect(
      formatText(
        parseText('2024-01-05 13:45:00.123456', typeFromName('timestamp', [2])!),
        T.timestamp,
        DEFAULT_IO_SETTINGS,
      ),
    ).toBe('2024-01-05 13:45:00.12');
    expect(
      formatText(
        parseText('1 year 2 months 3 days 04:05', typeFromName('interval', [6])!),
        T.interval,
        DEFAULT_IO_SETTINGS,
      ),
    ).toBe('1 year 2 mons');
  });
});

describe('misc text formats', () => {
  const s = DEFAULT_IO_SETTINGS;
  it('floats with extra_float_digits 0 (from PostgreSQL)', () => {
    const z = { ...s, extraFloatDigits: 0 };
    expect(formatText(0.1, T.float8, z)).toBe('0.1');
    expect(formatText(1 / 3, T.float8, z)).toBe('0.333333333333333');
    expect(formatText(Math.fround(1 / 3), T.float4, z)).toBe('0.333333');
    expect(formatText(1e100, T.float8, z)).toBe('1e+100');
    expect(formatText(123456789012345678, T.float8, z)).toBe('1.23456789012346e+17');
  });
  it('bytea escape output and jsonb escapes (from PostgreSQL)', () => {
    const b = parseText('\\x00015c41ff', T.bytea);
    expect(formatText(b, T.bytea, { ...s, byteaOutput: 'escape' })).toBe('\\000\\001\\\\A\\377');
    expect(formatText(parseText('{"a\\u0001\\u001fb":"\\\\\\/é"}', T.jsonb), T.jsonb, s)).toBe(
      '{"a\\u0001\\u001fb": "\\\\/é"}',
    );
  });
  it('array quoting (from PostgreSQL)', () => {
    const t = typeFromName('text[]', [])!;
    const a = parseText('{"","a b","NULL","x\\"y","a\\\\\\\\b",é,"{}"}', t);
    expect(formatText(a, t, s)).toBe('{"","a b","NULL","x\\"y","a\\\\\\\\b",é,"{}"}');
  });
  it('records', () => {
    const t = {
      kind: 'record' as const,
      fields: [
        { name: 'a', type: T.int4 },
        { name: 'b', type: T.text },
        { name: 'c', type: T.text },
      ],
    };
    const r = parseText('(1,"a ""b""",)', t);
    expect(formatText(r, t, s)).toBe('(1,"a ""b""",)');
  });
  it('now/today use the given clock', () => {
    const now = us('2024-01-05T13:45:00Z');
    expect(formatText(parseText('today', T.date, s, now), T.date, s)).toBe('2024-01-05');
    expect(formatText(parseText('tomorrow', T.timestamp, s, now), T.timestamp, s)).toBe(
      '2024-01-06 00:00:00',
    );
    expect(formatText(parseText('now', T.timestamptz, s, now), T.timestamptz, s)).toBe(
      '2024-01-05 13:45:00+00',
    );
  });
});
