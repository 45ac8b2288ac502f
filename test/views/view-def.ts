// A view of the materialized-view differential test: its definition, the statement that creates
// it on Eddy, and the query that recomputes it from the tables alone (views it reads inlined as
// CTEs), which Eddy's one-shot path and PostgreSQL both answer; and the small kit the templates
// (templates.ts, templates-multi.ts) write views with.
import type { Rng } from '../oracle/generator.js';

export interface ViewDef {
  readonly name: string;
  /** The query; reads tables t1..t4 and, by name, the earlier views in `reads`. */
  readonly sql: string;
  readonly materialized: boolean;
  readonly reads: readonly string[];
  /** Template family, for the coverage summary. */
  readonly label: string;
  /** Created after this many batches (0: before the first; later ones hydrate from live data). */
  readonly createdAt: number;
}

/**
 * The view's query with the views it reads inlined as CTEs: what Eddy's one-shot path and
 * PostgreSQL (which has only the tables) recompute from scratch.
 */
export function naiveQuery(v: ViewDef, byName: ReadonlyMap<string, ViewDef>): string {
  if (v.reads.length === 0) return v.sql;
  const ctes = v.reads.map((r) => `${r} AS (${naiveQuery(byName.get(r)!, byName)})`);
  return `WITH ${ctes.join(', ')} SELECT * FROM (${v.sql}) AS s`;
}

/** The statement that creates the view on Eddy (with a column list when names repeat). */
export function createSql(v: ViewDef, columns?: readonly string[]): string {
  const cols = columns === undefined ? '' : ` (${columns.join(', ')})`;
  return `CREATE ${v.materialized ? 'MATERIALIZED ' : ''}VIEW ${v.name}${cols} AS ${v.sql}`;
}

/** A view family: one view, or a view and the views over it. */
export type Template = (rng: Rng, name: () => string) => Omit<ViewDef, 'createdAt'>[];

export const mv = (
  name: string,
  label: string,
  sql: string,
  reads: string[] = [],
): Omit<ViewDef, 'createdAt'> => ({ name, sql, materialized: true, reads, label });

export const CMP = ['<', '<=', '>', '>=', '=', '<>'];
export const k = (rng: Rng): number => rng.int(0, 5);
export const not = (rng: Rng): string => rng.pick(['', 'NOT ']);

/** A random non-empty subset of `xs`, at most `max` long, in the original order. */
export function some(rng: Rng, xs: readonly string[], max: number): string[] {
  const picked = xs.filter(() => rng.chance(max / xs.length));
  return picked.length > 0 ? picked.slice(0, max) : [rng.pick(xs)];
}
