// The date/time helpers that src/expr's functions share with I/O (ISO weeks, range checks, zone
// lookup by name, zone abbreviations, offsets) and typmod rounding; expectations from PostgreSQL 15.
import { describe, expect, it } from 'vitest';
import {
  checkTimestamp,
  dayTimeToTimestamp,
  daysFromCivil,
  END_TIMESTAMP,
  formatOffset,
  formatTimestamp,
  isoDayOfWeek,
  isoWeek,
  isoYearStart,
  sessionTimeZone,
  utcOffsetAt,
  zoneAbbrev,
  zoneNamed,
} from '../../src/repr/datetime/index.js';
import { TS_POS_INFINITY } from '../../src/repr/datum.js';
import { applyTypmod, charLength, charPrefix } from '../../src/repr/io/typmod.js';
import { Numeric } from '../../src/repr/numeric.js';
import { typeFromName } from '../../src/repr/pgtypes.js';

const us = (iso: string): bigint => BigInt(Date.parse(iso)) * 1000n;

describe('ISO weeks', () => {
  it('numbers days Monday = 1 .. Sunday = 7 and finds week 1', () => {
    expect(isoDayOfWeek(daysFromCivil(2024, 1, 1))).toBe(1); // a Monday
    expect(isoDayOfWeek(daysFromCivil(2023, 12, 31))).toBe(7);
    // ISO 2021 starts on 2021-01-04; 2021-01-01 belongs to 2020-W53.
    expect(isoYearStart(2021)).toBe(daysFromCivil(2021, 1, 4));
    expect(isoYearStart(2020)).toBe(daysFromCivil(2019, 12, 30));
    expect(isoWeek(daysFromCivil(2021, 1, 1))).toEqual({ year: 2020, week: 53 });
  });
});

describe('range checks', () => {
  it('passes infinity and valid values, rejects the rest with 22008', () => {
    expect(checkTimestamp(TS_POS_INFINITY)).toBe(TS_POS_INFINITY);
    expect(checkTimestamp(END_TIMESTAMP - 1n)).toBe(END_TIMESTAMP - 1n);
    expect(() => checkTimestamp(END_TIMESTAMP)).toThrow('timestamp out of range');
    expect(() => checkTimestamp(END_TIMESTAMP, 'date')).toThrow('date out of range');
    expect(formatTimestamp(dayTimeToTimestamp(daysFromCivil(2024, 2, 29), 3_600_000_000))).toBe(
      '2024-02-29 01:00:00',
    );
  });
});

describe('zones named in AT TIME ZONE', () => {
  it('tries abbreviations before zone names, as PostgreSQL does', () => {
    const summer = us('2024-07-01T12:00:00Z');
    // AT TIME ZONE 'CET' is the fixed abbreviation (+01) even in summer; 'MEST' is +02.
    expect(utcOffsetAt(zoneNamed('CET')!, summer)).toBe(3600);
    expect(utcOffsetAt(zoneNamed('mest')!, summer)).toBe(7200);
    expect(utcOffsetAt(zoneNamed('Europe/Paris')!, summer)).toBe(7200);
    expect(utcOffsetAt(zoneNamed('UTC+5')!, summer)).toBe(-5 * 3600);
    expect(zoneNamed('Mars/Olympus')).toBeUndefined();
  });

  it('resolves the session setting as I/O does (SET TIME ZONE CET follows DST)', () => {
    expect(utcOffsetAt(sessionTimeZone('CET'), us('2024-07-01T12:00:00Z'))).toBe(7200);
    expect(utcOffsetAt(sessionTimeZone('no such zone'), 0n)).toBe(0);
  });

  it('prints zone abbreviations for to_char TZ', () => {
    const summer = us('2024-07-01T12:00:00Z');
    expect(zoneAbbrev(sessionTimeZone('CET'), summer)).toBe('CEST');
    expect(zoneAbbrev(sessionTimeZone('America/New_York'), us('2024-01-01T12:00:00Z'))).toBe('EST');
    expect(zoneAbbrev(zoneNamed('est')!, summer)).toBe('EST');
    expect(zoneAbbrev(sessionTimeZone('Etc/UTC'), summer)).toBe('UTC');
    expect(zoneAbbrev(sessionTimeZone('UTC+5'), summer)).toBe('UTC');
    expect(zoneAbbrev(sessionTimeZone('abc-3'), summer)).toBe('ABC');
    expect(zoneAbbrev(sessionTimeZone('<+05>-05'), summer)).toBe('+05');
  });

  it('formats offsets, with minutes on request', () => {
    expect(formatOffset(-5 * 3600)).toBe('-05');
    expect(formatOffset(-5 * 3600, true)).toBe('-05:00');
    expect(formatOffset(19800, true)).toBe('+05:30');
    expect(formatOffset(561)).toBe('+00:09:21');
  });
});

describe('typmods (merged from the cast layer)', () => {
  it('rounds timestamps relative to 2000-01-01, as PostgreSQL does', () => {
    const ts0 = typeFromName('timestamp', [0])!;
    // '1990-01-01 00:00:00.5'::timestamp(0) = 1990-01-01 00:00:00 (half away from 2000).
    expect(formatTimestamp(applyTypmod(us('1990-01-01T00:00:00.500Z'), ts0) as bigint)).toBe(
      '1990-01-01 00:00:00',
    );
    expect(formatTimestamp(applyTypmod(us('2010-01-01T00:00:00.500Z'), ts0) as bigint)).toBe(
      '2010-01-01 00:00:01',
    );
    expect(formatTimestamp(applyTypmod(us('1969-12-31T23:59:59.500Z'), ts0) as bigint)).toBe(
      '1969-12-31 23:59:59',
    );
  });

  it('rounds negative numeric scales once (14.5::numeric(2,-1) = 10)', () => {
    const n = typeFromName('numeric', [2, -1])!;
    expect((applyTypmod(Numeric.parse('14.5')!, n) as Numeric).toString()).toBe('10');
    expect((applyTypmod(Numeric.parse('15')!, n) as Numeric).toString()).toBe('20');
  });

  it('counts and cuts strings by code point', () => {
    expect(charLength('a😀b')).toBe(3);
    expect(charPrefix('a😀b', 2)).toBe('a😀');
  });
});
