// Resolves `eddy serve` settings: a command-line flag wins over its environment variable, which
// wins over the default. Pure, so it is tested without starting anything.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

export interface ServeSettings {
  readonly host: string;
  readonly port: number;
  readonly httpPort: number;
  /** Absolute path. */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** The read-only port (none when not given) and how many processes serve it. */
  readonly readPort: { readonly port: number; readonly processes: number } | undefined;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The flags as commander hands them over: strings, absent when not given. */
export interface ServeFlags {
  readonly host?: string;
  readonly port?: string;
  readonly httpPort?: string;
  readonly dataDir?: string;
  readonly logLevel?: string;
  readonly readPort?: string;
  readonly readProcesses?: string;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: '6875',
  httpPort: '6876',
  dataDir: './eddy-data',
  logLevel: 'info',
  /** None: the read-only port is off unless asked for. */
  readPort: '',
  /** One per core. */
  readProcesses: String(availableParallelism()),
} as const;

export const ENV_VARS = {
  host: 'EDDY_HOST',
  port: 'EDDY_PORT',
  httpPort: 'EDDY_HTTP_PORT',
  dataDir: 'EDDY_DATA_DIR',
  logLevel: 'EDDY_LOG_LEVEL',
  readPort: 'EDDY_READ_PORT',
  readProcesses: 'EDDY_READ_PROCESSES',
} as const;

/** A setting that cannot be used; the message names where it came from. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

function parsePort(value: string, source: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535) {
    throw new SettingsError(
      `invalid port ${JSON.stringify(value)} from ${source}: expected 0..65535`,
    );
  }
  return n;
}

export function resolveServeSettings(
  flags: ServeFlags,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): ServeSettings {
  const pick = (key: keyof ServeFlags): { value: string; source: string } => {
    const flag = flags[key];
    if (flag !== undefined) return { value: flag, source: `--${kebab(key)}` };
    const fromEnv = env[ENV_VARS[key]];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: ENV_VARS[key] };
    return { value: DEFAULTS[key], source: 'the default' };
  };
  const port = pick('port');
  const httpPort = pick('httpPort');
  const logLevel = pick('logLevel');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel.value)) {
    throw new SettingsError(
      `invalid log level ${JSON.stringify(logLevel.value)} from ${logLevel.source}: expected one of ${LOG_LEVELS.join(', ')}`,
    );
  }
  const readPort = pick('readPort');
  const readProcesses = pick('readProcesses');
  const processes = Number(readProcesses.value);
  if (!/^\d+$/.test(readProcesses.value.trim()) || processes < 1 || processes > 64) {
    throw new SettingsError(
      `invalid number of read processes ${JSON.stringify(readProcesses.value)} from ${readProcesses.source}: expected 1..64`,
    );
  }
  return {
    host: pick('host').value,
    port: parsePort(port.value, port.source),
    httpPort: parsePort(httpPort.value, httpPort.source),
    dataDir: resolve(cwd, pick('dataDir').value),
    logLevel: logLevel.value as LogLevel,
    readPort:
      readPort.value === ''
        ? undefined
        : { port: parsePort(readPort.value, readPort.source), processes },
  };
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
