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

/**
 * Where a CancelRequest for a backend of another process goes (a read-only port's processes,
 * src/read-port.ts): set in those processes; a request no process knows is dropped.
 */
let elsewhere: ((pid: number, secret: number) => void) | null = null;

export function forwardUnknownCancels(to: ((pid: number, secret: number) => void) | null): void {
  elsewhere = to;
}

/** Handles a CancelRequest; a wrong secret is ignored silently, as in PostgreSQL. */
export function cancelBackend(pid: number, secret: number): boolean {
  if (backends.has(pid)) return cancelLocalBackend(pid, secret);
  elsewhere?.(pid, secret);
  return false;
}

/** A CancelRequest forwarded from another process: this process's backends only. */
export function cancelLocalBackend(pid: number, secret: number): boolean {
  const b = backends.get(pid);
  if (b === undefined || b.secret !== secret) return false;
  b.cancel();
  return true;
}
