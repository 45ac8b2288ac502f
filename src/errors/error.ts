// The one error class of Eddy. Every error carries its PostgreSQL SQLSTATE, chosen where the
// error is raised (through the factories in ./factories.ts), never mapped later. Only the wire
// layer turns an EddyError into an ErrorResponse; anything else that escapes is an internal error
// (XX000) and a bug.

export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE';

export interface ErrorFields {
  readonly detail?: string;
  readonly hint?: string;
  /** 1-based character position in the statement text, as PostgreSQL reports it. */
  readonly position?: number;
  readonly severity?: Severity;
}

export class EddyError extends Error {
  readonly code: string;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  readonly position: number | undefined;
  readonly severity: Severity;

  constructor(code: string, message: string, fields: ErrorFields = {}) {
    super(message);
    this.name = 'EddyError';
    this.code = code;
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.position = fields.position;
    this.severity = fields.severity ?? 'ERROR';
  }

  /** The same error with a statement position attached (keeps an existing one). */
  withPosition(position: number | undefined): EddyError {
    if (position === undefined || this.position !== undefined) return this;
    return new EddyError(this.code, this.message, {
      detail: this.detail,
      hint: this.hint,
      position,
      severity: this.severity,
    });
  }
}

/** Wraps anything thrown into an EddyError; non-Eddy errors become internal errors (XX000). */
export function toEddyError(e: unknown): EddyError {
  if (e instanceof EddyError) return e;
  if (e instanceof RangeError && /Maximum call stack/.test(e.message)) {
    return new EddyError('54001', 'stack depth limit exceeded', {
      hint: 'The statement is nested too deeply.',
    });
  }
  const message = e instanceof Error ? e.message : String(e);
  if (process.env.EDDY_DEBUG_INTERNAL !== undefined && e instanceof Error) console.error(e.stack);
  return new EddyError('XX000', `internal error: ${message}`);
}
