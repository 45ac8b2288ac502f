// A test-only SessionFactory implementing the session API over a few fixed statements, so the
// wire layer can be tested without the SQL engine. Statements (case-insensitive; the simple
// protocol splits a query string on ';'):
//   select <int>        one int4 row
//   echo $1 $2 ...      one row echoing the parameters (declared types, else text)
//   series <n>          n int4 rows 1..n, produced lazily (fetches are recorded)
//   types               one row of assorted types (int8, text, bool, float8, bytea, numeric, null)
//   sleep               waits until aborted, then raises 57014
//   fail                raises 42703 with a position
//   syntax              prepare raises 42601 with a position
//   notice              a command with a NOTICE and a ParameterStatus change
//   copy in             COPY FROM STDIN (text); the data lands in factory.copied
//   copy out <n>        COPY TO STDOUT of n lines
//   begin|commit|rollback, insert
import {
  EddyError,
  inFailedSqlTransaction,
  queryCanceled,
  syntaxError,
  undefinedColumn,
  undefinedDatabase,
} from '../../../src/errors/index.js';
import { Numeric } from '../../../src/repr/numeric.js';
import { ioSettings, type IoSettings } from '../../../src/repr/io/settings.js';
import { T, type Datum, type Row, type SqlType } from '../../../src/repr/index.js';
import type {
  PreparedStatement,
  ResultColumn,
  RowSource,
  Session,
  SessionFactory,
  StartupParams,
  StatementResult,
  TransactionStatus,
} from '../../../src/session/api.js';

const col = (name: string, type: SqlType): ResultColumn => ({
  name,
  type,
  tableOid: 0,
  columnNumber: 0,
});

function rowSource(rows: Row[], log?: string[]): RowSource {
  let at = 0;
  return {
    fetch(max: number) {
      log?.push(`fetch ${max}`);
      const out = rows.slice(at, at + max);
      at += out.length;
      return Promise.resolve({ rows: out, done: at >= rows.length });
    },
    close() {
      log?.push('close');
    },
  };
}

function waitAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(queryCanceled());
    signal.addEventListener('abort', () => reject(queryCanceled()), { once: true });
  });
}

export class FakeFactory implements SessionFactory {
  readonly opened: StartupParams[] = [];
  readonly sessions: FakeSession[] = [];
  readonly copied: string[] = [];
  readonly log: string[] = [];

  open(params: StartupParams): Session {
    if (params.database === 'nope') throw undefinedDatabase(params.database);
    this.opened.push(params);
    const s = new FakeSession(this);
    this.sessions.push(s);
    return s;
  }
}

export class FakeSession implements Session {
  status: TransactionStatus = 'I';
  closed = false;
  syncs = 0;
  noted = 0;
  private readonly settings = new Map<string, string>([['DateStyle', 'ISO, MDY']]);

  constructor(private readonly factory: FakeFactory) {}

  cursorColumns(): null {
    return null;
  }

  startupParameterStatus(): readonly (readonly [string, string])[] {
    return [
      ['server_version', '15.0'],
      ['client_encoding', 'UTF8'],
      ['DateStyle', 'ISO, MDY'],
    ];
  }

  prepare(sql: string, declared: readonly (SqlType | null)[]): PreparedStatement[] {
    return sql
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => this.prepareOne(s, declared, sql.indexOf(s) + 1));
  }

  private prepareOne(
    s: string,
    declared: readonly (SqlType | null)[],
    at: number,
  ): PreparedStatement {
    const words = s.toLowerCase().split(/\s+/);
    const stmt = (
      columns: ResultColumn[] | null,
      paramTypes: SqlType[] = [],
    ): PreparedStatement => ({
      sql: s,
      paramTypes,
      columns,
    });
    switch (words[0]) {
      case 'select':
        return stmt([col('?column?', T.int4)]);
      case 'echo': {
        const types = words.slice(1).map((_, i) => declared[i] ?? T.text);
        return stmt(
          types.map((t, i) => col(`p${i + 1}`, t)),
          types,
        );
      }
      case 'series':
        return stmt([col('n', T.int4)]);
      case 'types':
        return stmt([
          col('i8', T.int8),
          col('t', T.text),
          col('b', T.bool),
          col('f', T.float8),
          col('by', T.bytea),
          col('num', T.numeric),
          col('nul', T.int4),
        ]);
      case 'syntax':
        throw syntaxError('syntax error at or near "syntax"', { position: at });
      default:
        return stmt(null);
    }
  }

  async execute(
    stmt: PreparedStatement,
    params: readonly Datum[],
    signal: AbortSignal,
  ): Promise<StatementResult> {
    const words = stmt.sql.toLowerCase().split(/\s+/);
    const head = words[0]!;
    try {
      if (this.status === 'E' && head !== 'rollback' && head !== 'commit') {
        throw inFailedSqlTransaction();
      }
      return await this.run(stmt, words, params, signal);
    } catch (e) {
      if (this.status === 'T') this.status = 'E';
      throw e;
    }
  }

  private async run(
    stmt: PreparedStatement,
    words: string[],
    params: readonly Datum[],
    signal: AbortSignal,
  ): Promise<StatementResult> {
    const command = (tag: string): StatementResult => ({ kind: 'command', tag });
    const rows = (r: Row[], log?: string[]): StatementResult => ({
      kind: 'rows',
      columns: stmt.columns!,
      rows: rowSource(r, log),
      tag: (n) => `SELECT ${n}`,
    });
    switch (words[0]) {
      case 'select':
        return rows([[Number(words[1])]]);
      case 'echo':
        return rows([[...params]]);
      case 'series': {
        const n = Number(words[1]);
        return rows(
          Array.from({ length: n }, (_, i) => [i + 1]),
          this.factory.log,
        );
      }
      case 'types':
        return rows([
          [
            2n ** 62n,
            'héllo',
            true,
            1.5,
            new Uint8Array([0xde, 0xad]),
            Numeric.of(12340n, 3),
            null,
          ],
        ]);
      case 'sleep':
        return waitAbort(signal);
      case 'fail':
        throw undefinedColumn('nope', 8);
      case 'notice':
        return {
          kind: 'command',
          tag: 'SET',
          notices: [new EddyError('00000', 'hello there', { severity: 'NOTICE' })],
          parameterStatus: [['application_name', 'changed']],
        };
      case 'begin':
        this.status = 'T';
        return command('BEGIN');
      case 'commit':
      case 'rollback': {
        const tag = words[0] === 'commit' && this.status !== 'E' ? 'COMMIT' : 'ROLLBACK';
        this.status = 'I';
        return command(tag);
      }
      case 'insert':
        return command('INSERT 0 1');
      case 'copy':
        return words[1] === 'in' ? this.copyIn() : this.copyOut(Number(words[2]));
      default:
        throw syntaxError(`syntax error at or near "${words[0]}"`, { position: 1 });
    }
  }

  private copyIn(): StatementResult {
    const chunks: Buffer[] = [];
    return {
      kind: 'copyIn',
      format: 0,
      columnFormats: [0, 0],
      write: (chunk) => void chunks.push(Buffer.from(chunk)),
      end: () => {
        const text = Buffer.concat(chunks).toString('utf8');
        this.factory.copied.push(text);
        return Promise.resolve(`COPY ${text.split('\n').filter((l) => l !== '').length}`);
      },
      abort: (reason) => void this.factory.log.push(`abort ${reason}`),
    };
  }

  private copyOut(n: number): StatementResult {
    let i = 0;
    return {
      kind: 'copyOut',
      format: 0,
      columnFormats: [0],
      next: () => Promise.resolve(i < n ? Buffer.from(`${++i}\n`) : null),
      tag: () => `COPY ${n}`,
      close: () => void this.factory.log.push('copy out closed'),
    };
  }

  noteError(): void {
    this.noted++;
    if (this.status === 'T') this.status = 'E';
  }

  sync(): Promise<void> {
    this.syncs++;
    return Promise.resolve();
  }

  transactionStatus(): TransactionStatus {
    return this.status;
  }

  setting(name: string): string | undefined {
    return this.settings.get(name);
  }

  ioSettings(): IoSettings {
    return ioSettings((n) => this.setting(n));
  }

  close(): void {
    this.closed = true;
  }
}
