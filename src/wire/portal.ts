// Prepared statements and portals as one connection keeps them. A statement entry holds what
// Parse produced (null for an empty query string); a portal is a statement bound to parameter
// values and result formats, plus its execution state so that an Execute with a row limit can
// be resumed by the next Execute on the same portal.
import type { Datum } from '../repr/index.js';
import type { PreparedStatement, StatementResult } from '../session/api.js';
import type { Format } from './values.js';

export interface StatementEntry {
  /** null: the empty query (Execute answers EmptyQueryResponse). */
  readonly stmt: PreparedStatement | null;
}

export type RowsResult = Extract<StatementResult, { kind: 'rows' }>;

export type PortalState =
  | { readonly kind: 'ready' }
  | { readonly kind: 'rows'; readonly result: RowsResult; done: boolean }
  | { readonly kind: 'done' };

export interface Portal {
  readonly name: string;
  readonly stmt: PreparedStatement | null;
  readonly params: readonly Datum[];
  readonly formats: readonly Format[];
  /**
   * Aborts this portal's execution (cancel, connection loss); shared by resumed Executes and
   * with other portals (Connection.statementController).
   */
  readonly controller: AbortController;
  state: PortalState;
}

/** Releases what a portal holds (a RowSource not yet exhausted). */
export function closePortal(p: Portal): void {
  if (p.state.kind === 'rows' && !p.state.done) p.state.result.rows.close();
  p.state = { kind: 'done' };
}

/**
 * A connection's portals by name. The unnamed portal, replaced by nearly every Bind and dropped
 * at every Sync, is kept apart from the Map: each Map.delete or clear of its only entry makes V8
 * allocate a new hash table, and the old table keeps pointing at the new one, so under a steady
 * stream of queries a chain of tables (and what they hold) survives young-generation GCs.
 */
export class Portals {
  private unnamed: Portal | undefined = undefined;
  private readonly named = new Map<string, Portal>();

  get(name: string): Portal | undefined {
    return name === '' ? this.unnamed : this.named.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, portal: Portal): void {
    if (name === '') this.unnamed = portal;
    else this.named.set(name, portal);
  }

  delete(name: string): void {
    if (name === '') this.unnamed = undefined;
    else this.named.delete(name);
  }

  /** Closes and drops every portal. */
  closeAll(): void {
    if (this.unnamed !== undefined) {
      closePortal(this.unnamed);
      this.unnamed = undefined;
    }
    if (this.named.size === 0) return;
    for (const p of this.named.values()) closePortal(p);
    this.named.clear();
  }
}
