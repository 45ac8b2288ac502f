#!/usr/bin/env -S node --max-semi-space-size=64
// The `eddy` command (package bin → dist/cli/main.js): `eddy serve` and, from commander,
// `eddy --help` and `eddy --version`. Flags are documented in `eddy serve --help`; each has an
// EDDY_* environment variable, and a flag wins over its variable.
//
// Node runs it with a young generation of 64 MB semi-spaces (V8's default is 16 MB; `npm start`
// passes the same flag): a tick's working set — a COPY's rows, the groups and output rows of a
// dataflow step — then dies young instead of being copied and promoted, which was a quarter of
// the server's CPU under sustained ingest (bench ingest: +20–40% rows per CPU-second).
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { serve } from './serve.js';
import {
  DEFAULTS,
  ENV_VARS,
  LOG_LEVELS,
  SettingsError,
  resolveServeSettings,
  type ServeFlags,
} from './settings.js';

function packageVersion(): string {
  // src/cli/main.ts and dist/cli/main.js both sit two levels below package.json.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

const version = packageVersion();
const program = new Command('eddy')
  .description('Eddy: a streaming SQL database that speaks the PostgreSQL wire protocol')
  .version(version, '-V, --version', 'print the version and exit');

const withEnv = (text: string, key: keyof typeof ENV_VARS): string =>
  `${text} (env ${ENV_VARS[key]}, default ${DEFAULTS[key]})`;

program
  .command('serve')
  .description('start the server')
  .option('--host <address>', withEnv('address to listen on', 'host'))
  .option('--port <port>', withEnv('PostgreSQL wire protocol port, 0 for any free port', 'port'))
  .option('--http-port <port>', withEnv('HTTP port, 0 for any free port', 'httpPort'))
  .option('--data-dir <dir>', withEnv('directory holding the database', 'dataDir'))
  .option(
    '--read-port <port>',
    `read-only PostgreSQL port served by reader processes beside the writer, 0 for any free port (env ${ENV_VARS.readPort}, default none)`,
  )
  .option(
    '--read-processes <n>',
    withEnv('how many processes serve the read-only port', 'readProcesses'),
  )
  .addOption(
    new Option('--log-level <level>', withEnv('log level', 'logLevel')).choices(LOG_LEVELS),
  )
  .action(async (flags: ServeFlags) => {
    try {
      await serve(resolveServeSettings(flags, process.env), version);
    } catch (err) {
      if (!(err instanceof SettingsError)) throw err;
      program.error(`error: ${err.message}`);
    }
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
