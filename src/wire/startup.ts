// The startup phase of a connection: SSL/GSSENC refusal, CancelRequest, protocol version
// negotiation, StartupMessage parameters (user, database, options, application_name, and any
// setting), opening the session (trust authentication), and the greeting: AuthenticationOk,
// ParameterStatus*, BackendKeyData, ReadyForQuery.
import { EddyError } from '../errors/index.js';
import type { StartupParams } from '../session/api.js';
import { cancelBackend, registerBackend } from './cancel.js';
import type { Connection } from './connection.js';

const fatal = (code: string, message: string, hint?: string): EddyError =>
  new EddyError(code, message, { severity: 'FATAL', hint });

/** Runs the startup phase; false when the connection should just close (e.g. a cancel). */
export async function runStartup(conn: Connection): Promise<boolean> {
  let sslDone = false;
  let gssDone = false;
  for (;;) {
    const p = await conn.nextStartup();
    if (p === null) return false;
    switch (p.kind) {
      case 'ssl':
      case 'gssenc': {
        // A second request of the same kind is just an unknown protocol number to PostgreSQL.
        const repeated = p.kind === 'ssl' ? sslDone : gssDone;
        if (repeated) {
          const minor = p.kind === 'ssl' ? 5679 : 5680;
          throw fatal(
            '0A000',
            `unsupported frontend protocol 1234.${minor}: server supports 3.0 to 3.0`,
          );
        }
        if (p.kind === 'ssl') sslDone = true;
        else gssDone = true;
        conn.out.refuseEncryption();
        await conn.flush();
        continue;
      }
      case 'cancel':
        cancelBackend(p.pid, p.secret);
        return false;
      case 'startup':
        break;
    }
    if (p.major !== 3) {
      throw fatal(
        '0A000',
        `unsupported frontend protocol ${p.major}.${p.minor}: server supports 3.0 to 3.0`,
      );
    }
    const unrecognized = p.params.map(([k]) => k).filter((k) => k.startsWith('_pq_.'));
    if (p.minor > 0 || unrecognized.length > 0) conn.out.negotiateProtocolVersion(0, unrecognized);
    const params = startupParams(p.params.filter(([k]) => !k.startsWith('_pq_.')));
    let session;
    try {
      session = conn.factory.open(params);
    } catch (e) {
      if (e instanceof EddyError) {
        throw new EddyError(e.code, e.message, {
          detail: e.detail,
          hint: e.hint,
          severity: 'FATAL',
        });
      }
      throw e;
    }
    conn.session = session;
    session.attachPreparedNames?.(conn.statements);
    conn.out.authenticationOk();
    for (const [name, value] of session.startupParameterStatus()) {
      conn.out.parameterStatus(name, value);
    }
    conn.cancelKey = registerBackend(() => conn.cancel());
    conn.out.backendKeyData(conn.cancelKey.pid, conn.cancelKey.secret);
    conn.out.readyForQuery(session.transactionStatus());
    await conn.flush();
    return true;
  }
}

/** user, database (defaults to user) and every other parameter as a setting. */
export function startupParams(pairs: readonly (readonly [string, string])[]): StartupParams {
  let user: string | undefined;
  let database: string | undefined;
  const options: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (name === 'user') user = value;
    else if (name === 'database') database = value;
    else if (name === 'options') Object.assign(options, parseCommandLineOptions(value));
    else options[name] = value;
  }
  if (user === undefined || user === '') {
    throw fatal('28000', 'no PostgreSQL user name specified in startup packet');
  }
  return { user, database: database === undefined || database === '' ? user : database, options };
}

/**
 * The `options` startup parameter: command-line switches, split on whitespace with backslash
 * escapes (PostgreSQL's pg_split_opts). Only `-c name=value` and `--name=value` are accepted.
 */
export function parseCommandLineOptions(s: string): Record<string, string> {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if (ch === '\\' && i + 1 < s.length) {
      cur += s[++i]!;
      inWord = true;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);

  const out: Record<string, string> = {};
  const setting = (arg: string, flag: string): void => {
    const eq = arg.indexOf('=');
    if (eq < 0) {
      throw fatal(
        '42601',
        flag === '-c' ? `-c ${arg} requires a value` : `--${arg} requires a value`,
      );
    }
    out[arg.slice(0, eq).replace(/-/g, '_')] = arg.slice(eq + 1);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-c') {
      const next = words[++i];
      if (next === undefined) throw invalidArgument(w);
      setting(next, '-c');
    } else if (w.startsWith('-c')) setting(w.slice(2), '-c');
    else if (w.startsWith('--') && w.length > 2) setting(w.slice(2), '--');
    else throw invalidArgument(w);
  }
  return out;
}

function invalidArgument(arg: string): EddyError {
  return fatal(
    '42601',
    `invalid command-line argument for server process: ${arg}`,
    'Try "postgres --help" for more information.',
  );
}
