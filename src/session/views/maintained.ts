// One materialized view at run time: its query bound, planned and rendered into a dataflow whose
// operator state lives in the view's LMDB state database. The maintainer feeds it each tick's
// changes of the relations it reads, inside the tick's write transaction; the view writes its
// output changes to its contents (and indexes) and its error changes to its errors database in
// that same transaction, and hands the output changes on to views that read it.
//
// Built again from the catalog record at every start: binding the same SQL against the same
// catalog yields the same plan, so the operators find their state under the same numbers
// (state.ts) and nothing is recomputed.
import { SLICE_ROWS, takeSlice, type RowSource } from '../../dataflow/slice.js';
import type { SelectStmt } from '@pgsql/types';
import { featureNotSupported, internalError, type EddyError } from '../../errors/index.js';
import { consolidateRows, type Diff, type Row, type Update } from '../../repr/index.js';
import { LmdbState } from '../../dataflow/state-lmdb.js';
import { keepStateInRows } from '../../dataflow/reduce-accumulate.js';
import type { ErrorUpdate } from '../../dataflow/error-set.js';
import type { EvalContext } from '../../expr/signature.js';
import type { Dataflow } from '../../dataflow/graph.js';
import { Lowerer } from '../../planner/lower.js';
import { optimize, withoutLookups } from '../../planner/optimize.js';
import { render } from '../../planner/render.js';
import { uniqueKeys } from '../../planner/keys.js';
import { tagOf } from '../../sql/ast.js';
import { Binder, Params } from '../../sql/binder.js';
import { bindQueryRel } from '../../sql/bind-select.js';
import type { CatalogReader, CatalogRelation } from '../../sql/catalog-api.js';
import type { Rel } from '../../sql/hir.js';
import { parseStatements } from '../../sql/parser.js';
import { mapRelScalars } from '../../sql/scalar-util.js';
import type { Catalog } from '../catalog/catalog.js';
import type { MaterializedViewRecord } from '../catalog/objects.js';
import { SessionCatalog } from '../catalog-reader.js';
import { makeEvalContext, nowMicros } from '../eval-context.js';
import type { StoreSnapshot, StoreTxn } from '../store-api.js';
import { recordHistory, startHistory } from './history.js';
import {
  applyErrors,
  applyOutput,
  contentsShape,
  type IndexShape,
  clearHydrating,
  expandCounted,
  groupRows,
  snapshotErrors,
  stateDb,
  stateTxn,
} from './storage.js';

export type Delta = readonly (readonly [Row, Diff])[];

/** One slice of a view's hydration: input rows by dataflow input name. */
export interface HydrationSlice {
  readonly inputs: Record<string, Delta>;
  readonly first: boolean;
  readonly last: boolean;
}
export type ErrorDelta = readonly (readonly [EddyError, Diff])[];

/** One tick's changes of a relation: rows, and (for views) errors. */
export interface Changes {
  readonly rows: Delta;
  readonly errors: ErrorDelta;
  /**
   * The view's tick ran in several steps: a row may change more than once in `rows` (each change
   * relative to the state the previous step left). See tickRows().
   */
  readonly stepped?: true;
}

/** A tick's row changes consolidated: each row once, with its net diff. */
export function tickRows(c: Changes): Delta {
  return c.stepped === true ? consolidateRows(c.rows) : c.rows;
}

/**
 * Input rows per dataflow step: a tick (or hydration slice) with more changes runs as several
 * steps in the same transaction, each over part of one input. Operators only see changes, so
 * they end in the same state as after one step (hydration relies on the same property). What it
 * changes is memory: a step's working set (loaded groups, output rows) is dropped before V8's
 * young generation is collected, instead of being copied and promoted with the whole tick's
 * (measured: with 10,000-row ticks into a GROUP BY view, 1.9 KB promoted per row).
 */
export const STEP_ROWS = 1024;

/**
 * The binder's catalog for a maintained query (a view, a subscription): no system catalogs.
 * Tables keep their primary keys (they tell the planner the plan's keys); the plan is then
 * lowered without point lookups (withoutLookups: it reads every change of its inputs).
 */
export function maintainedCatalog(inner: CatalogReader): CatalogReader {
  const check = (r: CatalogRelation | undefined): CatalogRelation | undefined => {
    if (r?.kind === 'system')
      throw featureNotSupported('materialized views cannot read system catalogs');
    if (r?.kind === 'sequence')
      throw featureNotSupported('materialized views cannot read sequences');
    return r;
  };
  return {
    resolveRelation: (schema, name) => check(inner.resolveRelation(schema, name)),
    schemaExists: (name) => inner.schemaExists(name),
    schemaOid: (name) => inner.schemaOid?.(name),
    relationByOid: (oid) => inner.relationByOid(oid),
    currentDatabase: () => inner.currentDatabase(),
    functionOids: (name) => inner.functionOids?.(name) ?? [],
    searchPath: () => inner.searchPath(),
  };
}

/** Functions whose result depends on when they run, not on their arguments. */
const TIME_DEPENDENT = new Set([
  'now',
  'transaction_timestamp',
  'current_timestamp',
  'statement_timestamp',
  'localtimestamp',
  'localtime',
  'current_time',
  'current_date',
  'timeofday',
]);

/**
 * A view is maintained by recomputing changed rows later: a function whose result changes from
 * one call to the next (random(), now()) would make a retraction differ from what it retracts.
 */
export function checkMaintainable(rel: Rel): void {
  mapRelScalars(rel, (x) => {
    if (x.kind !== 'call') return x;
    const { name, volatility } = x.func;
    if (volatility === 'volatile' || TIME_DEPENDENT.has(name))
      throw featureNotSupported(`calls to ${name}() in materialized views are not supported`, {
        hint: 'Its result changes over time, so the view could not be kept up to date.',
      });
    return x;
  });
}

/** Binds a materialized view's query: its relation and the ids of user relations it reads. */
export function bindMaintainedQuery(
  catalog: Catalog,
  database: string,
  searchPath: string,
  sql: string,
): { rel: Rel; columns: ReturnType<typeof bindQueryRel>['columns']; dependsOn: string[] } {
  const reader = new SessionCatalog(catalog, database, 'eddy', () => searchPath);
  const binder = new Binder(maintainedCatalog(reader), new Params([], []));
  const stmts = parseStatements(sql);
  const [tag, body] = tagOf(stmts[0]!.ast);
  if (stmts.length !== 1 || tag !== 'SelectStmt')
    throw internalError('a materialized view is defined by one SELECT');
  const { rel, columns } = bindQueryRel(binder, body as SelectStmt, null);
  checkMaintainable(rel);
  return { rel, columns, dependsOn: [...reader.touched] };
}

/** A view's bound query as its dataflow runs it: lowered and optimized, in the view's time zone. */
export function lowerMaintained(rel: Rel, timeZone: string): { lowered: Rel; ctx: EvalContext } {
  const setting = (n: string): string | undefined => (n === 'TimeZone' ? timeZone : undefined);
  const now = nowMicros();
  const ctx = makeEvalContext(setting, now, now);
  return { lowered: withoutLookups(optimize(new Lowerer(ctx).lower(rel))), ctx };
}

export class MaintainedView {
  /** Index id → key column positions, maintained with the contents. */
  readonly indexes = new Map<string, IndexShape>();
  private readonly state = new LmdbState();
  private readonly dataflow: Dataflow;
  /** Dataflow input name → id of the relation it reads. */
  private readonly reads: ReadonlyMap<string, string>;
  private time = 0;
  private hydration: {
    readonly snapshot: StoreSnapshot;
    readonly sources: readonly RowSource[];
    readonly inherited: ErrorDelta;
    started: boolean;
  } | null = null;
  private output: readonly Update[] = [];
  /** The output has a unique key: every row's multiplicity is 0 or 1. */
  private readonly isSet: boolean;
  /** How its contents are arranged (by a key of the view when its record has one). */
  private readonly contents: IndexShape;
  /** Its contents are written by the reduce that makes its rows (groupRows), not by step1. */
  private readonly reduceWritesContents: boolean;
  /** The write transaction of the step in progress. */
  private txn: StoreTxn | null = null;
  private errors: readonly ErrorUpdate[] = [];

  constructor(
    readonly record: MaterializedViewRecord,
    catalog: Catalog,
  ) {
    const { rel } = bindMaintainedQuery(catalog, record.database, record.searchPath, record.sql);
    const { lowered, ctx } = lowerMaintained(rel, record.timeZone);
    const r = render(lowered, ctx, `materialized view ${record.name}`, this.state);
    this.contents = contentsShape(record);
    const keys = uniqueKeys(lowered);
    // Contents arranged by a key hold one row per key value: the plan must still have that key.
    const cols = this.contents.columns;
    if (this.contents.unique && !keys.some((k) => k.every((c) => cols.includes(c))))
      throw internalError(
        `materialized view "${record.name}" is stored by columns (${cols.join(', ')}), which its plan no longer shows to be a key`,
      );
    this.isSet = this.contents.unique || keys.length > 0;
    this.reduceWritesContents =
      record.stateInContents === true &&
      this.contents.unique &&
      this.contents.columns.every((c, i) => c === i) &&
      keepStateInRows(
        r.output,
        groupRows(
          () => this.currentTxn(),
          record.id,
          record.columns.length,
          this.contents.columns.length,
        ),
      );
    this.dataflow = r.dataflow;
    this.reads = new Map([...r.reads].map(([name, read]) => [name, read.id]));
    this.dataflow.observe(r.output, (batch) => (this.output = batch));
    this.dataflow.onErrors((batch) => (this.errors = batch));
  }

  get id(): string {
    return this.record.id;
  }

  private currentTxn(): StoreTxn {
    if (this.txn === null) throw internalError('view contents used outside a tick');
    return this.txn;
  }

  /** Ids of the relations this view reads. */
  sources(): Set<string> {
    return new Set(this.reads.values());
  }

  /**
   * Runs one tick over the changes of the relations it reads (by relation id); writes its
   * contents, index and error changes through `txn`; returns its own changes. The errors of the
   * views it reads become its errors too (reading it must fail as reading them does). Unless
   * its changes are `wanted` (read by a view, subscription or sink), a large tick's row changes
   * are not all kept (its returned rows are then incomplete).
   */
  step(
    txn: StoreTxn,
    tick: number,
    changes: ReadonlyMap<string, Changes>,
    wanted: boolean,
  ): Changes {
    const inputs: Record<string, Delta> = {};
    let any = false;
    for (const [name, id] of this.reads) {
      const d = changes.get(id)?.rows ?? [];
      if (d.length > 0) any = true;
      inputs[name] = d;
    }
    const inherited = [...this.sources()].flatMap((id) => changes.get(id)?.errors ?? []);
    applyErrors(txn, this.id, inherited);
    if (!any) return { rows: [], errors: inherited };
    const retain = this.record.retainHistoryMs;
    const history = retain !== undefined && this.hydration === null;
    const out = this.run(txn, inputs, wanted || history);
    if (history) recordHistory(txn, this.id, tick, retain, tickRows(out));
    return { ...out, errors: [...out.errors, ...inherited] };
  }

  /**
   * Starts hydrating a new view from `snapshot` (taken at the tick that created it): the rows of
   * what it reads are fed in slices by hydrateSlice(), each in a write transaction of its own,
   * while the ticks after the snapshot reach the view through step() as usual. Operators only see
   * changes, so feeding the snapshot and the later changes in any interleaving ends in the same
   * state. `views` gives the materialized views' widths by id (their contents hold counts, and
   * may hold a group's state after its row: expandCounted).
   */
  startHydration(snapshot: StoreSnapshot, views: ReadonlyMap<string, number>): void {
    const sources = [...this.reads].map(([name, id]): RowSource => {
      const width = views.get(id);
      const rows =
        width !== undefined
          ? expandCounted(snapshot.scanPrefix(id, new Uint8Array(0)), width)
          : (function* () {
              for (const [, row] of snapshot.scan(id)) yield row;
            })();
      return [[name], rows[Symbol.iterator]()];
    });
    const inherited = [...this.sources()]
      .filter((id) => views.has(id))
      .flatMap((id) => snapshotErrors(snapshot, id));
    this.hydration = { snapshot, sources, inherited, started: false };
  }

  get hydrating(): boolean {
    return this.hydration !== null;
  }

  /**
   * Reads the next slice of the hydration snapshot (outside any write transaction: lmdb-js
   * would read a snapshot inside one through the write transaction instead).
   */
  readSlice(): HydrationSlice | null {
    const h = this.hydration;
    if (h === null) return null;
    const { inputs, full } = takeSlice(h.sources, SLICE_ROWS);
    const first = !h.started;
    h.started = true;
    return { inputs, first, last: !full };
  }

  /**
   * Feeds a slice read by readSlice() in `txn`; returns true for the last one (the view's
   * hydration marker is then cleared, and the snapshot released).
   */
  feedSlice(txn: StoreTxn, slice: HydrationSlice, tick: number): boolean {
    if (this.hydration === null) return true;
    if (slice.first) applyErrors(txn, this.id, this.hydration.inherited);
    // Always one run: constant rows (a global aggregate's empty row) appear on the first.
    this.run(txn, slice.inputs);
    if (!slice.last) return false;
    clearHydrating(txn, this.id);
    if (this.record.retainHistoryMs !== undefined) startHistory(txn, this.id, tick);
    this.stopHydration();
    return true;
  }

  /** Abandons hydration (the view was dropped): releases the snapshot. */
  stopHydration(): void {
    this.hydration?.snapshot.release();
    this.hydration = null;
  }

  /**
   * Runs the dataflow over `inputs` in steps of at most STEP_ROWS rows (always at least one).
   * Without `keep`, the row changes of several steps are not collected (nobody reads them).
   */
  private run(txn: StoreTxn, inputs: Record<string, Delta>, keep = true): Changes {
    const names = Object.keys(inputs);
    let total = 0;
    for (const name of names) total += inputs[name]!.length;
    if (total <= STEP_ROWS) return this.step1(txn, inputs);
    const rows: (readonly [Row, Diff])[] = [];
    const errors: (readonly [EddyError, Diff])[] = [];
    for (const name of names) {
      const delta = inputs[name]!;
      for (let i = 0; i < delta.length; i += STEP_ROWS) {
        const part: Record<string, Delta> = {};
        for (const n of names) part[n] = n === name ? delta.slice(i, i + STEP_ROWS) : [];
        const out = this.step1(txn, part);
        if (keep) for (const r of out.rows) rows.push(r);
        for (const e of out.errors) errors.push(e);
      }
    }
    return { rows, errors, stepped: true };
  }

  private step1(txn: StoreTxn, inputs: Record<string, Delta>): Changes {
    this.state.bind(stateTxn(txn, stateDb(this.id)));
    this.txn = txn;
    try {
      this.dataflow.runTick(++this.time, inputs);
    } finally {
      this.state.unbind();
      this.txn = null;
    }
    const out = this.output.map(([row, , diff]) => [row, diff] as const);
    const indexes = [...this.indexes].map(([id, shape]) => ({ id, ...shape }));
    const contents = this.reduceWritesContents ? null : this.contents;
    applyOutput(txn, this.id, contents, indexes, out, this.isSet);
    const errors = this.errors.map(([e, , d]) => [e, d] as const);
    applyErrors(txn, this.id, errors);
    return { rows: out, errors };
  }
}
