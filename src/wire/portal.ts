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
