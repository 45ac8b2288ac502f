// The engine: one per server. Owns durable storage, the catalog and the timeline of ticks, and
// commits transactions. Data commits are group commits: the transactions that finish in the same
// turn of the event loop share one LMDB write transaction and one tick, so one disk sync serves
// them all; each is validated on its own (a unique violation fails only that transaction).
//
// Every tick also maintains the materialized views (views/maintainer.ts): the tables' changes
// flow through every view inside the same LMDB transaction, so a sealed tick holds the tables
// and all views at one point of the input, and a SELECT (one snapshot) never sees them disagree.
import {
  EddyError,
  invalidCatalogName,
  serializationFailure,
  uniqueViolation,
} from '../errors/index.js';
import { exactRowKey, type Diff, type Row } from '../repr/index.js';
import { ViewMaintainer } from './views/maintainer.js';
import { Sequences } from './sequences.js';
import { ChangeFeed } from './subscribe/feed.js';
import type { Streaming } from './streaming/streaming.js';
import { sourceLog } from './streaming/source-log-reader.js';
import type { Changes } from './views/maintained.js';
import { duplicateKey } from './constraints.js';
import type { Session, SessionFactory, StartupParams } from './api.js';
import { Catalog, type CatalogChange } from './catalog/catalog.js';
import type { EngineStore, StoreSnapshot, StoreTxn } from './store-api.js';
import type { TxnWrites } from './txn.js';

export interface CommitOps {
  readonly writes?: TxnWrites;
  readonly catalog?: readonly CatalogChange[];
  readonly createTables?: readonly string[];
  readonly dropTables?: readonly string[];
  /** More to write in the same transaction (e.g. a new sink's first output). */
  readonly extra?: (txn: StoreTxn, tick: number) => void;
}

export interface PendingCommit {
  readonly writes: TxnWrites;
  /** More to write in the same LMDB transaction (a source's offsets and decode errors). */
  readonly extra?: (txn: StoreTxn, tick: number) => void;
  resolve(tick: number): void;
  reject(e: unknown): void;
}

/**
 * What sources and sinks need from every tick (src/session/streaming.ts): which relations' changes
 * sinks write, and a hook inside the tick's LMDB transaction to stage them.
 */
export interface TickHook {
  reads(id: string): boolean;
  /** Inside the tick's transaction, after the views were maintained. */
  onTick(txn: StoreTxn, tick: number, changes: ReadonlyMap<string, Changes>): void;
  /** After the tick's transaction committed. */
  afterCommit(tick: number): void;
  /** After a catalog change was applied (sources and sinks created or dropped). */
  catalogChanged(): void;
  close(): Promise<void>;
}

/**
 * What a session uses of its engine: the writer's Engine, or the read-only engine of a reader
 * process (src/session/replica), whose write paths refuse with 25006.
 */
export interface SessionEngine {
  /** Every transaction is read-only: the engine of a reader process. */
  readonly readOnly: boolean;
  readonly catalog: Catalog;
  readonly views: Pick<ViewMaintainer, 'whenReady'>;
  readonly streaming: Streaming | null;
  readonly feed: ChangeFeed;
  readonly sequences: Sequences;
  readonly sealedTick: number;
  readonly startedAt: Date;
  /** Called as each statement starts (a reader takes in the writer's commits there). */
  statementStart(): void;
  newRowId(): number;
  commitWrites(writes: TxnWrites, extra?: PendingCommit['extra']): Promise<number>;
  commit(ops: CommitOps): number;
  writeAux(fn: (txn: StoreTxn) => void): void;
  meta(key: string): number | string | undefined;
  snapshot(): StoreSnapshot;
  encodeKey(datums: Parameters<EngineStore['encodeKey']>[0]): Uint8Array;
  sessionClosed(s: Session): void;
}

/**
 * What the writer's engine and a reader process's share: the store's reads, and the sessions
 * they open (refusing an unknown database). Subclasses are SessionEngines.
 */
export abstract class EngineBase {
  abstract readonly catalog: Catalog;
  private readonly sessions = new Set<Session>();

  constructor(
    protected readonly store: EngineStore,
    private readonly makeSession: (engine: SessionEngine, params: StartupParams) => Session,
  ) {}

  /** Durable metadata (a source's progress, this server's identity). */
  meta(key: string): number | string | undefined {
    return this.store.meta(key);
  }

  snapshot(): StoreSnapshot {
    return this.store.snapshot();
  }

  encodeKey(datums: Parameters<EngineStore['encodeKey']>[0]): Uint8Array {
    return this.store.encodeKey(datums);
  }

  sessionFactory(): SessionFactory {
    return {
      open: (params: StartupParams): Session => {
        if (this.catalog.database(params.database) === undefined)
          throw invalidCatalogName(`database "${params.database}" does not exist`, {
            severity: 'FATAL',
          });
        const s = this.makeSession(this as unknown as SessionEngine, params);
        this.sessions.add(s);
        return s;
      },
    };
  }

  sessionClosed(s: Session): void {
    this.sessions.delete(s);
  }

  activeSessions(): number {
    return this.sessions.size;
  }

  /** Closes every open session. */
  protected closeSessions(): void {
    for (const s of [...this.sessions]) s.close();
  }
}

export class Engine extends EngineBase implements SessionEngine {
  readonly readOnly = false;
  readonly catalog: Catalog;
  readonly views: ViewMaintainer;
  /** Sinks (and anything else that must see every tick's changes in its transaction). */
  tickHook: TickHook | null = null;
  /** Sources and sinks at run time (set by the server; also the tick hook). */
  streaming: Streaming | null = null;
  /** Each sealed tick's changes, for SUBSCRIBE. */
  readonly feed = new ChangeFeed();
  readonly sequences = new Sequences({
    meta: (key) => this.meta(key),
    writeAux: (fn) => this.writeAux(fn),
  });
  private lastTick: number;
  private nextRowId: number;
  readonly startedAt = new Date();

  constructor(
    store: EngineStore,
    makeSession: (engine: SessionEngine, params: StartupParams) => Session,
  ) {
    super(store, makeSession);
    let records = store.loadCatalog();
    if (records.length === 0) {
      records = Catalog.bootstrap();
      store.write((txn) => {
        for (const r of records) txn.putCatalog(r);
      });
    }
    this.catalog = new Catalog(records);
    store.readLogsWith(sourceLog(this.catalog));
    this.views = new ViewMaintainer(this.catalog, () => store.snapshot());
    this.lastTick = Number(store.meta('lastTick') ?? 0);
    this.nextRowId = Number(store.meta('nextRowId') ?? 1);
    let restart = (): void => {};
    store.write((txn) => {
      restart = this.views.restartHydration(txn);
    });
    restart();
    this.scheduleHydration();
  }

  private hydrationScheduled = false;
  private closed = false;

  /** Feeds hydrating views a slice at a time, each in its own transaction between other ticks. */
  private scheduleHydration(): void {
    if (this.hydrationScheduled || this.closed || !this.views.hydrating) return;
    this.hydrationScheduled = true;
    setImmediate(() => {
      this.hydrationScheduled = false;
      if (this.closed) return;
      let done: string[] = [];
      try {
        const slices = this.views.readSlices();
        this.store.write((txn) => {
          done = this.views.feedSlices(txn, slices, this.lastTick);
        });
      } catch (e) {
        this.views.failed(e);
        return;
      }
      this.views.finished(done);
      this.scheduleHydration();
    });
  }

  statementStart(): void {}

  /** The latest sealed tick. */
  get sealedTick(): number {
    return this.lastTick;
  }

  newRowId(): number {
    return this.nextRowId++;
  }

  private nextTick(): number {
    const now = Date.now();
    this.lastTick = now > this.lastTick ? now : this.lastTick + 1;
    return this.lastTick;
  }

  private readonly queue: PendingCommit[] = [];

  /** Whether a view's changes are read outside the views: by a subscription or a sink. */
  private readonly wanted = (viewId: string): boolean =>
    this.feed.size > 0 || (this.tickHook?.reads(viewId) ?? false);
  private flushScheduled = false;

  /**
   * Commits a transaction's writes; resolves with the tick once it is durable. Commits queued in
   * the same event-loop turn share the tick and the LMDB transaction.
   */
  commitWrites(writes: TxnWrites, extra?: PendingCommit['extra']): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ writes, resolve, reject, ...(extra === undefined ? {} : { extra }) });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    const tick = this.nextTick();
    const rowIdHigh = this.nextRowId;
    const failed = new Map<PendingCommit, EddyError>();
    const deltas = new Map<string, [Row, Diff][]>();
    let viewChanges = new Map<string, Changes>();
    try {
      this.store.write((txn) => {
        for (const entry of batch) {
          const conflict = this.conflict(txn, entry.writes);
          if (conflict !== null) failed.set(entry, conflict);
          else {
            this.applyWrites(txn, entry.writes, [], deltas);
            entry.extra?.(txn, tick);
          }
        }
        viewChanges = this.views.maintain(txn, tick, deltas, this.wanted);
        this.hookTick(txn, tick, deltas, viewChanges);
        txn.setMeta('lastTick', tick);
        txn.setMeta('nextRowId', rowIdHigh);
      });
    } catch (e) {
      for (const entry of batch) entry.reject(e);
      return;
    }
    for (const entry of batch) if (!failed.has(entry)) this.sequencesCommitted(entry.writes);
    this.feed.publish(tick, deltas, viewChanges);
    this.tickHook?.afterCommit(tick);
    for (const entry of batch) {
      const err = failed.get(entry);
      if (err !== undefined) entry.reject(err);
      else entry.resolve(tick);
    }
  }

  /**
   * Why a transaction cannot commit now, if it cannot: a row it changed was changed by another
   * transaction since it read it (40001), or a key it inserted was committed first (23505).
   */
  private conflict(txn: StoreTxn, writes: TxnWrites): EddyError | null {
    for (const [tableId, rows] of writes.basedOn) {
      if (this.catalog.get(tableId) === undefined) continue;
      for (const { key, row } of rows.values()) {
        const now = txn.getRow(tableId, key);
        if (now === undefined || exactRowKey(now) !== exactRowKey(row))
          return serializationFailure('could not serialize access due to concurrent update');
      }
    }
    for (const [tableId, rows] of writes.tables) {
      if (this.catalog.get(tableId) === undefined) continue;
      for (const p of rows.values()) {
        if (p.row !== null && p.newness === 'checked' && txn.hasRow(tableId, p.key))
          return this.duplicateKey(tableId, p.row);
      }
    }
    return null;
  }

  /** Applies a transaction's writes; the changes of tables views read go to `deltas`. */
  private applyWrites(
    txn: StoreTxn,
    writes: TxnWrites,
    creating: readonly string[],
    deltas: Map<string, [Row, Diff][]>,
  ): void {
    // Writes to a table dropped meanwhile are dropped with it.
    const live = (tableId: string): boolean =>
      this.catalog.get(tableId) !== undefined || creating.includes(tableId);
    for (const [tableId, rows] of writes.tables) {
      if (!live(tableId)) continue;
      const delta = this.deltaOf(tableId, deltas);
      for (const p of rows.values()) {
        if (delta !== undefined) {
          // A key that must be new was checked to be absent (conflict), a fresh row id never
          // held a row: no old row to retract.
          const old = p.newness === 'maybe' ? txn.getRow(tableId, p.key) : undefined;
          if (old !== undefined) delta.push([old, -1]);
          if (p.row !== null) delta.push([p.row, 1]);
        }
        if (p.row === null) txn.deleteRow(tableId, p.key);
        else if (p.newness === 'fresh') txn.putNewRow(tableId, p.key, p.row);
        else txn.putRow(tableId, p.key, p.row);
      }
    }
    for (const [tableId, { rows, chunks }] of writes.appended) {
      if (!live(tableId)) continue;
      const delta = this.deltaOf(tableId, deltas);
      if (delta !== undefined) for (const row of rows) delta.push([row, 1]);
      for (const { key, bytes } of chunks) txn.putChunk(tableId, key, bytes);
    }
    for (const [id, at] of writes.sequences) {
      const q = this.catalog.get(id);
      if (q?.kind === 'sequence') this.sequences.commitIn(txn, q, at);
    }
  }

  /** After the commit of `writes`: the sequence positions it restarted are in place. */
  private sequencesCommitted(writes: TxnWrites): void {
    for (const [id, at] of writes.sequences) {
      const q = this.catalog.get(id);
      if (q?.kind === 'sequence') this.sequences.committed(q, at);
    }
  }

  /** Where a table's changes go if a view, subscription or sink reads it (else undefined). */
  private deltaOf(tableId: string, deltas: Map<string, [Row, Diff][]>): [Row, Diff][] | undefined {
    if (
      !this.views.reads(tableId) &&
      !this.feed.watches(tableId) &&
      this.tickHook?.reads(tableId) !== true
    )
      return undefined;
    let delta = deltas.get(tableId);
    if (delta === undefined) deltas.set(tableId, (delta = []));
    return delta;
  }

  /**
   * Commits a catalog change (DDL, with any rows it implies) in one durable transaction at a
   * new tick, synchronously; returns the tick.
   */
  commit(ops: CommitOps): number {
    const tick = this.nextTick();
    const rowIdHigh = this.nextRowId;
    let prepared = (): void => {};
    const deltas = new Map<string, [Row, Diff][]>();
    let viewChanges = new Map<string, Changes>();
    this.store.write((txn) => {
      for (const id of ops.createTables ?? []) txn.createTable(id);
      prepared = this.views.prepare(txn, ops.catalog ?? []);
      for (const c of ops.catalog ?? []) {
        if (c.kind === 'put') txn.putCatalog(c.record);
        else txn.deleteCatalog(c.record);
      }
      if (ops.writes !== undefined) {
        const conflict = this.conflict(txn, ops.writes);
        if (conflict !== null) throw conflict;
        this.applyWrites(txn, ops.writes, ops.createTables ?? [], deltas);
        viewChanges = this.views.maintain(txn, tick, deltas, this.wanted);
      }
      ops.extra?.(txn, tick);
      this.hookTick(txn, tick, deltas, viewChanges);
      for (const id of ops.dropTables ?? []) txn.dropTable(id);
      txn.setMeta('lastTick', tick);
      txn.setMeta('nextRowId', rowIdHigh);
    });
    if (ops.catalog !== undefined) {
      this.catalog.apply(ops.catalog);
      this.tickHook?.catalogChanged();
    }
    if (ops.writes !== undefined) this.sequencesCommitted(ops.writes);
    prepared();
    this.scheduleHydration();
    this.feed.publish(tick, deltas, viewChanges);
    this.tickHook?.afterCommit(tick);
    return tick;
  }

  /** Hands a tick's table and view changes to the tick hook, inside its transaction. */
  private hookTick(
    txn: StoreTxn,
    tick: number,
    deltas: ReadonlyMap<string, [Row, Diff][]>,
    viewChanges: ReadonlyMap<string, Changes>,
  ): void {
    const hook = this.tickHook;
    if (hook === null) return;
    const all = new Map<string, Changes>(viewChanges);
    for (const [id, rows] of deltas) if (hook.reads(id)) all.set(id, { rows, errors: [] });
    hook.onTick(txn, tick, all);
  }

  /** A unique violation found at commit: another transaction committed the key first. */
  private duplicateKey(tableId: string, row: Row): EddyError {
    const t = this.catalog.get(tableId);
    return t?.kind === 'table'
      ? duplicateKey(t, row)
      : uniqueViolation('duplicate key value violates unique constraint');
  }

  /**
   * A durable write outside the timeline (no tick, nothing a reader sees): bookkeeping such as a
   * sink's outbox cleanup after Kafka committed.
   */
  writeAux(fn: (txn: StoreTxn) => void): void {
    this.store.write(fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.tickHook?.close();
    this.views.close();
    this.closeSessions();
    this.sequences.flush();
    await this.store.close();
  }
}

export { EddyError };
