// The process-wide cancel registry. Each backend gets a random (pid, secret) pair, sent to the
// client in BackendKeyData; a CancelRequest on a fresh connection carrying the same pair cancels
// whatever that backend is running (the session raises 57014 when it sees the abort signal).
import { randomInt } from 'node:crypto';

export interface CancelKey {
  readonly pid: number;
  readonly secret: number;
}

const backends = new Map<number, { readonly secret: number; readonly cancel: () => void }>();

/** Registers a backend; returns its key. `cancel` aborts its running statement, if any. */
export function registerBackend(cancel: () => void): CancelKey {
  let pid: number;
  do pid = randomInt(1, 0x7fffffff);
  while (backends.has(pid));
  const secret = randomInt(0, 0x7fffffff);
  backends.set(pid, { secret, cancel });
  return { pid, secret };
}

export function unregisterBackend(key: CancelKey): void {
  const b = backends.get(key.pid);
  if (b !== undefined && b.secret === key.secret) backends.delete(key.pid);
}

/** Handles a CancelRequest; a wrong secret is ignored silently, as in PostgreSQL. */
export function cancelBackend(pid: number, secret: number): boolean {
  const b = backends.get(pid);
  if (b === undefined || b.secret !== secret) return false;
  b.cancel();
  return true;
}
