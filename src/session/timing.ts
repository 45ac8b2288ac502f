// Statement timing helpers of a session: statement_timeout's duration syntax, and the sleep that
// pg_sleep's requested time turns into (cancellable like the statement).
import { queryCanceled } from '../errors/index.js';

/** A duration setting in milliseconds ('0', '250', '5s', '2min', '1h'); plain numbers are ms. */
export function parseDuration(v: string): number {
  if (v === '0') return 0;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?\s*$/.exec(v);
  if (m === null) return 0;
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  const scale: Record<string, number> = {
    us: 0.001,
    ms: 1,
    s: 1000,
    min: 60_000,
    h: 3_600_000,
    d: 86_400_000,
  };
  return n * scale[unit]!;
}

/** Resolves after `ms` milliseconds; rejects with 57014 as soon as `signal` aborts. */
export function cancellableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(queryCanceled());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(queryCanceled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
