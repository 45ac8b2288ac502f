// Store: Eddy's state in one LMDB environment (see ARCHITECTURE.md, "State lives in LMDB").
//
//   const store = Store.open(dir);
//   store.write((tx) => { tx.insert('t1', row); tx.setLastSealedTick(tick); }); // one tick
//   const snap = store.snapshot(); … snap.scan('t1') … snap.release();
//   await store.close();
//
// Writes: store.write(fn) runs fn inside ONE synchronous LMDB write transaction and commits it
// durably (fsync before returning; overlappingSync is off) or rolls it back if fn throws. That
// is the one-transaction-per-tick of the architecture. There is one writer: write() is not
// re-entrant.
//
// Reads: a Snapshot holds an LMDB read transaction, so every read through it sees one committed
// state however many writes commit meanwhile. It must be released; long-held snapshots keep
// LMDB from reusing freed pages. Snapshots cannot be read inside write()'s callback (lmdb-js
// would silently read the write transaction instead); read through the WriteTxn there.
//
// Table data lives in one named database per table. Dropping empties it in the dropping
// transaction (freeing its pages); the empty database is removed after a later commit when no
// snapshot is open, because LMDB invalidates a dropped database's handle under older readers.
import { open } from 'lmdb';
import { internalError } from '../errors/index.js';
import { StoreReader } from './reader.js';
import {
  META_CATALOG_SEQ,
  META_COMMIT_SEQ,
  newCommittedState,
  openTableDb,
  type CatalogValue,
  type CommittedState,
  type ReadTxn,
  type StoreState,
  type TableState,
} from './state.js';
import { WriteTxn } from './write-txn.js';

export interface StoreOptions {
  /** Most named databases (tables + fixed ones); cheap to raise. Default 10,000. */
  readonly maxDbs?: number;
  /** Most concurrently open read transactions (snapshots, across processes). Default 1,024. */
  readonly maxReaders?: number;
}

/** A consistent read view of committed state; release() it when done. */
export class Snapshot extends StoreReader {
  private released = false;
  /** Its place among the store's open snapshots. */
  slot = -1;

  constructor(
    state: StoreState,
    txn: ReadTxn,
    private readonly committed: CommittedState,
    private readonly onRelease: (s: Snapshot) => void,
  ) {
    super(state, txn, committed.live);
  }

  /**
   * `compute()`'s value, computed once per committed state: the snapshots of one state share it
   * (compute must read only through this snapshot and depend only on what it reads).
   */
  memo<T>(key: string, compute: () => T): T {
    this.check();
    const memo = this.committed.memo;
    if (memo.has(key)) return memo.get(key) as T;
    const v = compute();
    memo.set(key, v);
    return v;
  }

  protected override check(): void {
    super.check();
    if (this.released) throw internalError('storage: snapshot was released');
    // lmdb-js reads through the write transaction whenever one is active, whatever the options.
    if (this.state.writing) throw internalError('storage: snapshot read inside write()');
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.txn.transaction?.done();
    this.onRelease(this);
  }
}

export class Store {
  /**
   * Open snapshots, for close(). An array with swap-removal rather than a Set: a Set's delete of
   * its only entry allocates a new hash table that the old one points to, a chain that outlives
   * young-generation GCs when a snapshot is taken and released per query.
   */
  private readonly snapshots: Snapshot[] = [];
  /** Latest committed state (inside write(): the write transaction's state). */
  private readonly latest: StoreReader;

  private constructor(private readonly state: StoreState) {
    this.latest = new StoreReader(state, {});
  }

  static open(dir: string, options: StoreOptions = {}): Store {
    return Store.openEnv(dir, options, false);
  }

  /**
   * Opens the store of a running writer from another process, for reading only (LMDB serves
   * readers in any number of processes beside one writer). Its snapshots see every commit made
   * before they were taken; write() refuses.
   */
  static openReader(dir: string, options: StoreOptions = {}): Store {
    return Store.openEnv(dir, options, true);
  }

  private static openEnv(dir: string, options: StoreOptions, reader: boolean): Store {
    const env = open({
      path: dir,
      // A directory always (lmdb-js takes a path with an extension, data.v1, for a file).
      noSubdir: false,
      maxDbs: options.maxDbs ?? 10_000,
      // Each snapshot open across a commit holds a reader slot of its own.
      maxReaders: options.maxReaders ?? 1024,
      // 8 KiB pages allow keys up to 4,026 bytes (PostgreSQL's btree limit is 2,704).
      pageSize: 8192,
      // Commit = durable: fsync inside the commit, not after it.
      overlappingSync: false,
      noSync: false,
      // mapSize is left to lmdb-js, which starts small and grows the map as the file grows.
    });
    const state: StoreState = {
      env,
      catalog: env.openDB<CatalogValue, string>('catalog', {}),
      meta: env.openDB<CatalogValue, string>('meta', {}),
      tables: env.openDB<TableState, string>('tables', {}),
      handles: new Map(),
      rowIds: new Map(),
      dropping: new Set(),
      openSnapshots: 0,
      reader,
      committed: newCommittedState(),
      writing: false,
      closed: false,
    };
    // Open every table's handle now: a handle opened later is unusable in older snapshots.
    for (const { key, value } of state.tables.getRange({})) {
      state.handles.set(key, openTableDb(state, key));
      if (value === 'dropping') state.dropping.add(key);
    }
    const store = new Store(state);
    if (reader) store.catchUp();
    else store.removeDroppedTables();
    return store;
  }

  /**
   * In a reader: whether `snap` holds the catalog as of the last catchUp (a writer's DDL may
   * have committed in between: what was bound against the catalog might not fit the snapshot).
   */
  catalogCurrent(snap: Snapshot): boolean {
    return ((snap.metaGet(META_CATALOG_SEQ) as number | undefined) ?? 0) === this.seen.catalog;
  }

  /** In a reader: the commit and catalog sequences last seen (META_COMMIT_SEQ). */
  private seen = { commit: -1, catalog: -1 };

  /**
   * In a reader: takes in what the writer committed since the last call. Returns what changed:
   * nothing, only data ('commit'), or also catalog records or table databases ('catalog'; new
   * tables' handles are open afterwards).
   */
  catchUp(): 'none' | 'commit' | 'catalog' {
    const state = this.state;
    // lmdb-js renews its shared read transaction once per turn of the event loop; a fresh one
    // sees the writer's latest commit (a snapshot holding the old one keeps it).
    state.env.resetReadTxn();
    const commit = (state.meta.get(META_COMMIT_SEQ) as number | undefined) ?? 0;
    if (commit === this.seen.commit) return 'none';
    const catalog = (state.meta.get(META_CATALOG_SEQ) as number | undefined) ?? 0;
    this.seen.commit = commit;
    state.committed = newCommittedState();
    if (catalog === this.seen.catalog) return 'commit';
    this.seen.catalog = catalog;
    let opened = false;
    for (const { key, value } of state.tables.getRange({})) {
      if (value === 'live' && !state.handles.has(key)) {
        state.handles.set(key, openTableDb(state, key));
        opened = true;
      }
    }
    // Opening a database ends lmdb-js's read transaction: later snapshots get a new one that
    // can use the new handles.
    if (opened) state.env.resetReadTxn();
    return 'catalog';
  }

  /**
   * Runs fn in one write transaction and commits it durably; if fn throws, nothing it did is
   * kept and the error is rethrown. fn must be synchronous. Returns fn's result.
   */
  write<T>(fn: (tx: WriteTxn) => T): T {
    const state = this.state;
    if (state.closed) throw internalError('storage: store is closed');
    if (state.reader) throw internalError('storage: a reader does not write');
    if (state.writing) throw internalError('storage: write() is not re-entrant');
    state.writing = true;
    const tx = new WriteTxn(state);
    let result: T;
    try {
      result = state.env.transactionSync(() => {
        const r = fn(tx);
        if (r instanceof Promise)
          throw internalError('storage: write callback must be synchronous');
        tx.flush();
        return r;
      });
      tx.committed();
      state.committed = newCommittedState();
    } catch (e) {
      tx.aborted();
      throw e;
    } finally {
      state.writing = false;
    }
    this.removeDroppedTables();
    return result;
  }

  /** A read view of the state committed now, unaffected by later writes. */
  snapshot(): Snapshot {
    if (this.state.closed) throw internalError('storage: store is closed');
    const transaction = this.state.env.useReadTransaction();
    const snap = new Snapshot(this.state, { transaction }, this.state.committed, (s) => {
      const open = this.snapshots;
      const last = open.pop()!;
      if (last !== s) {
        open[s.slot] = last;
        last.slot = s.slot;
      }
      this.state.openSnapshots--;
    });
    snap.slot = this.snapshots.length;
    this.snapshots.push(snap);
    this.state.openSnapshots++;
    return snap;
  }

  /** Runs fn on a snapshot and releases it afterwards. */
  read<T>(fn: (snapshot: Snapshot) => T): T {
    const snap = this.snapshot();
    try {
      return fn(snap);
    } finally {
      snap.release();
    }
  }

  /** Catalog records at the latest committed state; put/delete each commit on their own. */
  readonly catalog = {
    get: (id: string): CatalogValue | undefined => this.latest.catalogGet(id),
    scan: (prefix = ''): [string, CatalogValue][] => this.latest.catalogScan(prefix),
    put: (id: string, value: CatalogValue): void => this.write((tx) => tx.catalogPut(id, value)),
    delete: (id: string): boolean => this.write((tx) => tx.catalogDelete(id)),
  };

  lastSealedTick(): number | null {
    return this.latest.lastSealedTick();
  }

  tableIds(): string[] {
    return this.latest.tableIds();
  }

  /** Environment statistics (page counts, free pages), for tests and monitoring. */
  stats(): { lastPageNumber: number; pageSize: number; mapSize: number } {
    const s = this.state.env.getStats() as Record<string, number>;
    return {
      lastPageNumber: s['lastPageNumber'] ?? 0,
      pageSize: s['pageSize'] ?? 0,
      mapSize: s['mapSize'] ?? 0,
    };
  }

  /** Releases open snapshots and closes the environment. */
  async close(): Promise<void> {
    if (this.state.closed) return;
    for (const s of [...this.snapshots]) s.release();
    this.removeDroppedTables();
    this.state.closed = true;
    await this.state.env.close();
  }

  /** Removes the emptied databases of dropped tables, if no snapshot could still read them. */
  private removeDroppedTables(): void {
    const state = this.state;
    if (state.reader || state.dropping.size === 0 || state.openSnapshots > 0) return;
    const ids = [...state.dropping];
    state.env.transactionSync(() => {
      for (const id of ids) {
        if (state.tables.get(id) !== 'dropping') continue;
        state.handles.get(id)?.dropSync();
        state.tables.removeSync(id);
      }
    });
    for (const id of ids) {
      state.handles.delete(id);
      state.dropping.delete(id);
    }
  }
}
