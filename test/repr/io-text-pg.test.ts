// Text I/O against outputs captured from a real PostgreSQL (test/repr/pg-expected.ts).
import { describe, expect, it } from 'vitest';
import { EddyError } from '../../src/errors/index.js';
import { formatText, parseText } from '../../src/repr/io/text.js';
import { DEFAULT_IO_SETTINGS, type IoSettings } from '../../src/repr/io/settings.js';
import { typeSpec } from './helpers.js';
import { type Case, NEW_YORK_CASES, UTC_CASES } from './pg-expected.js';

function run(cases: readonly Case[], settings: IoSettings): void {
  for (const [type, input, expected] of cases) {
    it(`${type} ${JSON.stringify(input)}`, () => {
      const t = typeSpec(type);
      if (typeof expected === 'string') {
        const d = parseText(input, t, settings);
        expect(formatText(d, t, settings)).toBe(expected);
        // Output re-parses to the same output.
        expect(formatText(parseText(expected, t, settings), t, settings)).toBe(expected);
      } else {
        let err: unknown;
        try {
          parseText(input, t, settings);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(EddyError);
        expect({ code: (err as EddyError).code, message: (err as EddyError).message }).toEqual(
          expected,
        );
      }
    });
  }
}

describe('text I/O matches PostgreSQL (TimeZone UTC)', () => {
  run(UTC_CASES, DEFAULT_IO_SETTINGS);
});

describe('text I/O matches PostgreSQL (TimeZone America/New_York)', () => {
  run(NEW_YORK_CASES, { ...DEFAULT_IO_SETTINGS, timeZone: 'America/New_York' });
});
