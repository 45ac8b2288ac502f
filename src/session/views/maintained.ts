// One materialized view at run time: its query bound, planned and rendered into a dataflow whose
// operator state lives in the view's LMDB state database. The maintainer feeds it each tick's
// changes of the relations it reads, inside the tick's write transaction; the view writes its
// output changes to its contents (and indexes) and its error changes to its errors database in
// that same transaction, and hands the output changes on to views that read it.
//
// Built again from the catalog record at every start: binding the same SQL against the same
// catalog yields the same plan, so the operators find their state under the same numbers
// (state.ts) and nothing is recomputed.
import type { SelectStmt } from '@pgsql/types';
import { featureNotSupported, internalError, type EddyError } from '../../errors/index.js';
import type { Diff, Row, Update } from '../../repr/index.js';
import { LmdbState, type StateTxn } from '../../dataflow/state-lmdb.js';
import type { ErrorUpdate } from '../../dataflow/error-set.js';
import type { Dataflow } from '../../dataflow/graph.js';
import { Lowerer } from '../../planner/lower.js';
import { optimize } from '../../planner/optimize.js';
import { render } from '../../planner/render.js';
import { tagOf } from '../../sql/ast.js';
import { Binder, Params } from '../../sql/binder.js';
import { bindQueryRel } from '../../sql/bind-select.js';
import type { CatalogReader, CatalogRelation } from '../../sql/catalog-api.js';
import type { Rel } from '../../sql/hir.js';
import { parseStatements } from '../../sql/parser.js';
import type { Catalog } from '../catalog/catalog.js';
import type { MaterializedViewRecord } from '../catalog/objects.js';
import { SessionCatalog } from '../catalog-reader.js';
import { makeEvalContext, nowMicros } from '../eval-context.js';
import type { StoreTxn } from '../store-api.js';
import { applyErrors, applyOutput, expandCounted, liveErrors, stateDb } from './storage.js';

export type Delta = readonly (readonly [Row, Diff])[];
export type ErrorDelta = readonly (readonly [EddyError, Diff])[];

/** One tick's changes of a relation: rows, and (for views) errors. */
export interface Changes {
  readonly rows: Delta;
  readonly errors: ErrorDelta;
}

/** Rows fed per dataflow pass while hydrating, to bound the working set. */
const HYDRATION_SLICE = 20_000;

/**
 * The binder's catalog for a maintained query: tables without primary keys, so no point lookup
 * is planned (a view reads every change of its inputs, not a few keys).
 */
export function maintainedCatalog(inner: CatalogReader): CatalogReader {
  const strip = (r: CatalogRelation | undefined): CatalogRelation | undefined => {
    if (r?.kind === 'system')
      throw featureNotSupported('materialized views cannot read system catalogs');
    return r?.kind === 'table' ? { ...r, primaryKey: [] } : r;
  };
  return {
    resolveRelation: (schema, name) => strip(inner.resolveRelation(schema, name)),
    schemaExists: (name) => inner.schemaExists(name),
    relationByOid: (oid) => inner.relationByOid(oid),
    currentDatabase: () => inner.currentDatabase(),
    searchPath: () => inner.searchPath(),
  };
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
  return { rel, columns, dependsOn: [...reader.touched] };
}

export class MaintainedView {
  /** Index id → key column positions, maintained with the contents. */
  readonly indexes = new Map<string, readonly number[]>();
  private readonly state = new LmdbState();
  private readonly dataflow: Dataflow;
  /** Dataflow input name → id of the relation it reads. */
  private readonly reads: ReadonlyMap<string, string>;
  private time = 0;
  private output: readonly Update[] = [];
  private errors: readonly ErrorUpdate[] = [];

  constructor(
    readonly record: MaterializedViewRecord,
    catalog: Catalog,
  ) {
    const { rel } = bindMaintainedQuery(catalog, record.database, record.searchPath, record.sql);
    const setting = (n: string): string | undefined =>
      n === 'TimeZone' ? record.timeZone : undefined;
    const now = nowMicros();
    const ctx = makeEvalContext(setting, now, now);
    const lowered = optimize(new Lowerer(ctx).lower(rel));
    const r = render(lowered, ctx, `materialized view ${record.name}`, this.state);
    this.dataflow = r.dataflow;
    this.reads = new Map([...r.reads].map(([name, read]) => [name, read.id]));
    this.dataflow.observe(r.output, (batch) => (this.output = batch));
    this.dataflow.onErrors((batch) => (this.errors = batch));
  }

  get id(): string {
    return this.record.id;
  }

  /** Ids of the relations this view reads. */
  sources(): Set<string> {
    return new Set(this.reads.values());
  }

  /**
   * Runs one tick over the changes of the relations it reads (by relation id); writes its
   * contents, index and error changes through `txn`; returns its own changes. The errors of the
   * views it reads become its errors too (reading it must fail as reading them does).
   */
  step(txn: StoreTxn, changes: ReadonlyMap<string, Changes>): Changes {
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
    const out = this.run(txn, inputs);
    return { rows: out.rows, errors: [...out.errors, ...inherited] };
  }

  /** Feeds the current contents of every relation it reads (a new view), in slices. */
  hydrate(txn: StoreTxn, views: ReadonlySet<string>): void {
    for (const id of this.sources())
      if (views.has(id)) applyErrors(txn, this.id, liveErrors(txn, id));
    const iterators = [...this.reads].map(([name, id]) => {
      const rows = views.has(id)
        ? expandCounted(txn.scan(id))
        : (function* () {
            for (const [, row] of txn.scan(id)) yield row;
          })();
      return [name, rows[Symbol.iterator]()] as const;
    });
    let first = true;
    for (;;) {
      const inputs: Record<string, [Row, Diff][]> = {};
      let fed = 0;
      for (const [name, it] of iterators) {
        const batch: [Row, Diff][] = [];
        while (fed < HYDRATION_SLICE) {
          const n = it.next();
          if (n.done === true) break;
          batch.push([n.value, 1]);
          fed++;
        }
        inputs[name] = batch;
      }
      if (fed === 0 && !first) return;
      first = false;
      this.run(txn, inputs);
      if (fed < HYDRATION_SLICE) return;
    }
  }

  private run(txn: StoreTxn, inputs: Record<string, Delta>): Changes {
    this.state.bind(stateTxn(txn, stateDb(this.id)));
    try {
      this.dataflow.runTick(++this.time, inputs);
    } finally {
      this.state.unbind();
    }
    const out = this.output.map(([row, , diff]) => [row, diff] as const);
    const indexes = [...this.indexes].map(([id, columns]) => ({ id, columns }));
    applyOutput(txn, this.id, indexes, out);
    const errors = this.errors.map(([e, , d]) => [e, d] as const);
    applyErrors(txn, this.id, errors);
    return { rows: out, errors };
  }
}

function stateTxn(txn: StoreTxn, db: string): StateTxn {
  return {
    get: (key) => txn.getRow(db, key),
    put: (key, row) => txn.putRow(db, key, row),
    delete: (key) => txn.deleteRow(db, key),
    scanPrefix: (prefix) => txn.scanPrefix(db, prefix),
  };
}
