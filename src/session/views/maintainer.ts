// The maintainer: every materialized view of the server, kept up to date tick by tick. The
// engine calls it inside each tick's write transaction with the tables' changes; views run in
// creation order (a view only reads relations created before it), each receiving the changes of
// the tables and views it reads, so one LMDB commit seals the tables and every view together.
//
// Catalog changes that create or drop views and indexes are prepared inside the DDL's write
// transaction (databases created and filled, or dropped) and take effect in memory only once
// that transaction has committed.
import type { Catalog, CatalogChange } from '../catalog/catalog.js';
import type { StoreTxn } from '../store-api.js';
import { MaintainedView, type Changes, type Delta } from './maintained.js';
import { buildIndex, viewDbs } from './storage.js';

export class ViewMaintainer {
  /** By view id, in creation order. */
  private readonly views = new Map<string, MaintainedView>();
  /** Ids of the relations some view reads. */
  private read = new Set<string>();

  constructor(private readonly catalog: Catalog) {
    for (const rec of catalog.materializedViews()) {
      const v = new MaintainedView(rec, catalog);
      for (const ix of catalog.indexesOn(rec.id)) v.indexes.set(ix.id, ix.columns);
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

  get size(): number {
    return this.views.size;
  }

  /** Runs every view over one tick's table changes (by table id). */
  maintain(txn: StoreTxn, tableDeltas: ReadonlyMap<string, Delta>): void {
    if (this.views.size === 0 || tableDeltas.size === 0) return;
    const changes = new Map<string, Changes>();
    for (const [id, rows] of tableDeltas) changes.set(id, { rows, errors: [] });
    for (const v of this.views.values()) {
      const out = v.step(txn, changes);
      if (out.rows.length > 0 || out.errors.length > 0) changes.set(v.id, out);
    }
  }

  /**
   * Prepares catalog changes inside their write transaction: new views get their databases and
   * are hydrated from the current contents of what they read, new indexes are filled, dropped
   * views and indexes lose their databases. Returns what to do once the transaction committed.
   */
  prepare(txn: StoreTxn, changes: readonly CatalogChange[]): () => void {
    const added: MaintainedView[] = [];
    const removed: string[] = [];
    const indexAdded: [string, string, readonly number[]][] = [];
    const indexRemoved: [string, string][] = [];
    const viewIds = new Set(this.views.keys());
    for (const c of changes) {
      const r = c.record;
      if (c.kind === 'put' && r.kind === 'materialized-view' && !this.views.has(r.id)) {
        for (const db of viewDbs(r.id)) txn.createTable(db);
        const v = new MaintainedView(r, this.catalog);
        v.hydrate(txn, viewIds);
        viewIds.add(r.id);
        added.push(v);
      } else if (c.kind === 'delete' && r.kind === 'materialized-view') {
        for (const db of viewDbs(r.id)) txn.dropTable(db);
        removed.push(r.id);
      } else if (c.kind === 'put' && r.kind === 'index' && this.catalog.get(r.id) === undefined) {
        txn.createTable(r.id);
        buildIndex(txn, r.on, r.id, r.columns);
        indexAdded.push([r.on, r.id, r.columns]);
      } else if (c.kind === 'delete' && r.kind === 'index') {
        txn.dropTable(r.id);
        indexRemoved.push([r.on, r.id]);
      }
    }
    return () => {
      for (const v of added) this.views.set(v.id, v);
      for (const id of removed) this.views.delete(id);
      for (const [on, id, columns] of indexAdded) {
        const v = this.views.get(on) ?? added.find((a) => a.id === on);
        v?.indexes.set(id, columns);
      }
      for (const [on, id] of indexRemoved) this.views.get(on)?.indexes.delete(id);
      this.refreshReads();
    };
  }
}
