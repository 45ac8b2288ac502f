// Starts the built `eddy serve` (dist/cli/main.js) as a child process on ephemeral ports, for
// tests that must kill the server the hard way (SIGKILL) and start it again on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** The built CLI (`node EDDY_MAIN serve ...`). */
export const EDDY_MAIN = join(root, 'dist/cli/main.js');

export interface ChildServer {
  readonly port: number;
  /** The read-only port, when started with `--read-port`. */
  readonly readPort: number | undefined;
  readonly child: ChildProcess;
  /** A client of the primary port, or of the read-only port. */
  client(readOnly?: boolean): Promise<pg.Client>;
  /** What the process wrote so far (its log). */
  output(): string;
  /** Kills the process with `signal` and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startChildServer(
  dataDir: string,
  nodeArgs: readonly string[] = [],
  serveArgs: readonly string[] = [],
): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      EDDY_MAIN,
      'serve',
      ...['--port', '0', '--http-port', '0'],
      '--data-dir',
      dataDir,
    ].concat(serveArgs),
    {
      cwd: root,
      env: { ...process.env, EDDY_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  let killing = false;
  let ready = false;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      // A server that dies on its own after starting: say why (its log), for the failing test.
      if (ready && !killing)
        console.error(
          `eddy exited (code ${code}, signal ${signal}):\n${(stdout + stderr).slice(-8000)}`,
        );
      resolve();
    }),
  );
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let readPort: number | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { port?: number; httpPort?: number; readPort?: number };
        if (entry.port !== undefined && entry.httpPort !== undefined) {
          ready = true;
          readPort = entry.readPort;
          resolve(entry.port);
        }
      }
    });
    void exited.then(() => reject(new Error(`eddy exited before ready:\n${stdout}${stderr}`)));
  });
  const clients: pg.Client[] = [];
  return {
    port,
    readPort,
    child,
    output: () => stdout + stderr,
    client: async (readOnly = false) => {
      const c = new pg.Client({
        host: '127.0.0.1',
        port: readOnly ? readPort! : port,
        user: 'eddy',
        database: 'eddy',
      });
      c.on('error', () => undefined); // a killed server: the pending query reports it
      await c.connect();
      clients.push(c);
      return c;
    },
    kill: async (signal = 'SIGKILL') => {
      killing = true;
      child.kill(signal);
      await exited;
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    },
  };
}
