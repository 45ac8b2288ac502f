// Session settings (GUCs): their defaults, which ones are reported to the client when they change
// (GUC_REPORT), and validation of SET values. Names are case-insensitive.
import { EddyError, invalidParameterValue, undefinedObject } from '../errors/index.js';
import { ioSettings, type IoSettings } from '../repr/io/settings.js';

export const SERVER_VERSION = '16.0 (Eddy 0.1.0)';
export const SERVER_VERSION_NUM = '160000';

interface SettingDef {
  readonly name: string;
  readonly default: string;
  readonly report: boolean;
  readonly description: string;
  readonly readOnly?: boolean;
  /** Normalises/validates a value; throws 22023 on a bad one. */
  readonly check?: (v: string) => string;
}

const bool =
  (name: string) =>
  (v: string): string => {
    const l = v.toLowerCase();
    if (['on', 'true', 'yes', '1', 't', 'y'].includes(l)) return 'on';
    if (['off', 'false', 'no', '0', 'f', 'n'].includes(l)) return 'off';
    throw invalidParameterValue(`parameter "${name}" requires a Boolean value`);
  };

const DEFS: readonly SettingDef[] = [
  {
    name: 'application_name',
    default: '',
    report: true,
    description: 'Sets the application name to be reported in statistics and logs.',
  },
  {
    name: 'client_encoding',
    default: 'UTF8',
    report: true,
    description: "Sets the client's character set encoding.",
    check: (v) => {
      const u = v.toUpperCase().replace('-', '');
      if (u !== 'UTF8' && u !== 'UNICODE')
        throw invalidParameterValue(`invalid value for parameter "client_encoding": "${v}"`);
      return 'UTF8';
    },
  },
  {
    name: 'DateStyle',
    default: 'ISO, MDY',
    report: true,
    description: 'Sets the display format for date and time values.',
    check: (v) => {
      const parts = v.split(',').map((p) => p.trim().toUpperCase());
      if (
        !parts.every((p) =>
          [
            'ISO',
            'MDY',
            'DMY',
            'YMD',
            'US',
            'EURO',
            'EUROPEAN',
            'NONEURO',
            'NONEUROPEAN',
            'POSTGRES',
            'SQL',
            'GERMAN',
            'DEFAULT',
          ].includes(p),
        )
      ) {
        throw invalidParameterValue(`invalid value for parameter "DateStyle": "${v}"`);
      }
      if (!parts.includes('ISO'))
        throw invalidParameterValue(`invalid value for parameter "DateStyle": "${v}"`, {
          detail: 'Eddy supports only the ISO output style.',
        });
      return 'ISO, MDY';
    },
  },
  {
    name: 'default_transaction_isolation',
    default: 'read committed',
    report: false,
    description: 'Sets the transaction isolation level of each new transaction.',
  },
  {
    name: 'transaction_isolation',
    default: 'read committed',
    report: false,
    description: "Sets the current transaction's isolation level.",
  },
  {
    name: 'default_transaction_read_only',
    default: 'off',
    report: true,
    description: 'Sets the default read-only status of new transactions.',
    check: bool('default_transaction_read_only'),
  },
  {
    // SQLAlchemy's table reflection compares pg_am.amname with it.
    name: 'default_table_access_method',
    default: 'heap',
    report: false,
    description: 'Sets the default table access method for new tables.',
    check: (v) => {
      if (v !== 'heap')
        throw invalidParameterValue(
          `invalid value for parameter "default_table_access_method": "${v}"`,
          {
            detail: `Table access method "${v}" does not exist.`,
          },
        );
      return v;
    },
  },
  {
    name: 'transaction_read_only',
    default: 'off',
    report: false,
    description: "Sets the current transaction's read-only status.",
    check: bool('transaction_read_only'),
  },
  {
    name: 'extra_float_digits',
    default: '1',
    report: false,
    description: 'Sets the number of digits displayed for floating-point values.',
    check: (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < -15 || n > 3)
        throw invalidParameterValue(
          `${v} is outside the valid range for parameter "extra_float_digits" (-15 .. 3)`,
        );
      return String(n);
    },
  },
  {
    name: 'integer_datetimes',
    default: 'on',
    report: true,
    readOnly: true,
    description: 'Shows whether datetimes are integer based.',
  },
  {
    name: 'IntervalStyle',
    default: 'postgres',
    report: true,
    description: 'Sets the display format for interval values.',
    check: (v) => {
      if (v.toLowerCase() !== 'postgres')
        throw invalidParameterValue(`invalid value for parameter "IntervalStyle": "${v}"`, {
          detail: 'Eddy supports only the postgres interval style.',
        });
      return 'postgres';
    },
  },
  {
    name: 'is_superuser',
    default: 'on',
    report: true,
    readOnly: true,
    description: 'Shows whether the current user is a superuser.',
  },
  {
    name: 'search_path',
    default: '"$user", public',
    report: false,
    description: 'Sets the schema search order for names that are not schema-qualified.',
  },
  {
    name: 'server_encoding',
    default: 'UTF8',
    report: true,
    readOnly: true,
    description: 'Shows the server (database) character set encoding.',
  },
  {
    // On at a read-only port (src/session/replica): libpq's target_session_attrs reads it.
    name: 'in_hot_standby',
    default: 'off',
    report: true,
    readOnly: true,
    description: 'Shows whether hot standby is currently active.',
  },
  {
    name: 'server_version',
    default: SERVER_VERSION,
    report: true,
    readOnly: true,
    description: 'Shows the server version.',
  },
  {
    name: 'server_version_num',
    default: SERVER_VERSION_NUM,
    report: false,
    readOnly: true,
    description: 'Shows the server version as an integer.',
  },
  {
    name: 'session_authorization',
    default: 'eddy',
    report: true,
    readOnly: true,
    description: 'Sets the session user name.',
  },
  {
    name: 'standard_conforming_strings',
    default: 'on',
    report: true,
    description: "Causes '...' strings to treat backslashes literally.",
    check: (v) => {
      if (bool('standard_conforming_strings')(v) !== 'on')
        throw invalidParameterValue('non-standard string literals are not supported');
      return 'on';
    },
  },
  {
    name: 'statement_timeout',
    default: '0',
    report: false,
    description: 'Sets the maximum allowed duration of any statement.',
    check: (v) => {
      if (!/^\s*\d+(\.\d+)?\s*(us|ms|s|min|h|d)?\s*$/.test(v)) {
        throw invalidParameterValue(`invalid value for parameter "statement_timeout": "${v}"`);
      }
      return v.trim();
    },
  },
  {
    name: 'subscribe_backlog_rows',
    default: '1000000',
    report: false,
    description:
      'Most SUBSCRIBE rows waiting for a client; past it the subscription fails (53000).',
    check: (v) => {
      if (!/^\s*[1-9]\d*\s*$/.test(v))
        throw invalidParameterValue(`invalid value for parameter "subscribe_backlog_rows": "${v}"`);
      return v.trim();
    },
  },
  {
    name: 'lock_timeout',
    default: '0',
    report: false,
    description: 'Sets the maximum allowed duration of any wait for a lock.',
  },
  {
    name: 'idle_in_transaction_session_timeout',
    default: '0',
    report: false,
    description: 'Sets the maximum allowed idle time between queries, when in a transaction.',
  },
  {
    name: 'TimeZone',
    default: 'UTC',
    report: true,
    description: 'Sets the time zone for displaying and interpreting time stamps.',
    check: (v) => {
      const z = v.trim();
      if (
        /^[+-]?\d{1,2}(:\d{2})?$/.test(z) ||
        z.toUpperCase() === 'UTC' ||
        z.toUpperCase() === 'GMT'
      )
        return z.toUpperCase() === 'GMT' ? 'GMT' : z;
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: z });
        return z;
      } catch {
        throw invalidParameterValue(`invalid value for parameter "TimeZone": "${v}"`);
      }
    },
  },
  {
    name: 'bytea_output',
    default: 'hex',
    report: false,
    description: 'Sets the output format for bytea.',
    check: (v) => {
      const l = v.toLowerCase();
      if (l !== 'hex' && l !== 'escape')
        throw invalidParameterValue(`invalid value for parameter "bytea_output": "${v}"`);
      return l;
    },
  },
  {
    name: 'client_min_messages',
    default: 'notice',
    report: false,
    description: 'Sets the message levels that are sent to the client.',
  },
  {
    name: 'max_identifier_length',
    default: '63',
    report: false,
    readOnly: true,
    description: 'Shows the maximum identifier length.',
  },
  {
    name: 'lc_collate',
    default: 'C',
    report: false,
    readOnly: true,
    description: 'Shows the collation order locale.',
  },
  {
    name: 'lc_ctype',
    default: 'C',
    report: false,
    readOnly: true,
    description: 'Shows the character classification and case conversion locale.',
  },
  {
    name: 'lc_messages',
    default: 'C',
    report: false,
    description: 'Sets the language in which messages are displayed.',
  },
  {
    name: 'lc_monetary',
    default: 'C',
    report: false,
    description: 'Sets the locale for formatting monetary amounts.',
  },
  {
    name: 'lc_numeric',
    default: 'C',
    report: false,
    description: 'Sets the locale for formatting numbers.',
  },
  {
    name: 'lc_time',
    default: 'C',
    report: false,
    description: 'Sets the locale for formatting date and time values.',
  },
  {
    name: 'max_connections',
    default: '1000',
    report: false,
    readOnly: true,
    description: 'Sets the maximum number of concurrent connections.',
  },
  {
    name: 'block_size',
    default: '8192',
    report: false,
    readOnly: true,
    description: 'Shows the size of a disk block.',
  },
  {
    name: 'in_hot_standby',
    default: 'off',
    report: true,
    readOnly: true,
    description: 'Shows whether hot standby is currently active.',
  },
  {
    name: 'scram_iterations',
    default: '4096',
    report: true,
    description: 'Sets the iteration count for SCRAM secret generation.',
  },
  { name: 'row_security', default: 'on', report: false, description: 'Enable row security.' },
  {
    name: 'synchronous_commit',
    default: 'on',
    report: false,
    description: "Sets the current transaction's synchronization level.",
  },
  { name: 'jit', default: 'off', report: false, description: 'Allow JIT compilation.' },
  {
    name: 'enable_seqscan',
    default: 'on',
    report: false,
    description: "Enables the planner's use of sequential-scan plans.",
  },
  {
    name: 'cluster',
    default: 'default',
    report: false,
    description: 'Sets the current cluster (Materialize compatibility).',
  },
];

const BY_NAME = new Map(DEFS.map((d) => [d.name.toLowerCase(), d]));

export function settingDef(name: string): SettingDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function allSettingDefs(): readonly SettingDef[] {
  return DEFS;
}

export class Settings {
  private readonly values = new Map<string, string>();
  /** Values derived from the settings (see derived()); emptied by every change. */
  private readonly derivedValues = new Map<string, unknown>();

  /** Values given at connection startup, by lower-case name (the session's defaults). */
  private readonly overrides: ReadonlyMap<string, string>;

  constructor(startup: Readonly<Record<string, string>> = {}) {
    this.overrides = new Map(Object.entries(startup).map(([k, v]) => [k.toLowerCase(), v]));
  }

  get(name: string): string | undefined {
    const key = name.toLowerCase();
    const v = this.values.get(key);
    if (v !== undefined) return v;
    const o = this.overrides.get(key);
    if (o !== undefined) return o;
    const def = BY_NAME.get(key);
    if (def !== undefined) return def.default;
    // Custom placeholder variables (with a dot) exist once set.
    return undefined;
  }

  /**
   * `compute()`'s value, computed again only after a setting changed (statements read some
   * settings on every execution: a point query should not parse them each time).
   */
  derived<T>(key: string, compute: () => T): T {
    const m = this.derivedValues;
    if (m.has(key)) return m.get(key) as T;
    const v = compute();
    m.set(key, v);
    return v;
  }

  /** The text I/O settings (DateStyle, TimeZone, ...) now. */
  io(): IoSettings {
    return this.derived('io', () => ioSettings((n) => this.get(n)));
  }

  /** A value as set() would store it (checked, normalized), without setting it. */
  parse(name: string, value: string): string {
    const def = BY_NAME.get(name.toLowerCase());
    return def?.check ? def.check(value) : value;
  }

  /** Sets a value; returns the ParameterStatus to report if the setting has GUC_REPORT. */
  set(name: string, value: string): [string, string] | null {
    this.derivedValues.clear();
    const key = name.toLowerCase();
    const def = BY_NAME.get(key);
    if (def === undefined) {
      if (!key.includes('.'))
        throw undefinedObject(`unrecognized configuration parameter "${name}"`);
      this.values.set(key, value);
      return null;
    }
    if (def.readOnly === true) {
      throw new EddyError('55P02', `parameter "${def.name}" cannot be changed`);
    }
    const v = def.check ? def.check(value) : value;
    this.values.set(key, v);
    return def.report ? [def.name, v] : null;
  }

  reset(name: string): [string, string] | null {
    this.derivedValues.clear();
    const key = name.toLowerCase();
    const def = BY_NAME.get(key);
    if (def === undefined && !key.includes('.'))
      throw undefinedObject(`unrecognized configuration parameter "${name}"`);
    this.values.delete(key);
    return def?.report === true ? [def.name, this.get(key) ?? ''] : null;
  }

  resetAll(): [string, string][] {
    this.derivedValues.clear();
    const changed = [...this.values.keys()];
    this.values.clear();
    return changed.flatMap((k) => {
      const def = BY_NAME.get(k);
      return def?.report === true ? [[def.name, this.get(k) ?? ''] as [string, string]] : [];
    });
  }

  /** Every setting with its current value (SHOW ALL). */
  all(): { name: string; setting: string; description: string }[] {
    return DEFS.map((d) => ({
      name: d.name,
      setting: this.get(d.name) ?? d.default,
      description: d.description,
    }));
  }

  reported(): [string, string][] {
    return DEFS.filter((d) => d.report).map((d) => [d.name, this.get(d.name) ?? d.default]);
  }
}
