// Bounded retries for Kafka operations: retriable failures (broker down, leader moving) are
// retried with exponential back-off until the config's retry budget is spent; EddyErrors (a
// missing topic, cancellation, a definite broker answer) are thrown at once. The library's own
// retries are off for clients that use this, so a missing topic fails fast instead of being
// retried for the whole budget.
import { abortable as abortableBy, EddyError } from '../errors/index.js';
import { backoffMs, type KafkaTimeouts } from './config.js';
import { describe, kafkaCanceled, kafkaError } from './errors.js';

export async function withRetries<T>(
  t: KafkaTimeouts,
  what: string,
  op: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted === true) throw kafkaCanceled();
    try {
      return await op();
    } catch (e) {
      if (e instanceof EddyError) throw e;
      const delay = backoffMs(t, attempt);
      if (Date.now() - started + delay > t.retryBudgetMs) {
        throw kafkaError(
          `${what} (gave up after ${attempt} attempts in ${Date.now() - started} ms): ${describe(e)}`,
        );
      }
      await sleep(delay, signal);
    }
  }
}

/** Rejects with 57014 when `signal` fires first. */
export function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return abortableBy(p, signal, kafkaCanceled);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return abortable(new Promise<void>((r) => setTimeout(r, ms)), signal);
}
