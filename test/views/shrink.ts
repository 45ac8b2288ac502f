// Minimizes a failing case of the materialized-view differential test, simply: keep only the
// failing view and the views it reads, cut the DML after the failing step, then remove chunks of
// statements (halving the chunk size down to single statements) as long as a replay in a fresh
// schema still fails the same way. Bounded in time; what is left is printed as a SQL script.
import type { Batch, Script } from './dml.js';
import { dropCase, runCase, type Failure, type Servers } from './runner.js';
import { createSql, type ViewDef } from './view-def.js';

export interface Repro {
  readonly views: readonly ViewDef[];
  readonly script: Script;
  readonly failure: Failure;
  /** The reproduction as SQL, one statement (or transaction) a line. */
  readonly sql: readonly string[];
  readonly replays: number;
}

/** The view and, before it, every view it reads (transitively), in creation order. */
function chainOf(views: readonly ViewDef[], name: string): ViewDef[] {
  const byName = new Map(views.map((v) => [v.name, v]));
  const need = new Set<string>();
  const visit = (n: string): void => {
    if (need.has(n)) return;
    need.add(n);
    for (const r of byName.get(n)?.reads ?? []) visit(r);
  };
  visit(name);
  return views.filter((v) => need.has(v.name));
}

function statementCount(s: Script): number {
  return s.initial.length + s.batches.reduce((n, b) => n + b.stmts.length, 0);
}

/**
 * `s` without the statements numbered [from, to) (initial rows first, then batch by batch).
 * Emptied batches stay, as no-op steps, so views are still created after the same batch.
 */
function without(s: Script, from: number, to: number): Script {
  let i = 0;
  const keep = (): boolean => {
    const k = i < from || i >= to;
    i++;
    return k;
  };
  const initial = s.initial.filter(keep);
  const batches: Batch[] = s.batches.map((b) => ({ ...b, stmts: b.stmts.filter(keep) }));
  return { initial, batches };
}

export async function shrink(
  s: Servers,
  schema: string,
  views: readonly ViewDef[],
  script: Script,
  failure: Failure,
  budgetMs: number,
): Promise<Repro> {
  const chain = failure.view === undefined ? [...views] : chainOf(views, failure.view);
  const deadline = Date.now() + budgetMs;
  let replays = 0;
  const replay = async (cand: Script, trace?: string[]): Promise<Failure | undefined> => {
    const name = `${schema}_r${replays++}`;
    try {
      return await runCase(s, name, chain, cand, undefined, trace && { lines: trace });
    } finally {
      await dropCase(s, name);
    }
  };
  const same = (f: Failure | undefined): boolean =>
    f !== undefined && f.kind === failure.kind && f.view === failure.view;

  let cur: Script = { initial: script.initial, batches: script.batches.slice(0, failure.step) };
  if (!same(await replay(cur))) cur = script; // not reproducible alone: keep everything
  for (let chunk = Math.ceil(statementCount(cur) / 2); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (let i = 0; i < statementCount(cur) && Date.now() < deadline;) {
      const cand = without(cur, i, i + chunk);
      if (same(await replay(cand))) cur = cand;
      else i += chunk;
    }
    if (chunk === 1 || Date.now() >= deadline) break;
  }
  const sql: string[] = [];
  const last = await replay(cur, sql);
  return { views: chain, script: cur, failure: last ?? failure, sql, replays };
}

/** The failure report: seed, view, difference, history so far, minimized reproduction. */
export function report(
  seed: number,
  views: readonly ViewDef[],
  failure: Failure,
  history: readonly string[],
  repro: Repro,
): string {
  const target = views.find((v) => v.name === failure.view);
  const reproSql = [...repro.sql];
  if (target !== undefined)
    reproSql.push(
      failure.kind === 'create' ? `${createSql(target)};` : `SELECT * FROM ${target.name};`,
    );
  return [
    `seed ${seed}: ${failure.kind} difference${target === undefined ? '' : ` in ${target.name} (${target.label})`} at step ${failure.step}`,
    ...(target === undefined ? [] : ['-- view:', ...repro.views.map((v) => `${createSql(v)};`)]),
    '-- difference:',
    failure.detail,
    '-- history so far (tables, initial rows, views, then one batch a line):',
    ...history,
    `-- minimized reproduction (${repro.replays} replays; Eddy vs PostgreSQL on the last line):`,
    ...reproSql,
    '-- its difference:',
    repro.failure.detail,
  ].join('\n');
}
