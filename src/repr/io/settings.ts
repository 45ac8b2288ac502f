// Session settings that change how values are printed and parsed (PostgreSQL GUCs DateStyle,
// IntervalStyle, TimeZone, extra_float_digits, bytea_output).

export interface IoSettings {
  readonly dateStyle: string;
  readonly intervalStyle: string;
  readonly timeZone: string;
  readonly extraFloatDigits: number;
  readonly byteaOutput: 'hex' | 'escape';
  /**
   * The name a reg* OID (regclass, regproc, regnamespace, regrole) prints as, from the session's
   * catalog; absent (no session): the OID.
   */
  readonly regName?: (kind: string, oid: number) => string;
}

export const DEFAULT_IO_SETTINGS: IoSettings = {
  dateStyle: 'ISO, MDY',
  intervalStyle: 'postgres',
  timeZone: 'UTC',
  extraFloatDigits: 1,
  byteaOutput: 'hex',
};

/** Text I/O settings from a session's settings (defaults where unset or invalid). */
export function ioSettings(setting: (name: string) => string | undefined): IoSettings {
  const d = DEFAULT_IO_SETTINGS;
  const efd = Number.parseInt(setting('extra_float_digits') ?? '', 10);
  const bytea = setting('bytea_output');
  return {
    dateStyle: setting('DateStyle') ?? d.dateStyle,
    intervalStyle: setting('IntervalStyle') ?? d.intervalStyle,
    timeZone: setting('TimeZone') ?? d.timeZone,
    extraFloatDigits: Number.isNaN(efd) ? d.extraFloatDigits : efd,
    byteaOutput: bytea === 'escape' || bytea === 'hex' ? bytea : d.byteaOutput,
  };
}
