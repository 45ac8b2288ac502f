// `eddy serve`: starts the server with resolved settings, logs a startup banner (pino, JSON on
// stdout), and on SIGINT/SIGTERM closes the server cleanly and exits 0. A second signal while
// closing exits 1 at once.
//
// A promise rejected with no handler ends the process, as Node's default does, but logged first
// — except a Kafka client error: a broker connection failing under a request nobody waits for
// any more (errors/abortable.ts makes sure Eddy's own abandoned requests are handled). Sources and
// sinks see and retry such failures on their own; stopping the whole server for one would only
// make it unavailable.
import { mkdir } from 'node:fs/promises';
import { pino, type Logger } from 'pino';
import type { ServeSettings } from './settings.js';

export async function serve(settings: ServeSettings, version: string): Promise<void> {
  const logger: Logger = pino({ level: settings.logLevel, base: { pid: process.pid } });
  process.on('unhandledRejection', (reason) => unhandled(logger, reason));
  await mkdir(settings.dataDir, { recursive: true });
  // Imported here so that `eddy --help` and `--version` work without loading the engine.
  const { startServer } = await import('../server.js');
  const server = await startServer({
    host: settings.host,
    port: settings.port,
    httpPort: settings.httpPort,
    dataDir: settings.dataDir,
    ...(settings.readPort === undefined ? {} : { readPort: settings.readPort }),
    logger,
  });
  logger.info(
    {
      version,
      host: settings.host,
      port: server.port,
      httpPort: server.httpPort,
      ...(server.readPort === undefined ? {} : { readPort: server.readPort }),
      dataDir: settings.dataDir,
    },
    `Eddy ${version} ready: pgwire on ${settings.host}:${server.port}${server.readPort === undefined ? '' : ` (read-only on ${server.readPort})`}, HTTP on ${settings.host}:${server.httpPort}, data in ${settings.dataDir}`,
  );
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn({ signal }, 'second signal while shutting down: exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/** Whether `e` was raised by the Kafka client library (its errors carry a PLT_KFK_ code). */
function isKafkaClientError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('PLT_KFK_');
}

function unhandled(logger: Logger, reason: unknown): void {
  if (isKafkaClientError(reason)) {
    logger.warn({ err: reason }, 'Kafka client error with no handler (ignored)');
    return;
  }
  logger.fatal({ err: reason }, 'unhandled promise rejection: exiting');
  process.exit(1);
}
