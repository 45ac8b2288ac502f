// Settings.derived: values computed from the settings are kept until a setting changes (SET,
// RESET, RESET ALL), then computed again; io() follows DateStyle and friends.
import { describe, expect, it } from 'vitest';
import { Settings } from '../../src/session/settings.js';

describe('Settings', () => {
  it('keeps derived values until a setting changes', () => {
    const s = new Settings();
    let computed = 0;
    const timeout = (): string =>
      s.derived('t', () => {
        computed++;
        return s.get('statement_timeout') ?? '';
      });
    expect(timeout()).toBe('0');
    expect(timeout()).toBe('0');
    expect(computed).toBe(1);
    s.set('statement_timeout', '5s');
    expect(timeout()).toBe('5s');
    expect(computed).toBe(2);
    s.reset('statement_timeout');
    expect(timeout()).toBe('0');
    s.set('statement_timeout', '1min');
    expect(timeout()).toBe('1min');
    s.resetAll();
    expect(timeout()).toBe('0');
    expect(computed).toBe(5);
  });

  it('gives the I/O settings as they are now', () => {
    const s = new Settings({ TimeZone: 'Europe/Paris' });
    expect(s.io().timeZone).toBe('Europe/Paris');
    expect(s.io()).toBe(s.io());
    s.set('TimeZone', 'Asia/Tokyo');
    s.set('extra_float_digits', '0');
    expect(s.io()).toMatchObject({ timeZone: 'Asia/Tokyo', extraFloatDigits: 0 });
    s.resetAll();
    expect(s.io()).toMatchObject({ timeZone: 'Europe/Paris', extraFloatDigits: 1 });
  });
});
