// The change feed: after each sealed tick, the changes it made to the relations someone watches
// (tables and materialized views), for SUBSCRIBE. Listeners register the relation ids they need;
// the engine computes table deltas for those (as it does for the tables views read) and hands
// the tick's changes over once the tick's LMDB transaction has committed, in tick order.
import type { Diff, Row } from '../../repr/index.js';
import type { Changes } from '../views/maintained.js';

export type TickChanges = ReadonlyMap<string, Changes>;

export interface FeedListener {
  /** Relation ids whose changes the listener needs. */
  readonly reads: ReadonlySet<string>;
  /** Called after every sealed tick (also ticks that changed nothing the listener reads). */
  onTick(tick: number, changes: TickChanges): void;
}

export class ChangeFeed {
  private readonly listeners = new Set<FeedListener>();
  private watched = new Map<string, number>();

  add(l: FeedListener): void {
    this.listeners.add(l);
    for (const id of l.reads) this.watched.set(id, (this.watched.get(id) ?? 0) + 1);
  }

  remove(l: FeedListener): void {
    if (!this.listeners.delete(l)) return;
    for (const id of l.reads) {
      const n = (this.watched.get(id) ?? 1) - 1;
      if (n === 0) this.watched.delete(id);
      else this.watched.set(id, n);
    }
  }

  /** Whether changes of relation `id` must be computed for a listener. */
  watches(id: string): boolean {
    return this.watched.has(id);
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Hands a sealed tick's changes to every listener. */
  publish(
    tick: number,
    tables: ReadonlyMap<string, readonly (readonly [Row, Diff])[]>,
    views: TickChanges,
  ): void {
    if (this.listeners.size === 0) return;
    const all = new Map<string, Changes>(views);
    for (const [id, rows] of tables) all.set(id, { rows, errors: [] });
    for (const l of [...this.listeners]) l.onTick(tick, all);
  }
}
