// FreshKeys: tries a write as new while at least half the recent tries found the key new; after
// that, samples again every 32nd key, and trusts again once the stream has new keys.
import { describe, expect, it } from 'vitest';
import { FreshKeys } from '../../src/storage/index.js';

/** How many of `n` keys are tried, each try's outcome being `fresh`. */
function tried(f: FreshKeys, n: number, fresh: boolean): number {
  let tries = 0;
  for (let i = 0; i < n; i++) {
    if (!f.worthTrying()) continue;
    tries++;
    f.note(fresh);
  }
  return tries;
}

describe('FreshKeys', () => {
  it('keeps trying while keys are new', () => {
    expect(tried(new FreshKeys(), 1000, true)).toBe(1000);
  });

  it('stops trying where keys exist, sampling every 32nd, and trusts again once they are new', () => {
    const f = new FreshKeys();
    expect(tried(f, 1000, false)).toBeLessThan(1000 / 32 + 2);
    // New keys again: a sample or two finds them, and then every key is tried.
    expect(tried(f, 200, true)).toBeGreaterThan(200 - 2 * 32);
    expect(tried(f, 100, true)).toBe(100);
  });
});
