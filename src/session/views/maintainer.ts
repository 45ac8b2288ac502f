// The maintainer: every materialized view of the server, kept up to date tick by tick. The
// engine calls it inside each tick's write transaction with the tables' changes; views run in
// creation order (a view only reads relations created before it), each receiving the changes of
// the tables and views it reads, so one LMDB commit seals the tables and every view together.
//
// Catalog changes that create or drop views and indexes are prepared inside the DDL's write
// transaction (databases created, or dropped) and take effect in memory once that transaction
// has committed. A new view then hydrates in the background: slices of a snapshot taken at its
// creating tick, each in a write transaction of its own between the server's other ticks, while
// later ticks reach it as for any view (see MaintainedView.startHydration). Until the last
// slice it cannot be read (55000); whenReady() resolves then.
import { EddyError, internalError } from '../../errors/index.js';
import type { Catalog, CatalogChange } from '../catalog/catalog.js';
import type { StoreSnapshot, StoreTxn } from '../store-api.js';
import { MaintainedView, type Changes, type Delta, type HydrationSlice } from './maintained.js';
import {
  buildIndex,
  indexShape,
  isHydrating,
  markHydrating,
  viewDbs,
  type IndexShape,
} from './storage.js';

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

export class ViewMaintainer {
  /** By view id, in creation order. */
  private readonly views = new Map<string, MaintainedView>();
  /** Ids of the relations some view reads. */
  private read = new Set<string>();
  private readonly waiters = new Map<string, Waiter[]>();

  /** `snapshot` opens a read snapshot of what is committed now (for hydration). */
  constructor(
    private readonly catalog: Catalog,
    private readonly snapshot: () => StoreSnapshot,
  ) {
    for (const rec of catalog.materializedViews()) {
      const v = new MaintainedView(rec, catalog);
      for (const ix of catalog.indexesOn(rec.id))
        if (ix.inContents !== true) v.indexes.set(ix.id, indexShape(ix));
      this.views.set(rec.id, v);
    }
    this.refreshReads();
  }

  private refreshReads(): void {
    this.read = new Set([...this.views.values()].flatMap((v) => [...v.sources()]));
  }

  /** Whether changes of relation `id` must be passed to maintain(). */
  reads(id: string): boolean {
    return this.read.has(id);
  }

  /** Whether some view still hydrates (the engine then keeps calling hydrateSlices). */
  get hydrating(): boolean {
    for (const v of this.views.values()) if (v.hydrating) return true;
    return false;
  }

  /** Resolves once the view (if it is one) has finished hydrating; rejects if it is dropped. */
  whenReady(id: string): Promise<void> {
    if (this.views.get(id)?.hydrating !== true) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(id) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(id, list);
    });
  }

  private settle(id: string, error?: unknown): void {
    for (const w of this.waiters.get(id) ?? []) {
      if (error === undefined) w.resolve();
      else w.reject(error);
    }
    this.waiters.delete(id);
  }

  /**
   * Views whose hydration a crash interrupted: their state and contents are emptied (in `txn`)
   * and they hydrate again from what is committed now. Returns what to do after the commit.
   */
  restartHydration(txn: StoreTxn): () => void {
    const redo = [...this.views.values()].filter((v) => isHydrating(txn, v.id));
    for (const v of redo) {
      for (const db of [...viewDbs(v.id), ...v.indexes.keys()]) {
        txn.dropTable(db);
        txn.createTable(db);
      }
      markHydrating(txn, v.id, v.record.name);
    }
    return () => this.startHydration(redo);
  }

  private startHydration(views: readonly MaintainedView[]): void {
    if (views.length === 0) return;
    const widths = new Map([...this.views].map(([id, v]) => [id, v.record.columns.length]));
    for (const v of views) v.startHydration(this.snapshot(), widths);
  }

  /** Stops hydrations (the server is closing): their snapshots are released. */
  close(): void {
    for (const v of this.views.values()) v.stopHydration();
  }

  /**
   * Runs every view over one tick's table changes (by table id); returns the views' changes,
   * complete for the views read by other views and those `wanted` outside (by subscriptions and
   * sinks).
   */
  maintain(
    txn: StoreTxn,
    tick: number,
    tableDeltas: ReadonlyMap<string, Delta>,
    wanted: (viewId: string) => boolean,
  ): Map<string, Changes> {
    const out = new Map<string, Changes>();
    if (this.views.size === 0 || tableDeltas.size === 0) return out;
    const changes = new Map<string, Changes>();
    for (const [id, rows] of tableDeltas) changes.set(id, { rows, errors: [] });
    const readByViews = new Set<string>();
    for (const v of this.views.values()) for (const id of v.sources()) readByViews.add(id);
    for (const v of this.views.values()) {
      const c = v.step(txn, tick, changes, readByViews.has(v.id) || wanted(v.id));
      if (c.rows.length > 0 || c.errors.length > 0) {
        changes.set(v.id, c);
        out.set(v.id, c);
      }
    }
    return out;
  }

  /** Reads the next hydration slice of every hydrating view (outside a write transaction). */
  readSlices(): Map<string, HydrationSlice> {
    const out = new Map<string, HydrationSlice>();
    for (const v of this.views.values()) {
      const slice = v.hydrating ? v.readSlice() : null;
      if (slice !== null) out.set(v.id, slice);
    }
    return out;
  }

  /**
   * Feeds the slices in `txn`. Views created over a hydrating view wait for it (CREATE awaits
   * whenReady), so a slice's output has no reader to pass to. Returns the ids that finished:
   * call finished() with them after the commit.
   */
  feedSlices(txn: StoreTxn, slices: ReadonlyMap<string, HydrationSlice>, tick: number): string[] {
    const done: string[] = [];
    for (const [id, slice] of slices) {
      const v = this.views.get(id);
      if (v !== undefined && v.feedSlice(txn, slice, tick)) done.push(id);
    }
    return done;
  }

  finished(ids: readonly string[]): void {
    for (const id of ids) this.settle(id);
  }

  /** A hydration transaction failed (a bug): its views stop hydrating and stay unreadable. */
  failed(error: unknown): void {
    for (const v of this.views.values()) {
      if (!v.hydrating) continue;
      v.stopHydration();
      this.settle(v.id, error);
    }
  }

  /** The number of columns of view `id` (one of `added`, or of the catalog). */
  private width(id: string, added: readonly MaintainedView[]): number {
    const rec = added.find((v) => v.id === id)?.record ?? this.catalog.get(id);
    if (rec?.kind !== 'materialized-view') throw internalError(`index on unknown view ${id}`);
    return rec.columns.length;
  }

  /**
   * Prepares catalog changes inside their write transaction: new views get their databases
   * (marked as hydrating), new indexes are filled, dropped views and indexes lose their
   * databases. Returns what to do once the transaction committed.
   */
  prepare(txn: StoreTxn, changes: readonly CatalogChange[]): () => void {
    const added: MaintainedView[] = [];
    const removed: string[] = [];
    const indexAdded: [string, string, IndexShape][] = [];
    const indexRemoved: [string, string][] = [];
    for (const c of changes) {
      const r = c.record;
      if (c.kind === 'put' && r.kind === 'materialized-view' && !this.views.has(r.id)) {
        for (const db of viewDbs(r.id)) txn.createTable(db);
        markHydrating(txn, r.id, r.name);
        added.push(new MaintainedView(r, this.catalog));
      } else if (c.kind === 'delete' && r.kind === 'materialized-view') {
        for (const db of viewDbs(r.id)) txn.dropTable(db);
        removed.push(r.id);
      } else if (r.kind === 'index' && r.inContents === true) {
        // Read from the view's contents: nothing to create, maintain or drop.
      } else if (c.kind === 'put' && r.kind === 'index' && this.catalog.get(r.id) === undefined) {
        txn.createTable(r.id);
        buildIndex(txn, r.on, r.id, indexShape(r), this.width(r.on, added));
        indexAdded.push([r.on, r.id, indexShape(r)]);
      } else if (c.kind === 'delete' && r.kind === 'index') {
        txn.dropTable(r.id);
        indexRemoved.push([r.on, r.id]);
      }
    }
    return () => {
      for (const id of removed) {
        this.views.get(id)?.stopHydration();
        this.views.delete(id);
        this.settle(id, new EddyError('42P01', 'the materialized view was dropped'));
      }
      for (const v of added) this.views.set(v.id, v);
      for (const [on, id, shape] of indexAdded) this.views.get(on)?.indexes.set(id, shape);
      for (const [on, id] of indexRemoved) this.views.get(on)?.indexes.delete(id);
      this.refreshReads();
      this.startHydration(added);
    };
  }
}
