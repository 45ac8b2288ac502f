// extract/date_part, date_trunc, date_bin, make_*, to_timestamp, AT TIME ZONE, to_char and
// to_date/to_timestamp parsing; expectations from PostgreSQL 15.
import { describe, expect, test } from 'vitest';
import { Numeric, type Datum } from '../../../src/repr/index.js';
import {
  call,
  ctx,
  date,
  err,
  H,
  iv,
  ny,
  NY,
  showDate,
  showIv,
  showTs,
  time,
  ts,
  tstz,
} from './helpers.js';

const n = (v: Datum): string => (v === null ? 'NULL' : (v as Numeric).toString());

const cases: [string, () => string, string][] = [
  [
    'extract epoch interval',
    () => n(call('extract', ['text', 'interval'], ['epoch', iv(0, 1, 0)])),
    '86400.000000',
  ],
  [
    'extract second',
    () => n(call('extract', ['text', 'timestamp'], ['second', ts('2020-01-01 00:00:05')])),
    '5.000000',
  ],
  [
    'extract epoch date',
    () => n(call('extract', ['text', 'date'], ['epoch', date('2020-01-01')])),
    '1577836800',
  ],
  [
    'extract epoch ts',
    () => n(call('extract', ['text', 'timestamp'], ['epoch', ts('2020-01-01 00:00:05.5')])),
    '1577836805.500000',
  ],
  [
    'extract ms time',
    () => n(call('extract', ['text', 'time'], ['milliseconds', time('10:00:01.5')])),
    '1500.000',
  ],
  [
    'extract julian ts',
    () => n(call('extract', ['text', 'timestamp'], ['julian', ts('2020-01-01 12:00')])),
    '2458850.50000000000000000000',
  ],
  [
    'extract year infinity',
    () => n(call('extract', ['text', 'timestamp'], ['year', 2n ** 63n - 1n])),
    'Infinity',
  ],
  [
    'extract hour infinity',
    () => n(call('extract', ['text', 'timestamp'], ['hour', 2n ** 63n - 1n])),
    'NULL',
  ],
  [
    'extract day interval',
    () => n(call('extract', ['text', 'interval'], ['day', iv(0, 40, 30n * H)])),
    '40',
  ],
  [
    'extract hour interval',
    () => n(call('extract', ['text', 'interval'], ['hour', iv(0, 40, 30n * H)])),
    '30',
  ],
  [
    'extract quarter interval',
    () => n(call('extract', ['text', 'interval'], ['quarter', iv(7, 0, 0)])),
    '3',
  ],
  [
    'extract epoch time',
    () => n(call('extract', ['text', 'time'], ['epoch', time('01:00')])),
    '3600.000000',
  ],
  [
    'extract timezone',
    () =>
      n(call('extract', ['text', 'timestamptz'], ['timezone', tstz('2020-06-01 00:00-04')], NY)),
    '-14400',
  ],
  [
    'extract timezone_hour',
    () =>
      n(
        call(
          'extract',
          ['text', 'timestamptz'],
          ['timezone_hour', tstz('2020-06-01 00:00-04')],
          NY,
        ),
      ),
    '-4',
  ],
  [
    'extract epoch tstz',
    () => n(call('extract', ['text', 'timestamptz'], ['epoch', tstz('2020-06-01 00:00-04')], NY)),
    '1590984000.000000',
  ],
  ['extract week', () => n(call('extract', ['text', 'date'], ['week', date('2021-01-01')])), '53'],
  [
    'extract isoyear',
    () => n(call('extract', ['text', 'date'], ['isoyear', date('2021-01-01')])),
    '2020',
  ],
  [
    'extract century BC',
    () => n(call('extract', ['text', 'date'], ['century', date('0001-01-01 BC')])),
    '-1',
  ],
  [
    'extract decade BC',
    () => n(call('extract', ['text', 'date'], ['decade', date('0001-01-01 BC')])),
    '0',
  ],
  [
    'extract year BC',
    () => n(call('extract', ['text', 'date'], ['YEAR', date('0001-01-01 BC')])),
    '-1',
  ],
  [
    'extract julian date',
    () => n(call('extract', ['text', 'date'], ['julian', date('2020-01-01')])),
    '2458850',
  ],
  ['extract dow infinity', () => n(call('extract', ['text', 'date'], ['dow', Infinity])), 'NULL'],
  [
    'date_part epoch',
    () => String(call('date_part', ['text', 'timestamp'], ['epoch', ts('2020-06-01 00:00:00.25')])),
    '1590969600.25',
  ],
  [
    'date_part hour of date',
    () => String(call('date_part', ['text', 'date'], ['hour', date('2020-01-01')])),
    '0',
  ],
  [
    'trunc week',
    () => showTs(call('date_trunc', ['text', 'timestamp'], ['week', ts('2021-01-03 10:00')])),
    '2020-12-28 00:00:00',
  ],
  [
    'trunc quarter',
    () => showTs(call('date_trunc', ['text', 'timestamp'], ['quarter', ts('2021-08-15 10:00')])),
    '2021-07-01 00:00:00',
  ],
  [
    'trunc decade',
    () => showTs(call('date_trunc', ['text', 'timestamp'], ['decade', ts('2021-08-15')])),
    '2020-01-01 00:00:00',
  ],
  [
    'trunc century BC',
    () => showTs(call('date_trunc', ['text', 'timestamp'], ['century', ts('0050-08-15 BC')])),
    '0100-01-01 00:00:00 BC',
  ],
  [
    'trunc ms',
    () =>
      showTs(call('date_trunc', ['text', 'timestamp'], ['ms', ts('2021-08-15 10:00:01.123456')])),
    '2021-08-15 10:00:01.123',
  ],
  [
    'trunc millennium',
    () => showTs(call('date_trunc', ['text', 'timestamp'], ['millennium', ts('2020-05-05')])),
    '2001-01-01 00:00:00',
  ],
  [
    'trunc tstz month across DST',
    () =>
      ny(call('date_trunc', ['text', 'timestamptz'], ['month', tstz('2021-11-20 10:00-05')], NY)),
    '2021-11-01 00:00:00-04',
  ],
  [
    'trunc tstz day',
    () => ny(call('date_trunc', ['text', 'timestamptz'], ['day', tstz('2021-03-14 12:00-04')], NY)),
    '2021-03-14 00:00:00-05',
  ],
  [
    'trunc tstz hour in repeated hour',
    () =>
      ny(call('date_trunc', ['text', 'timestamptz'], ['hour', tstz('2021-11-07 01:30-05')], NY)),
    '2021-11-07 01:00:00-05',
  ],
  [
    'trunc tstz with zone',
    () =>
      ny(
        call(
          'date_trunc',
          ['text', 'timestamptz', 'text'],
          ['day', tstz('2021-03-14 12:00-04'), 'Europe/Berlin'],
          NY,
        ),
      ),
    '2021-03-13 18:00:00-05',
  ],
  [
    'trunc interval year',
    () => showIv(call('date_trunc', ['text', 'interval'], ['quarter', iv(17, 3, 4n * H)])),
    '1 year 3 mons',
  ],
  [
    'date_bin',
    () =>
      showTs(
        call(
          'date_bin',
          ['interval', 'timestamp', 'timestamp'],
          [iv(0, 0, 15n * 60_000_000n), ts('2020-02-11 15:44:17'), ts('2001-01-01')],
        ),
      ),
    '2020-02-11 15:30:00',
  ],
  [
    'date_bin offset origin',
    () =>
      showTs(
        call(
          'date_bin',
          ['interval', 'timestamp', 'timestamp'],
          [iv(0, 0, 15n * 60_000_000n), ts('2020-02-11 15:44:17'), ts('2001-01-01 00:02:30')],
        ),
      ),
    '2020-02-11 15:32:30',
  ],
  [
    'date_bin future origin',
    () =>
      showTs(
        call(
          'date_bin',
          ['interval', 'timestamp', 'timestamp'],
          [iv(0, 0, H), ts('2020-02-11 15:44:17'), ts('2021-01-01')],
        ),
      ),
    '2020-02-11 15:00:00',
  ],
  [
    'make_date BC',
    () => showDate(call('make_date', ['int4', 'int4', 'int4'], [-44, 3, 15])),
    '0044-03-15 BC',
  ],
  [
    'make_timestamptz in gap',
    () =>
      ny(
        call(
          'make_timestamptz',
          ['int4', 'int4', 'int4', 'int4', 'int4', 'float8'],
          [2021, 3, 14, 2, 30, 0],
          NY,
        ),
      ),
    '2021-03-14 03:30:00-04',
  ],
  [
    'make_timestamptz zone',
    () =>
      ny(
        call(
          'make_timestamptz',
          ['int4', 'int4', 'int4', 'int4', 'int4', 'float8', 'text'],
          [2021, 7, 1, 12, 0, 0, 'Europe/Berlin'],
          NY,
        ),
      ),
    '2021-07-01 06:00:00-04',
  ],
  [
    'make_interval',
    () =>
      showIv(
        call(
          'make_interval',
          ['int4', 'int4', 'int4', 'int4', 'int4', 'int4', 'float8'],
          [1, 2, 3, 4, 5, 6, 7.5],
        ),
      ),
    '1 year 2 mons 25 days 05:06:07.5',
  ],
  [
    'to_timestamp float',
    () => ny(call('to_timestamp', ['float8'], [1.5e9], NY)),
    '2017-07-13 22:40:00-04',
  ],
  [
    'to_timestamp negative',
    () => ny(call('to_timestamp', ['float8'], [-1.25], NY)),
    '1969-12-31 18:59:58.75-05',
  ],
  [
    'AT TIME ZONE tstz',
    () =>
      showTs(
        call('timezone', ['text', 'timestamptz'], ['Asia/Kolkata', tstz('2021-01-01 00:00+00')]),
      ),
    '2021-01-01 05:30:00',
  ],
  [
    'AT TIME ZONE ts',
    () => ny(call('timezone', ['text', 'timestamp'], ['UTC', ts('2021-06-01 12:00')])),
    '2021-06-01 08:00:00-04',
  ],
  [
    'AT TIME ZONE POSIX offset',
    () =>
      showTs(call('timezone', ['text', 'timestamptz'], ['+05:00', tstz('2020-01-01 00:00+00')])),
    '2019-12-31 19:00:00',
  ],
  [
    'AT TIME ZONE abbrev',
    () => showTs(call('timezone', ['text', 'timestamptz'], ['EST', tstz('2020-06-01 00:00+00')])),
    '2020-05-31 19:00:00',
  ],
  [
    'AT TIME ZONE CET is the fixed abbreviation, even in summer',
    () => showTs(call('timezone', ['text', 'timestamptz'], ['CET', tstz('2024-07-01 12:00+00')])),
    '2024-07-01 13:00:00',
  ],
  [
    'session zone CET follows DST (to_char TZ OF, extract timezone)',
    () =>
      `${String(call('to_char', ['timestamptz', 'text'], [tstz('2024-07-01 12:00+00'), 'TZ OF'], ctx('CET')))} ` +
      n(
        call(
          'extract',
          ['text', 'timestamptz'],
          ['timezone', tstz('2024-07-01 12:00+00')],
          ctx('CET'),
        ),
      ),
    'CEST +02 7200',
  ],
  [
    'to_char many',
    () =>
      String(
        call(
          'to_char',
          ['timestamptz', 'text'],
          [
            tstz('2021-03-04 15:06:07.123456-05'),
            'YYYY-MM-DD HH24:MI:SS.MS.US HH12 AM pm Mon Month Day Dy DDD IW TZ tz OF FMMonth FMDD Dth DDTH Y,YYY CC Q J W WW D ID IYYY RM FF3 SSSS "text" BC',
          ],
          NY,
        ),
      ),
    '2021-03-04 15:06:07.123.123456 03 PM pm Mar March     Thursday  Thu 063 09 EST est -05 March 4 5th 04TH 2,021 21 1 2459278 1 09 5 4 2021 III  123 54367 text AD',
  ],
  [
    'to_char FM',
    () =>
      String(
        call(
          'to_char',
          ['timestamp', 'text'],
          [ts('2021-03-04 05:06:07'), 'FMHH12:MI am FMDay, FMMonth DDth YYYY'],
        ),
      ),
    '5:06 am Thursday, March 04th 2021',
  ],
  [
    'to_char interval',
    () =>
      String(
        call(
          'to_char',
          ['interval', 'text'],
          [iv(0, 1, 3n * H + 4n * 60_000_000n + 5_000_000n), 'HH24:MI:SS DD'],
        ),
      ),
    '03:04:05 01',
  ],
  [
    'to_char interval hours',
    () =>
      String(
        call('to_char', ['interval', 'text'], [iv(0, 0, 25n * H + 3n * 60_000_000n), 'HH24:MI']),
      ),
    '25:03',
  ],
  [
    'to_char negative interval',
    () => String(call('to_char', ['interval', 'text'], [iv(0, 0, -3n * H), 'HH12 HH24'])),
    '-03 -03',
  ],
  [
    'to_char BC',
    () =>
      String(call('to_char', ['timestamp', 'text'], [ts('0044-03-15 12:00'), 'YYYY BC FMDDth'])),
    '0044 AD 15th',
  ],
  [
    'to_char ISO week',
    () => String(call('to_char', ['timestamp', 'text'], [ts('2021-01-01'), 'IYYY-IW-ID "Q"Q'])),
    '2020-53-5 Q1',
  ],
  [
    'to_timestamp text',
    () =>
      ny(
        call(
          'to_timestamp',
          ['text', 'text'],
          ['2021-03-04 15:06:07', 'YYYY-MM-DD HH24:MI:SS'],
          NY,
        ),
      ),
    '2021-03-04 15:06:07-05',
  ],
  [
    'to_timestamp month name, PM',
    () =>
      ny(
        call(
          'to_timestamp',
          ['text', 'text'],
          ['04 Mar 2021 03:06 PM', 'DD Mon YYYY HH:MI AM'],
          NY,
        ),
      ),
    '2021-03-04 15:06:00-05',
  ],
  [
    'to_date compact',
    () => showDate(call('to_date', ['text', 'text'], ['20210304', 'YYYYMMDD'])),
    '2021-03-04',
  ],
  [
    'to_date month, 2-digit year',
    () => showDate(call('to_date', ['text', 'text'], ['5 March 21', 'DD Month YY'])),
    '2021-03-05',
  ],
  [
    'to_timestamp TZH:TZM',
    () =>
      ny(
        call(
          'to_timestamp',
          ['text', 'text'],
          ['2021-03-04 10:00 +05:30', 'YYYY-MM-DD HH24:MI TZH:TZM'],
          NY,
        ),
      ),
    '2021-03-03 23:30:00-05',
  ],
  [
    'to_timestamp defaults to year 1 BC',
    () => ny(call('to_timestamp', ['text', 'text'], ['12.345', 'SS.MS'], NY)),
    '0001-01-01 00:00:12.345-04:56:02 BC',
  ],
  [
    'now() is the transaction start',
    () => ny(call('now', [], [], NY)),
    '2024-05-06 03:08:09.123456-04',
  ],
  [
    'current_date in session zone',
    () => showDate(call('current_date', [], [], ctx('Asia/Tokyo', '2024-05-06 20:00+00'))),
    '2024-05-07',
  ],
];

describe('date/time fields and formatting', () => {
  test.each(cases)('%s', (_name, f, expected) => {
    expect(f()).toBe(expected);
  });

  test('errors', () => {
    expect(err(() => call('extract', ['text', 'date'], ['hour', date('2020-01-01')]))).toBe(
      '0A000: unit "hour" not supported for type date',
    );
    expect(err(() => call('extract', ['text', 'timestamp'], ['timezone', ts('2020-01-01')]))).toBe(
      '0A000: unit "timezone" not supported for type timestamp without time zone',
    );
    expect(err(() => call('extract', ['text', 'timestamp'], ['foo', ts('2020-01-01')]))).toBe(
      '22023: unit "foo" not recognized for type timestamp without time zone',
    );
    expect(err(() => call('date_trunc', ['text', 'timestamp'], ['dow', ts('2020-01-01')]))).toBe(
      '22023: unit "dow" not recognized for type timestamp without time zone',
    );
    expect(err(() => call('date_trunc', ['text', 'interval'], ['week', iv(0, 40, 0)]))).toBe(
      '0A000: unit "week" not supported for type interval',
    );
    expect(err(() => call('make_date', ['int4', 'int4', 'int4'], [0, 3, 15]))).toBe(
      '22008: date field value out of range: 0-03-15',
    );
    expect(err(() => call('make_date', ['int4', 'int4', 'int4'], [2021, 2, 30]))).toBe(
      '22008: date field value out of range: 2021-02-30',
    );
    expect(err(() => call('make_time', ['int4', 'int4', 'float8'], [25, 0, 0]))).toBe(
      '22008: time field value out of range: 25:00:00',
    );
    expect(err(() => call('to_timestamp', ['float8'], [NaN]))).toBe(
      '22008: timestamp cannot be NaN',
    );
    expect(err(() => call('to_timestamp', ['float8'], [1e300]))).toBe(
      '22008: timestamp out of range: "1e+300"',
    );
    expect(
      err(() => call('timezone', ['text', 'timestamp'], ['Mars/Olympus', ts('2020-01-01')])),
    ).toBe('22023: time zone "Mars/Olympus" not recognized');
    expect(
      err(() =>
        call(
          'date_bin',
          ['interval', 'timestamp', 'timestamp'],
          [iv(1, 0, 0), ts('2020-01-01'), ts('2020-01-01')],
        ),
      ),
    ).toBe('0A000: timestamps cannot be binned into intervals containing months or years');
    expect(err(() => call('to_date', ['text', 'text'], ['2021-02-30', 'YYYY-MM-DD']))).toBe(
      '22008: date/time field value out of range: "2021-02-30"',
    );
  });
});
