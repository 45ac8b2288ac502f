// Date/time operators, age and justify_*; expectations from PostgreSQL 15 (TimeZone
// 'America/New_York' where timestamptz is involved).
import { describe, expect, test } from 'vitest';
import {
  call,
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

const cases: [string, () => string, string][] = [
  [
    "tstz + '1 day' across spring-forward",
    () =>
      ny(call('+', ['timestamptz', 'interval'], [tstz('2021-03-13 12:00-05'), iv(0, 1, 0)], NY)),
    '2021-03-14 12:00:00-04',
  ],
  [
    "tstz + '24 hours' across spring-forward",
    () =>
      ny(
        call(
          '+',
          ['timestamptz', 'interval'],
          [tstz('2021-03-13 12:00-05'), iv(0, 0, 24n * H)],
          NY,
        ),
      ),
    '2021-03-14 13:00:00-04',
  ],
  [
    "tstz + '1 day' across fall-back",
    () =>
      ny(call('+', ['timestamptz', 'interval'], [tstz('2021-11-06 12:00-04'), iv(0, 1, 0)], NY)),
    '2021-11-07 12:00:00-05',
  ],
  [
    'tstz - tstz across DST',
    () =>
      showIv(
        call(
          '-',
          ['timestamptz', 'timestamptz'],
          [tstz('2021-03-14 12:00-04'), tstz('2021-03-13 12:00-05')],
          NY,
        ),
      ),
    '23:00:00',
  ],
  [
    "tstz + '1 month' clamps",
    () =>
      ny(call('+', ['timestamptz', 'interval'], [tstz('2021-01-31 10:00-05'), iv(1, 0, 0)], NY)),
    '2021-02-28 10:00:00-05',
  ],
  [
    "ts + '1 month' leap",
    () => showTs(call('+', ['timestamp', 'interval'], [ts('2020-01-31'), iv(1, 0, 0)])),
    '2020-02-29 00:00:00',
  ],
  [
    "ts - '1 month'",
    () => showTs(call('-', ['timestamp', 'interval'], [ts('2020-03-31'), iv(1, 0, 0)])),
    '2020-02-29 00:00:00',
  ],
  [
    "ts + '1 year'",
    () => showTs(call('+', ['timestamp', 'interval'], [ts('2019-02-28'), iv(12, 0, 0)])),
    '2020-02-28 00:00:00',
  ],
  [
    "leap day + '1 year'",
    () => showTs(call('+', ['timestamp', 'interval'], [ts('2020-02-29'), iv(12, 0, 0)])),
    '2021-02-28 00:00:00',
  ],
  [
    'month, then day, then time',
    () => showTs(call('+', ['timestamp', 'interval'], [ts('2020-01-31'), iv(1, 1, H)])),
    '2020-03-01 01:00:00',
  ],
  [
    'date + int',
    () => showDate(call('+', ['date', 'int4'], [date('2020-02-29'), 1])),
    '2020-03-01',
  ],
  [
    'date - date',
    () => String(call('-', ['date', 'date'], [date('2020-03-01'), date('2020-02-01')])),
    '29',
  ],
  [
    'date + interval',
    () => showTs(call('+', ['date', 'interval'], [date('2020-01-01'), iv(0, 0, H)])),
    '2020-01-01 01:00:00',
  ],
  [
    'date + time',
    () => showTs(call('+', ['date', 'time'], [date('2020-01-01'), time('10:30')])),
    '2020-01-01 10:30:00',
  ],
  [
    'ts - ts justifies hours',
    () =>
      showIv(
        call(
          '-',
          ['timestamp', 'timestamp'],
          [ts('2020-01-03 10:00'), ts('2020-01-01 04:00:00.5')],
        ),
      ),
    '2 days 05:59:59.5',
  ],
  [
    'interval * 1.5',
    () => showIv(call('*', ['interval', 'float8'], [iv(0, 1, 0), 1.5])),
    '1 day 12:00:00',
  ],
  ['month * 0.5', () => showIv(call('*', ['interval', 'float8'], [iv(1, 0, 0), 0.5])), '15 days'],
  ['month / 3', () => showIv(call('/', ['interval', 'float8'], [iv(1, 0, 0), 3])), '10 days'],
  [
    '7 days 5 hours / 2',
    () => showIv(call('/', ['interval', 'float8'], [iv(0, 7, 5n * H), 2])),
    '3 days 14:30:00',
  ],
  [
    '-interval',
    () => showIv(call('-', ['interval'], [iv(12, 2, 3n * H)])),
    '-1 years -2 days -03:00:00',
  ],
  [
    'time + interval wraps',
    () =>
      showIv(
        iv(
          0,
          0,
          BigInt(call('+', ['time', 'interval'], [time('23:00'), iv(0, 0, 2n * H)]) as number),
        ),
      ),
    '01:00:00',
  ],
  [
    'time - interval wraps',
    () =>
      showIv(
        iv(
          0,
          0,
          BigInt(call('-', ['time', 'interval'], [time('01:00'), iv(0, 0, 2n * H)]) as number),
        ),
      ),
    '23:00:00',
  ],
  [
    'time - time',
    () => showIv(call('-', ['time', 'time'], [time('10:00'), time('12:30')])),
    '-02:30:00',
  ],
  [
    'age borrows a month',
    () => showIv(call('age', ['timestamp', 'timestamp'], [ts('2020-03-01'), ts('2020-01-31')])),
    '1 mon 1 day',
  ],
  [
    'age negative',
    () => showIv(call('age', ['timestamp', 'timestamp'], [ts('2020-01-31'), ts('2020-03-01')])),
    '-1 mons -1 days',
  ],
  [
    'age docs example',
    () => showIv(call('age', ['timestamp', 'timestamp'], [ts('2001-04-10'), ts('1957-06-13')])),
    '43 years 9 mons 27 days',
  ],
  [
    'age with time',
    () =>
      showIv(
        call(
          'age',
          ['timestamp', 'timestamp'],
          [ts('2020-01-01 10:00'), ts('2021-06-15 12:30:10')],
        ),
      ),
    '-1 years -5 mons -14 days -02:30:10',
  ],
  [
    'justify_days',
    () => showIv(call('justify_days', ['interval'], [iv(0, 65, 0)])),
    '2 mons 5 days',
  ],
  [
    'justify_hours',
    () => showIv(call('justify_hours', ['interval'], [iv(0, 0, 50n * H)])),
    '2 days 02:00:00',
  ],
  [
    'justify_interval',
    () => showIv(call('justify_interval', ['interval'], [iv(1, 0, -H)])),
    '29 days 23:00:00',
  ],
  [
    'justify_interval negative',
    () => showIv(call('justify_interval', ['interval'], [iv(0, -35, 30n * H)])),
    '-1 mons -3 days -18:00:00',
  ],
  [
    'justify_days mixed',
    () => showIv(call('justify_days', ['interval'], [iv(-1, 35, 0)])),
    '5 days',
  ],
  ['mixed-sign output', () => showIv(iv(0, -1, 2n * H)), '-1 days +02:00:00'],
];

describe('date/time arithmetic', () => {
  test.each(cases)('%s', (_name, f, expected) => {
    expect(f()).toBe(expected);
  });

  test('errors', () => {
    expect(err(() => call('/', ['interval', 'float8'], [iv(0, 1, 0), 0]))).toBe(
      '22012: division by zero',
    );
    expect(
      err(() => call('+', ['interval', 'interval'], [iv(2147483647, 0, 0), iv(1, 0, 0)])),
    ).toBe('22008: interval out of range');
    expect(err(() => call('+', ['date', 'int4'], [date('5874897-12-31'), 1]))).toBe(
      '22008: date out of range',
    );
    expect(
      err(() => call('+', ['timestamp', 'interval'], [ts('294276-12-31'), iv(12, 0, 0)])),
    ).toBe('22008: timestamp out of range');
  });

  test('NULL arguments give NULL (strict)', () => {
    expect(call('+', ['timestamp', 'interval'], [null, iv(0, 1, 0)])).toBeNull();
  });
});
