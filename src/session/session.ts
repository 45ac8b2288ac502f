// A client session: prepares and executes statements, keeps settings and the transaction state.
//
// Transactions: outside an explicit BEGIN, the statements up to the next Sync (or the end of a
// simple-query string) form one implicit transaction, as in PostgreSQL: committed together at
// sync(), discarded together if one fails. Inside BEGIN ... COMMIT, writes become visible to
// others atomically at COMMIT. Reads see the latest committed state plus the transaction's own
// writes (read committed). DDL takes effect immediately.
import { quoteIdent } from './system/quote.js';
import { procName } from './system/pg-proc.js';
import { Savepoints } from './savepoints.js';
import { cancellableSleep, parseDuration } from './timing.js';
import type { SqlCursor } from './exec/cursor.js';
import { lookupView, readView } from './views/storage.js';
import {
  EddyError,
  inFailedSqlTransaction,
  queryCanceled,
  readOnlySqlTransaction,
  toEddyError,
} from '../errors/index.js';
import { readOnly } from './exec/read-only.js';
import type { Datum, Row, SqlType } from '../repr/index.js';
import type { IoSettings } from '../repr/io/settings.js';
import type { EvalContext } from '../expr/signature.js';
import { tagOf, type Node } from '../sql/ast.js';
import { parseStatements } from '../sql/parser.js';
import { regName } from '../sql/coerce.js';
import type {
  PreparedNames,
  PreparedStatement,
  Session,
  StartupParams,
  StatementResult,
  TransactionStatus,
  ResultColumn,
} from './api.js';
import { SessionCatalog } from './catalog-reader.js';
import type { SessionEngine } from './engine.js';
import { nowMicros, StatementContext } from './eval-context.js';
import { Prepared } from './prepared.js';
import { Settings } from './settings.js';
import type { StoreSnapshot } from './store-api.js';
import { TxnWrites } from './txn.js';
import { describeStatement, executeStatement } from './exec/dispatch.js';
import { systemRelationById } from './system/registry.js';
import type { ExecEnv } from './exec/query.js';
import type { CatalogSessionInfo } from './system/session-lookup.js';

const TXN_READ_ONLY = 'transaction_read_only';

type TxnState = 'idle' | 'implicit' | 'explicit' | 'failed';

let nextPid = 1000;

export class EddySession implements Session {
  readonly settings: Settings;
  readonly database: string;
  readonly user: string;
  readonly pid = nextPid++;
  private state: TxnState = 'idle';
  private implicitFailed = false;
  writes = new TxnWrites();
  savepoints = new Savepoints();
  /** The connection's named prepared statements, for DEALLOCATE (none without a connection). */
  preparedNames: PreparedNames = new Map<string, never>();
  private txnStart = nowMicros();
  /** currval: the value nextval last returned here, by sequence id; lastval's sequence. */
  private readonly sequenceValues = new Map<string, bigint>();
  private lastSequence: string | undefined;
  private closed = false;

  constructor(
    readonly engine: SessionEngine,
    params: StartupParams,
  ) {
    this.database = params.database;
    this.user = params.user;
    this.settings = new Settings({
      ...startupOverrides(params.options),
      ...(engine.readOnly ? { in_hot_standby: 'on', default_transaction_read_only: 'on' } : {}),
    });
  }

  /** READ ONLY (true) or READ WRITE of the transaction block; null outside one. */
  private txnReadOnly: boolean | null = null;

  /** Whether the statement running now may not write (25006 if it tries). */
  readOnly(): boolean {
    return (
      this.engine.readOnly ||
      (this.txnReadOnly ?? this.settings.get('default_transaction_read_only') === 'on')
    );
  }

  /**
   * SET TRANSACTION READ ONLY / READ WRITE, BEGIN's mode, SET transaction_read_only: a warning
   * outside a transaction block (where it has no effect), as in PostgreSQL.
   */
  setTransactionReadOnly(on: boolean): EddyError | null {
    if (!on && this.engine.readOnly)
      throw readOnlySqlTransaction('cannot set transaction read-write mode during recovery');
    if (this.txnReadOnly === null)
      return new EddyError('25P01', 'SET TRANSACTION can only be used in transaction blocks', {
        severity: 'WARNING',
      });
    this.txnReadOnly = on;
    return null;
  }

  startupParameterStatus(): readonly (readonly [string, string])[] {
    return this.settings.reported();
  }

  /** A setting's value; transaction_read_only's is the mode in effect (as in PostgreSQL). */
  setting(name: string): string | undefined {
    if (name.length === TXN_READ_ONLY.length && name.toLowerCase() === TXN_READ_ONLY)
      return this.readOnly() ? 'on' : 'off';
    return this.settings.get(name);
  }

  /** Every setting with the value in effect (SHOW ALL, pg_settings). */
  allSettings(): { name: string; setting: string; description: string }[] {
    return this.settings.all().map((x) => ({ ...x, setting: this.setting(x.name) ?? x.setting }));
  }

  ioSettings(): IoSettings {
    const base = this.settings.io();
    if (this.io?.base !== base) {
      const regNames = (kind: string, oid: number): string =>
        regName(kind, oid, this.evalContext());
      this.io = { base, full: { ...base, regName: regNames } };
    }
    return this.io.full;
  }

  /** The I/O settings with the catalog's names for reg* OIDs, kept while the settings last. */
  private io: { base: IoSettings; full: IoSettings } | undefined;

  transactionStatus(): TransactionStatus {
    return this.state === 'explicit' ? 'T' : this.state === 'failed' ? 'E' : 'I';
  }

  get inExplicitTransaction(): boolean {
    return this.state === 'explicit' || this.state === 'failed';
  }

  catalogReader(): SessionCatalog {
    return new SessionCatalog(
      this.engine.catalog,
      this.database,
      this.user,
      () => this.settings.get('search_path') ?? 'public',
    );
  }

  evalContext(onSleep: (seconds: number) => void = () => undefined): EvalContext {
    return new StatementContext(
      (n) => this.setting(n),
      this.txnStart,
      nowMicros(),
      () => this.sessionInfo(onSleep),
    );
  }

  /** What the executor needs to run one statement against a snapshot. */
  execEnv(snapshot: StoreSnapshot, signal: AbortSignal): ExecEnv {
    let sleepMs = 0;
    return {
      evalCtx: this.evalContext((sec) => {
        sleepMs += Math.max(0, sec) * 1000;
      }),
      readRelation: (id, lookup, index) =>
        id.startsWith('key:')
          ? this.keyedRows(snapshot, id.slice(4), lookup)
          : this.readRelation(snapshot, id, lookup, index),
      signal,
      afterEvaluation: () => (sleepMs > 0 ? cancellableSleep(sleepMs, signal) : Promise.resolve()),
    };
  }

  /** A table's rows with their storage key appended (for UPDATE / DELETE). */
  private *keyedRows(
    snapshot: StoreSnapshot,
    tableId: string,
    lookup?: readonly (readonly Datum[])[],
  ): Iterable<Row> {
    for (const [key, row] of this.tableRows(snapshot, tableId, lookup)) yield [...row, key];
  }

  /** A table's [key, row] pairs as this session sees them, all or only the looked-up keys. */
  private *tableRows(
    snapshot: StoreSnapshot,
    tableId: string,
    lookup?: readonly (readonly Datum[])[],
  ): Iterable<readonly [Uint8Array, Row]> {
    if (lookup === undefined) {
      yield* this.writes.scan(snapshot, tableId);
      return;
    }
    const seen = new Set<string>();
    for (const values of lookup) {
      const key = this.engine.encodeKey(values);
      const hex = Buffer.from(key).toString('hex');
      if (seen.has(hex)) continue;
      seen.add(hex);
      const row = this.writes.get(snapshot, tableId, key);
      if (row !== undefined) yield [key, row];
    }
  }

  private sessionInfo(onSleep: (seconds: number) => void): CatalogSessionInfo {
    const catalog = this.engine.catalog;
    const reader = this.catalogReader();
    return {
      catalog,
      database: this.database,
      user: this.user,
      backendPid: this.pid,
      searchPath: () => reader.searchPath(),
      setSetting: (name, value) => {
        this.settings.set(name, value);
        return this.settings.get(name) ?? value;
      },
      relationName: (oid) => {
        const r = reader.relationByOid(oid);
        if (r === undefined) return undefined;
        const visible = reader.resolveRelation(null, r.name)?.oid === oid;
        return visible ? quoteIdent(r.name) : `${quoteIdent(r.schema)}.${quoteIdent(r.name)}`;
      },
      procName,
      relationVisible: (oid) => {
        const r = reader.relationByOid(oid);
        return r !== undefined && reader.resolveRelation(null, r.name)?.oid === oid;
      },
      columnDefault: (relOid, attnum) => {
        const r = catalog.byOidLookup(relOid);
        return r !== undefined && (r.kind === 'table' || r.kind === 'view')
          ? (r.columns[attnum - 1]?.defaultSql ?? undefined)
          : undefined;
      },
      viewDefinition: (oid) => {
        const r = catalog.byOidLookup(oid);
        return r?.kind === 'view' || r?.kind === 'materialized-view' ? ` ${r.sql};` : undefined;
      },
      requestSleep: onSleep,
      sequence: (oid) => {
        const q = catalog.byOidLookup(oid);
        if (q?.kind !== 'sequence') {
          const name = reader.relationByOid(oid)?.name;
          throw name === undefined
            ? new EddyError('42P01', `could not open relation with OID ${oid}`)
            : new EddyError('42809', `"${name}" is not a sequence`);
        }
        const sequences = this.engine.sequences;
        return {
          next: () => {
            if (this.readOnly()) throw readOnly('nextval()');
            const own = this.writes.sequences.get(q.id);
            const v = own === undefined ? sequences.next(q) : sequences.nextOf(q, own);
            this.sequenceValues.set(q.id, v);
            this.lastSequence = q.id;
            return v;
          },
          current: () => {
            const v = this.sequenceValues.get(q.id);
            if (v === undefined)
              throw new EddyError(
                '55000',
                `currval of sequence "${q.name}" is not yet defined in this session`,
              );
            return v;
          },
          set: (value, called) => {
            if (this.readOnly()) throw readOnly('setval()');
            const own = this.writes.sequences.get(q.id);
            if (own === undefined) sequences.set(q, value, called);
            else sequences.setOf(q, own, value, called);
            if (called) this.sequenceValues.set(q.id, value);
            return value;
          },
        };
      },
      lastval: () => {
        const id = this.lastSequence;
        const v = id === undefined ? undefined : this.sequenceValues.get(id);
        if (v === undefined || catalog.get(id!)?.kind !== 'sequence')
          throw new EddyError('55000', 'lastval is not yet defined in this session');
        return v;
      },
      schemaName: (oid) => {
        if (oid === 11) return 'pg_catalog';
        if (oid === 13_000) return 'information_schema';
        return catalog.schemas(this.database).find((x) => x.oid === oid)?.name;
      },
    };
  }

  /** Reads a relation's rows as this session sees them now. */
  readRelation(
    snapshot: StoreSnapshot,
    id: string,
    lookup?: readonly (readonly Datum[])[],
    index?: string,
  ): Iterable<Row> {
    const sys = systemRelationById(id);
    if (sys !== undefined) {
      return sys.rows({
        catalog: this.engine.catalog,
        database: this.database,
        user: this.user,
        setting: (n) => this.setting(n),
        settings: () => this.allSettings(),
        backendPid: this.pid,
        serverStart: this.engine.startedAt,
        streaming: this.engine.streaming,
        snapshot,
        sequences: this.engine.sequences,
      });
    }
    const catalog = this.engine.catalog;
    const rec = catalog.get(id);
    if (rec?.kind === 'sequence')
      return [this.engine.sequences.row(rec, this.writes.sequences.get(rec.id))];
    if (rec?.kind === 'materialized-view') {
      const ix = index === undefined ? undefined : catalog.get(index);
      const width = rec.columns.length;
      return lookup !== undefined && ix?.kind === 'index'
        ? lookupView(
            snapshot,
            id,
            ix.inContents === true ? id : ix.id,
            ix.unique === true,
            lookup,
            width,
          )
        : readView(snapshot, id, width);
    }
    return mapRows(this.tableRows(snapshot, id, lookup));
  }

  prepare(
    sql: string,
    declared: readonly (SqlType | null)[],
    options: { readonly describe?: boolean } = {},
  ): PreparedStatement[] {
    this.engine.statementStart();
    const stmts = parseStatements(sql);
    return stmts.map((s) => {
      if (options.describe === false) return new Prepared(sql, s.ast, tagOf(s.ast)[0], [], null);
      const d = describeStatement(this, s.ast, sql, declared);
      return new Prepared(sql, s.ast, tagOf(s.ast)[0], d.paramTypes, d.columns);
    });
  }

  async execute(
    stmt: PreparedStatement,
    params: readonly Datum[],
    signal: AbortSignal,
  ): Promise<StatementResult> {
    if (!(stmt instanceof Prepared))
      throw new EddyError('XX000', 'internal error: foreign prepared statement');
    if (this.state === 'failed' && !isTransactionEnd(stmt.ast)) throw inFailedSqlTransaction();
    this.engine.statementStart();
    if (this.state === 'idle') {
      this.state = 'implicit';
      this.txnStart = nowMicros();
    }
    // statement_timeout: the statement's signal also fires when the timeout expires (without
    // one, the caller's signal is the statement's).
    const timeoutMs = this.settings.derived('statement_timeout ms', () =>
      parseDuration(this.settings.get('statement_timeout') ?? '0'),
    );
    const controller = timeoutMs > 0 ? new AbortController() : null;
    const forward = (): void => controller?.abort();
    if (controller !== null) signal.addEventListener('abort', forward, { once: true });
    let timedOut = false;
    const timer =
      controller !== null
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    try {
      if (signal.aborted) throw queryCanceled();
      // Yield once so a CancelRequest that arrived with the query can take effect.
      await Promise.resolve();
      return await executeStatement(this, stmt, params, controller?.signal ?? signal);
    } catch (e) {
      this.noteError();
      const err = toEddyError(e);
      if (timedOut && err.code === '57014')
        throw new EddyError('57014', 'canceling statement due to statement timeout');
      throw err;
    } finally {
      if (controller !== null) {
        clearTimeout(timer);
        signal.removeEventListener('abort', forward);
      }
    }
  }

  noteError(): void {
    if (this.state === 'explicit') this.state = 'failed';
    else if (this.state === 'implicit') this.implicitFailed = true;
  }

  async sync(): Promise<void> {
    if (this.state !== 'implicit') return;
    const writes = this.writes;
    const commit = !this.implicitFailed && !writes.isEmpty();
    this.resetTxn();
    if (commit) await this.engine.commitWrites(writes);
  }

  // ---- transaction control (used by the statement executors) ----

  begin(): EddyError | null {
    if (this.state === 'explicit' || this.state === 'failed') {
      return new EddyError('25001', 'there is already a transaction in progress', {
        severity: 'WARNING',
      });
    }
    this.state = 'explicit';
    this.txnReadOnly = this.settings.get('default_transaction_read_only') === 'on';
    this.txnStart = nowMicros();
    return null;
  }

  /** COMMIT: returns the command tag (ROLLBACK if the transaction had failed). */
  async commit(): Promise<{ tag: string; warning: EddyError | null }> {
    if (this.state === 'failed') {
      this.resetTxn();
      return { tag: 'ROLLBACK', warning: null };
    }
    if (this.state !== 'explicit') {
      return {
        tag: 'COMMIT',
        warning: new EddyError('25P01', 'there is no transaction in progress', {
          severity: 'WARNING',
        }),
      };
    }
    const writes = this.writes;
    this.resetTxn();
    if (!writes.isEmpty()) await this.engine.commitWrites(writes);
    return { tag: 'COMMIT', warning: null };
  }

  /** ROLLBACK TO SAVEPOINT: back to the savepoint's writes; a failed block is usable again. */
  rollbackTo(name: string): void {
    this.writes.restore(this.savepoints.rollbackTo(name));
    if (this.state === 'failed') this.state = 'explicit';
  }

  rollback(): EddyError | null {
    const was = this.state;
    this.resetTxn();
    if (was !== 'explicit' && was !== 'failed') {
      return new EddyError('25P01', 'there is no transaction in progress', { severity: 'WARNING' });
    }
    return null;
  }

  /** SQL-level cursors (DECLARE) of the transaction block, by name. */
  readonly cursors = new Map<string, SqlCursor>();

  cursorColumns(name: string): readonly ResultColumn[] | null {
    return this.cursors.get(name)?.columns ?? null;
  }

  attachPreparedNames(names: PreparedNames): void {
    this.preparedNames = names;
  }

  closeCursors(): void {
    if (this.cursors.size === 0) return;
    for (const c of this.cursors.values()) c.rows.close();
    this.cursors.clear();
  }

  private resetTxn(): void {
    this.closeCursors();
    this.state = 'idle';
    this.txnReadOnly = null;
    this.implicitFailed = false;
    // A read-only transaction (most) leaves nothing to discard.
    if (!this.writes.isUnused()) this.writes = new TxnWrites();
    if (!this.savepoints.isEmpty) this.savepoints = new Savepoints();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.resetTxn();
    this.engine.sessionClosed(this);
  }
}

function* mapRows(it: Iterable<readonly [Uint8Array, Row]>): Iterable<Row> {
  for (const [, row] of it) yield row;
}

function isTransactionEnd(ast: Node): boolean {
  const [tag, body] = tagOf(ast);
  if (tag !== 'TransactionStmt') return false;
  const kind = String(body.kind ?? '');
  return (
    kind === 'TRANS_STMT_COMMIT' ||
    kind === 'TRANS_STMT_ROLLBACK' ||
    kind === 'TRANS_STMT_ROLLBACK_TO' ||
    kind === 'TRANS_STMT_PREPARE'
  );
}

/** Settings passed in the startup packet (options '-c name=value' and known parameters). */
function startupOverrides(options: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) {
    if (k === 'options') {
      for (const m of v.matchAll(/(?:-c\s*|--)([\w.]+)=(\S+)/g)) out[m[1]!] = m[2]!;
    } else if (k !== 'user' && k !== 'database' && k !== 'replication') {
      out[k] = v;
    }
  }
  return out;
}
