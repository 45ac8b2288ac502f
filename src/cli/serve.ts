// `eddy serve`: starts the server with resolved settings, logs a startup banner (pino, JSON on
// stdout), and on SIGINT/SIGTERM closes the server cleanly and exits 0. A second signal while
// closing exits 1 at once.
import { mkdir } from 'node:fs/promises';
import { pino, type Logger } from 'pino';
import type { ServeSettings } from './settings.js';

export async function serve(settings: ServeSettings, version: string): Promise<void> {
  const logger: Logger = pino({ level: settings.logLevel, base: { pid: process.pid } });
  await mkdir(settings.dataDir, { recursive: true });
  // Imported here so that `eddy --help` and `--version` work without loading the engine.
  const { startServer } = await import('../server.js');
  const server = await startServer({
    host: settings.host,
    port: settings.port,
    httpPort: settings.httpPort,
    dataDir: settings.dataDir,
    logger,
  });
  logger.info(
    {
      version,
      host: settings.host,
      port: server.port,
      httpPort: server.httpPort,
      dataDir: settings.dataDir,
    },
    `Eddy ${version} ready: pgwire on ${settings.host}:${server.port}, HTTP on ${settings.host}:${server.httpPort}, data in ${settings.dataDir}`,
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
