// The errors the Kafka layer raises, as EddyErrors with their SQLSTATE, and the translation of
// the Kafka library's errors into them. Messages are meant to be shown to a user as
// "stalled: <message>" by a source, or as the error of a statement.
import { EddyError } from '../errors/index.js';

/** 58000 system_error: a failure outside Eddy (broker unreachable, broker refused a request). */
export function kafkaError(message: string, detail?: string): EddyError {
  return new EddyError('58000', message, detail === undefined ? {} : { detail });
}

/** 42704 undefined_object: the topic does not exist (or was deleted). */
export function unknownTopic(topic: string): EddyError {
  return new EddyError('42704', `Kafka topic "${topic}" does not exist`);
}

/** 57014 query_canceled: the caller's AbortSignal fired. */
export function kafkaCanceled(): EddyError {
  return new EddyError('57014', 'canceling Kafka request due to user request');
}

interface LibError {
  message?: string;
  code?: string;
  apiId?: string;
  serverErrorMessage?: string | null;
  errors?: unknown[];
  cause?: unknown;
}

/** The innermost, most specific message of a library error (it nests MultipleErrors). */
export function describe(e: unknown): string {
  const seen = new Set<unknown>();
  const parts: string[] = [];
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    const err = x as LibError;
    const nested = Array.isArray(err.errors) ? err.errors : [];
    if (nested.length > 0) {
      // The last attempt's error is the most telling one.
      walk(nested[nested.length - 1]);
      return;
    }
    if (err.cause !== undefined) {
      const before = parts.length;
      walk(err.cause);
      if (parts.length > before) return;
    }
    let m = err.apiId !== undefined ? `${err.apiId}: ${err.message ?? ''}` : (err.message ?? '');
    if (typeof err.serverErrorMessage === 'string' && err.serverErrorMessage !== '') {
      m += ` (${err.serverErrorMessage})`;
    }
    if (m !== '') parts.push(m);
  };
  walk(e);
  if (parts.length === 0) return e instanceof Error ? e.message : String(e);
  return parts.join('; ');
}

/** Finds a protocol error by its Kafka error id (e.g. 'OFFSET_OUT_OF_RANGE') in a library error. */
export function hasApiError(e: unknown, apiId: string): boolean {
  const f = (e as { findBy?: (p: string, v: unknown) => unknown } | null)?.findBy;
  return typeof f === 'function' && f.call(e, 'apiId', apiId) != null;
}

/** True if the library says the topic is unknown (metadata for a missing topic). */
export function isUnknownTopic(e: unknown): boolean {
  if (hasApiError(e, 'UNKNOWN_TOPIC_OR_PARTITION') || hasApiError(e, 'UNKNOWN_TOPIC_ID')) {
    return true;
  }
  return /Unknown topic/.test(describe(e));
}

/** Wraps a library error (keeps EddyErrors as they are). */
export function wrap(e: unknown, what: string): EddyError {
  if (e instanceof EddyError) return e;
  return kafkaError(`${what}: ${describe(e)}`);
}
