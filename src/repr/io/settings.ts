// Session settings that change how values are printed and parsed (PostgreSQL GUCs DateStyle,
// IntervalStyle, TimeZone, extra_float_digits, bytea_output).

export interface IoSettings {
  readonly dateStyle: string;
  readonly intervalStyle: string;
  readonly timeZone: string;
  readonly extraFloatDigits: number;
  readonly byteaOutput: 'hex' | 'escape';
}

export const DEFAULT_IO_SETTINGS: IoSettings = {
  dateStyle: 'ISO, MDY',
  intervalStyle: 'postgres',
  timeZone: 'UTC',
  extraFloatDigits: 1,
  byteaOutput: 'hex',
};
