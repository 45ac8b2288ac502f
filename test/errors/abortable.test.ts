import { describe, expect, it } from 'vitest';
import { abortable, queryCanceled } from '../../src/errors/index.js';

/** Collects the process's unhandled rejections while `body` runs and a few turns after. */
async function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', listener);
  try {
    await body();
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

function later<T>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('abortable', () => {
  it('passes the value or the error of the promise through', async () => {
    const c = new AbortController();
    await expect(abortable(Promise.resolve(7), c.signal, queryCanceled)).resolves.toBe(7);
    await expect(
      abortable(Promise.reject(new Error('boom')), c.signal, queryCanceled),
    ).rejects.toThrow('boom');
    await expect(abortable(Promise.resolve(1), undefined, queryCanceled)).resolves.toBe(1);
  });

  it('rejects with the cancel error when the signal fires first', async () => {
    const c = new AbortController();
    const p = later<number>();
    const raced = abortable(p.promise, c.signal, queryCanceled);
    c.abort();
    await expect(raced).rejects.toMatchObject({ code: '57014' });
  });

  it('leaves no unhandled rejection when the abandoned promise fails later', async () => {
    for (const abortFirst of [true, false]) {
      const seen = await unhandledDuring(async () => {
        const c = new AbortController();
        const p = later<number>();
        if (abortFirst) c.abort();
        const raced = abortable(p.promise, c.signal, queryCanceled);
        if (!abortFirst) c.abort();
        await expect(raced).rejects.toMatchObject({ code: '57014' });
        p.reject(new Error('connection closed after the caller gave up'));
      });
      expect(seen, `signal aborted ${abortFirst ? 'before' : 'after'} the call`).toEqual([]);
    }
  });
});
