// Runs one case of the materialized-view differential test in a schema of its own on both
// servers: creates the tables, inserts the initial rows, applies the DML batches to Eddy and
// PostgreSQL alike, creates each view on Eddy before the first batch or after a later one, and
// after every step compares each view three ways: Eddy's maintained contents (SELECT * FROM
// view), Eddy's one-shot recomputation of its query, and PostgreSQL's answer to the same query.
// Stops at the first difference and returns it.
import type pg from 'pg';
import { dmlDiffers, differs, run, show, type Outcome } from './compare.js';
import { batchSql, createTables, type Batch, type Script } from './dml.js';
import { createSql, naiveQuery, type ViewDef } from './view-def.js';

export interface Servers {
  readonly eddy: pg.Client;
  readonly pg: pg.Client;
}

export interface Failure {
  readonly kind: 'view' | 'dml' | 'create';
  /** The view that differs (kind 'view' and 'create'). */
  readonly view?: string;
  /** 0: before the first batch; i: after batch i. */
  readonly step: number;
  readonly detail: string;
}

/** Counters over a whole run. */
export class Stats {
  comparisons = 0;
  /** Comparisons where PostgreSQL's query failed (and Eddy's view had to fail alike). */
  errorComparisons = 0;
  /** Views created on neither side (both refuse the query with the same SQLSTATE). */
  refusedByBoth = 0;
  /** Views not created because PostgreSQL lacks a feature their query needs (0A000). */
  unsupportedByPg = 0;
  /** Times a view that failed to read could be read again after a batch. */
  recoveries = 0;
  readonly byLabel = new Map<string, number>();

  count(label: string, pgFailed: boolean): void {
    this.comparisons++;
    if (pgFailed) this.errorComparisons++;
    this.byLabel.set(label, (this.byLabel.get(label) ?? 0) + 1);
  }
}

async function both(s: Servers, sql: string): Promise<[Outcome, Outcome]> {
  return Promise.all([run(s.eddy, sql), run(s.pg, sql)]);
}

/** Applies a batch to both sides; returns how their outcomes differ, if they do. */
async function applyBatch(s: Servers, b: Batch): Promise<string | undefined> {
  if (b.txn === 'none') {
    const [got, want] = await both(s, b.stmts[0]!);
    const d = dmlDiffers(got, want);
    return d === undefined ? undefined : `${b.stmts[0]}: ${d}`;
  }
  await both(s, 'BEGIN');
  let aborted = false;
  for (const stmt of b.stmts) {
    const [got, want] = await both(s, stmt);
    const d = dmlDiffers(got, want);
    if (d !== undefined) {
      await both(s, 'ROLLBACK');
      return `${stmt}: ${d}`;
    }
    if (!want.ok) {
      aborted = true;
      break;
    }
  }
  const end = aborted || b.txn === 'rollback' ? 'ROLLBACK' : 'COMMIT';
  const [got, want] = await both(s, end);
  const d = dmlDiffers(got, want);
  return d === undefined ? undefined : `${end}: ${d}`;
}

/**
 * Compares one view three ways; returns the difference, or whether all three agreed on rows or
 * on an error.
 */
async function compareView(
  s: Servers,
  v: ViewDef,
  naive: string,
  stats: Stats | undefined,
): Promise<string | { agreed: 'rows' | 'error' }> {
  const [[view, oneShot], want] = await Promise.all([
    (async () => [await run(s.eddy, `SELECT * FROM ${v.name}`), await run(s.eddy, naive)])(),
    run(s.pg, naive),
  ]);
  if (!want.ok && want.code === '0A000' && oneShot.ok) return { agreed: 'rows' }; // PG lacks it
  const dv = differs(view, want);
  const dn = differs(oneShot, want);
  if (dv === undefined && dn === undefined) {
    stats?.count(v.label, !want.ok);
    return { agreed: want.ok ? 'rows' : 'error' };
  }
  return [
    dv === undefined ? '' : `view read: ${dv}`,
    dn === undefined ? '' : `one-shot query: ${dn}`,
    `  Eddy view:       ${show(view)}`,
    `  Eddy one-shot:   ${show(oneShot)}`,
    `  PostgreSQL:      ${show(want)}`,
  ]
    .filter((x) => x !== '')
    .join('\n');
}

type Refusal = Extract<Outcome, { ok: false }>;

/**
 * Column names to give the view when its query's output names repeat (as PostgreSQL names them),
 * or PostgreSQL's refusal of the query itself.
 */
async function columnsFor(s: Servers, naive: string): Promise<Refusal | string[] | undefined> {
  try {
    const r = await s.pg.query(`SELECT * FROM (${naive}) AS probe LIMIT 0`);
    const names = r.fields.map((f) => f.name);
    return new Set(names).size === names.length ? undefined : names.map((_, i) => `c${i}`);
  } catch (err) {
    const x = err as { code?: string; message: string };
    return { ok: false, code: x.code ?? '?', message: x.message };
  }
}

/** The statements that ran, for a report. */
export interface Trace {
  readonly lines: string[];
}

/** One case on both servers: its views so far and how they compared. */
class Case {
  private readonly byName: Map<string, ViewDef>;
  private readonly live: { v: ViewDef; naive: string }[] = [];
  private readonly skipped = new Set<string>();
  private readonly failing = new Set<string>();

  constructor(
    private readonly s: Servers,
    views: readonly ViewDef[],
    private readonly stats: Stats | undefined,
    readonly log: (line: string) => void,
  ) {
    this.byName = new Map(views.map((v) => [v.name, v]));
  }

  /** Creates view `v` on Eddy (PostgreSQL only answers its query); a difference if refused. */
  async create(v: ViewDef, step: number): Promise<Failure | undefined> {
    if (v.reads.some((r) => this.skipped.has(r))) {
      this.skipped.add(v.name);
      return undefined;
    }
    const naive = naiveQuery(v, this.byName);
    const probe = await columnsFor(this.s, naive);
    if (probe !== undefined && !Array.isArray(probe) && probe.code === '0A000') {
      // PostgreSQL lacks a feature the query needs: nothing to compare the view with.
      if (this.stats !== undefined) this.stats.unsupportedByPg++;
      this.skipped.add(v.name);
      return undefined;
    }
    const create = createSql(v, Array.isArray(probe) ? probe : undefined);
    const made = await run(this.s.eddy, create);
    if (probe !== undefined && !Array.isArray(probe)) {
      // PostgreSQL refuses the query itself: Eddy must refuse the view with the same SQLSTATE.
      if (made.ok || made.code !== probe.code) {
        const detail = `${create}\n  Eddy: ${show(made)}\n  PostgreSQL: ${show(probe)}`;
        return { kind: 'create', view: v.name, step, detail };
      }
      if (this.stats !== undefined) this.stats.refusedByBoth++;
      this.skipped.add(v.name);
      return undefined;
    }
    if (!made.ok)
      return { kind: 'create', view: v.name, step, detail: `${create}\n  ${show(made)}` };
    this.log(`${create};`);
    this.live.push({ v, naive });
    return undefined;
  }

  /** Compares every live view; the first difference, if any. */
  async check(step: number): Promise<Failure | undefined> {
    for (const { v, naive } of this.live) {
      const d = await compareView(this.s, v, naive, this.stats);
      if (typeof d === 'string') return { kind: 'view', view: v.name, step, detail: d };
      if (d.agreed === 'error') this.failing.add(v.name);
      else if (this.failing.delete(v.name) && this.stats !== undefined) this.stats.recoveries++;
    }
    return undefined;
  }
}

/**
 * Runs `script` in schema `schema` (created here; the caller drops it), creating each view
 * after the batch numbered its `createdAt` (0: before the first batch) and comparing the views
 * after each batch. Returns the first difference, or undefined; appends what ran to `trace`.
 */
export async function runCase(
  s: Servers,
  schema: string,
  views: readonly ViewDef[],
  script: Script,
  stats?: Stats,
  trace?: Trace,
): Promise<Failure | undefined> {
  const c = new Case(s, views, stats, (line) => void trace?.lines.push(line));
  for (const client of [s.eddy, s.pg]) {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path = ${schema}`);
  }
  for (const stmt of createTables()) {
    await s.eddy.query(stmt);
    await s.pg.query(stmt);
    c.log(`${stmt};`);
  }
  for (const stmt of script.initial) {
    c.log(`${stmt};`);
    const d = await applyBatch(s, { stmts: [stmt], txn: 'none' });
    if (d !== undefined) return { kind: 'dml', step: 0, detail: d };
  }
  for (let step = 0; step <= script.batches.length; step++) {
    const b = script.batches[step - 1];
    if (b !== undefined && b.stmts.length > 0) {
      c.log(batchSql(b));
      const d = await applyBatch(s, b);
      if (d !== undefined) return { kind: 'dml', step, detail: d };
    }
    for (const v of views) {
      if (v.createdAt !== step) continue;
      const f = await c.create(v, step);
      if (f !== undefined) return f;
    }
    const f = await c.check(step);
    if (f !== undefined) return f;
  }
  return undefined;
}

/** Drops a case's schema on both sides (after a failure too). */
export async function dropCase(s: Servers, schema: string): Promise<void> {
  for (const c of [s.eddy, s.pg]) {
    await c.query('ROLLBACK').catch(() => undefined);
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.query('SET search_path = public');
  }
}
