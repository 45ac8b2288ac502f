// The PostgreSQL oracle: a real PostgreSQL server, started per use, that tests compare Eddy's
// answers against ("results must equal PostgreSQL's"). A template cluster is made once with
// initdb (C locale, UTF8) and cached under the temp dir; each startOracle() copies it, starts a
// postmaster on a free 127.0.0.1 port with unix sockets in a private dir, fsync off and TimeZone
// UTC, and stop() kills it (-m immediate) and removes the copy. PostgreSQL refuses to run as root,
// so when the tests run as root the server runs as the `postgres` system user (created if needed).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface Oracle {
  readonly port: number;
  /** A new connected client (user postgres, database postgres); stop() ends any left open. */
  client(): Promise<pg.Client>;
  stop(): Promise<void>;
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

const PG_USER = 'postgres';

/** Directory holding initdb, pg_ctl and postgres; throws if PostgreSQL is not installed. */
export function findPgBinDir(): string {
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // pg_config missing: try the other places.
  }
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debianRoot, v, 'bin')));
  }
  candidates.push(...(process.env['PATH'] ?? '').split(':').filter((p) => p !== ''));
  const found = candidates.find((dir) =>
    ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(dir, b))),
  );
  if (found === undefined) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl, postgres) not found via pg_config, ' +
        '/usr/lib/postgresql/*/bin or PATH: install them (apt-get install -y postgresql) or run .ci/run',
    );
  }
  return found;
}

/** When running as root, the uid/gid of the postgres system user (created if missing). */
function runAsUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = (): RunAs | undefined => {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${PG_USER}:`));
    const fields = line?.split(':');
    if (fields === undefined || fields.length < 4) return undefined;
    return { uid: Number(fields[2]), gid: Number(fields[3]) };
  };
  const existing = lookup();
  if (existing !== undefined) return existing;
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', PG_USER]);
  const created = lookup();
  if (created === undefined) throw new Error(`could not create the ${PG_USER} system user`);
  return created;
}

function run(cmd: string, args: readonly string[], as: RunAs | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LANG: 'C', LC_ALL: 'C', TZ: 'UTC' },
      ...(as === undefined ? {} : { uid: as.uid, gid: as.gid }),
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

async function owned(path: string, as: RunAs | undefined): Promise<string> {
  if (as !== undefined) await chown(path, as.uid, as.gid);
  return path;
}

function pgMajorVersion(bin: string): string {
  const out = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' });
  return /(\d+)/.exec(out)?.[1] ?? 'unknown';
}

/** The cached template cluster, made on first use (safe against concurrent test workers). */
async function templateCluster(bin: string, as: RunAs | undefined): Promise<string> {
  const uid = as?.uid ?? process.getuid?.() ?? 0;
  const template = join(tmpdir(), `eddy-pg-template-${pgMajorVersion(bin)}-${uid}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const work = await owned(await mkdtemp(join(tmpdir(), 'eddy-pg-initdb-')), as);
  const data = join(work, 'data');
  await run(
    join(bin, 'initdb'),
    ['-D', data, '-U', PG_USER, '--auth=trust', '--locale=C', '--encoding=UTF8', '--no-sync'],
    as,
  );
  try {
    await rename(data, template);
  } catch (err) {
    // Another worker won the race; its template is as good as ours.
    if (!existsSync(join(template, 'PG_VERSION'))) throw err;
  }
  await rm(work, { recursive: true, force: true });
  return template;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a private PostgreSQL server; see the file comment. */
export async function startOracle(): Promise<Oracle> {
  const bin = findPgBinDir();
  const as = runAsUser();
  const template = await templateCluster(bin, as);
  const root = await owned(await mkdtemp(join(tmpdir(), 'eddy-oracle-')), as);
  const data = join(root, 'data');
  const sockets = join(root, 'sock');
  await mkdir(sockets);
  await owned(sockets, as);
  await run('cp', ['-a', template, data], as);
  const pgCtl = join(bin, 'pg_ctl');
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const serverOpts = [
      '-c listen_addresses=127.0.0.1',
      `-p ${port}`,
      `-k ${sockets}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c TimeZone=UTC',
      '-c max_connections=30',
      '-c shared_buffers=32MB',
    ].join(' ');
    const log = join(root, 'postgres.log');
    try {
      await run(pgCtl, ['-D', data, '-w', '-t', '60', '-l', log, '-o', serverOpts, 'start'], as);
      break;
    } catch (err) {
      if (attempt >= 3) {
        const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
        await rm(root, { recursive: true, force: true });
        throw new Error(`PostgreSQL oracle did not start: ${String(err)}\n${tail}`);
      }
    }
  }
  const clients = new Set<pg.Client>();
  return {
    port,
    async client() {
      const c = new pg.Client({ host: '127.0.0.1', port, user: PG_USER, database: 'postgres' });
      await c.connect();
      clients.add(c);
      c.on('end', () => clients.delete(c));
      return c;
    },
    async stop() {
      await Promise.all([...clients].map((c) => c.end().catch(() => undefined)));
      try {
        await run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], as);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}
