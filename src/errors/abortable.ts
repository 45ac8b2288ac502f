// Racing a promise against an AbortSignal. The promise keeps running after the signal wins, and
// whatever it settles with later is consumed here: a promise left without a handler would end the
// process (Node's unhandled-rejection rule) when it finally rejects, e.g. a Kafka request failing
// because its connection was closed after the caller gave up on it.

/** `p`, or a rejection with `canceled()` as soon as `signal` aborts (at once if it already has). */
export function abortable<T>(
  p: Promise<T>,
  signal: AbortSignal | undefined,
  canceled: () => Error,
): Promise<T> {
  if (signal === undefined) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(canceled());
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
