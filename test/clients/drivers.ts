// Shared support for the end-to-end client tests: where .ci/run installed the client drivers
// (scripts/clients/install.sh: a virtualenv with psycopg 3, SQLAlchemy and pandas, the pgjdbc
// jar, the Go modules of pgx), running a driver
// program asynchronously (the Eddy server runs in the test's own process, so a synchronous spawn
// would freeze it), and reading the JSON summary such a program prints as its last line.
// A missing driver fails the test loudly with the command that installs it; nothing is skipped.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The cache .ci/run installs into: $EDDY_CI_CACHE, else $HOME/.cache/eddy-ci. */
export function ciCacheDir(): string {
  const fromEnv = process.env['EDDY_CI_CACHE'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(homedir(), '.cache', 'eddy-ci');
}

function mustExist(path: string, what: string): string {
  if (!existsSync(path)) {
    throw new Error(
      `${what} not found at ${path}: run \`bash .ci/run\` (or \`bash scripts/clients/install.sh\`) ` +
        'to install the client drivers (set EDDY_CI_CACHE if they live elsewhere)',
    );
  }
  return path;
}

/** The virtualenv's python that has psycopg 3 installed. */
export function psycopgPython(): string {
  return mustExist(join(ciCacheDir(), 'py', 'bin', 'python'), 'psycopg virtualenv python');
}

/** The pgjdbc driver jar. */
export function pgjdbcJar(): string {
  return mustExist(join(ciCacheDir(), 'java', 'postgresql.jar'), 'pgjdbc jar');
}

/**
 * The environment that builds test/clients/go from the modules install.sh downloaded into the
 * cache, with the module proxy off (a missing module fails the build, naming it).
 */
export function goBuildEnv(): Record<string, string> {
  const dir = join(ciCacheDir(), 'go');
  mustExist(join(dir, 'mod'), 'Go module cache for test/clients/go');
  return {
    GOMODCACHE: join(dir, 'mod'),
    GOCACHE: join(dir, 'build'),
    GOFLAGS: '-mod=readonly',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
  };
}

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program without blocking the event loop; kills it after `timeoutMs`. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: {
    readonly cwd?: string;
    readonly timeoutMs: number;
    readonly env?: Readonly<Record<string, string>>;
  },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, PGTZ: 'UTC', TZ: 'UTC', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** One check's outcome, as the driver programs print it. */
export interface CheckResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly sqlstate?: string | null;
  readonly [detail: string]: unknown;
}

/**
 * The JSON object on the last non-empty line of stdout; throws with all output otherwise.
 * EDDY_CLIENTS_PRINT=1 prints it (every check's details), handy when fixing a known failure.
 */
export function parseSummary(result: ProcessResult): Record<string, CheckResult> {
  const lines = result.stdout.split('\n').filter((l) => l.trim() !== '');
  const last = lines[lines.length - 1];
  try {
    if (last === undefined) throw new Error('no output');
    const summary = JSON.parse(last) as Record<string, CheckResult>;
    if (process.env['EDDY_CLIENTS_PRINT'] === '1') console.log(JSON.stringify(summary, null, 1));
    return summary;
  } catch (e) {
    throw new Error(
      `driver program printed no JSON summary (exit ${String(result.code)}): ${String(e)}\n` +
        `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
    );
  }
}

/** A readable failure message for a check that should pass. */
export function describeFailure(name: string, result: CheckResult | undefined): string {
  if (result === undefined) return `check ${name} did not run`;
  return `check ${name} failed: ${JSON.stringify(result, null, 2)}`;
}
