// INSERT: the rows come from VALUES (with DEFAULT) or a query, are completed with column
// defaults, checked (NOT NULL, primary key, ON CONFLICT) and staged in the transaction's writes.
import { checkTester } from './checks.js';
import type { InsertStmt, OnConflictClause, ResTarget, SelectStmt } from '@pgsql/types';
import {
  EddyError,
  cardinalityViolation,
  featureNotSupported,
  syntaxError,
} from '../../errors/index.js';
import { type Datum, type Row } from '../../repr/index.js';
import { tagOf, positionOf, type Node } from '../../sql/ast.js';
import type { Binder } from '../../sql/binder.js';
import { bindExpr, coerceBool, type ExprCtx } from '../../sql/bind-expr.js';
import { bindQueryRel } from '../../sql/bind-select.js';
import type { Rel, Scalar } from '../../sql/hir.js';
import { Scope, type ScopeCol } from '../../sql/scope.js';
import { compileScalar } from '../../planner/compile.js';
import type { StatementResult } from '../api.js';
import type { TableRecord } from '../catalog/objects.js';
import type { EddySession } from '../session.js';
import type { StoreSnapshot } from '../store-api.js';
import type { Newness } from '../txn.js';
import { duplicateKey } from '../constraints.js';
import {
  assignTo,
  checkNotNull,
  defaultExpr,
  keyOf,
  resolveTable,
  returningResult,
  runRel,
} from './dml-common.js';

// ---- INSERT ----

interface InsertPlan {
  readonly rel: Rel;
}

export function planInsert(
  s: EddySession,
  binder: Binder,
  table: TableRecord,
  ins: InsertStmt,
): InsertPlan {
  if (ins.withClause !== undefined) throw featureNotSupported('WITH in INSERT is not supported');
  const ctx: ExprCtx = {
    binder,
    scope: Scope.empty(null),
    clause: 'VALUES',
    aggs: null,
    windows: null,
  };
  const targetNames = (ins.cols ?? []).map((c) => {
    const t = tagOf(c)[1] as ResTarget;
    if ((t.indirection ?? []).length > 0)
      throw featureNotSupported('INSERT into subfields or array elements is not supported');
    return { name: t.name ?? '', position: positionOf(c) };
  });
  const targets =
    targetNames.length === 0
      ? table.columns.map((_, i) => i)
      : targetNames.map(({ name, position }) => {
          const i = table.columns.findIndex((c) => c.name === name);
          if (i < 0)
            throw new EddyError(
              '42703',
              `column "${name}" of relation "${table.name}" does not exist`,
              { position },
            );
          return i;
        });
  const dup = targets.find((t, i) => targets.indexOf(t) !== i);
  if (dup !== undefined)
    throw new EddyError('42701', `column "${table.columns[dup]!.name}" specified more than once`);
  const full = (vals: Map<number, Scalar>): Scalar[] =>
    table.columns.map((_, i) => vals.get(i) ?? defaultExpr(ctx, table, i));
  // Identity columns: OVERRIDING USER VALUE ignores the values given for them; a GENERATED
  // ALWAYS one takes a value only with OVERRIDING SYSTEM VALUE.
  const given = (col: number, position?: number): boolean => {
    const identity = table.columns[col]!.identity;
    if (identity === undefined) return true;
    if (ins.override === 'OVERRIDING_USER_VALUE') return false;
    if (identity === 'always' && ins.override !== 'OVERRIDING_SYSTEM_VALUE') {
      const name = table.columns[col]!.name;
      throw new EddyError('428C9', `cannot insert a non-DEFAULT value into column "${name}"`, {
        detail: `Column "${name}" is an identity column defined as GENERATED ALWAYS.`,
        hint: 'Use OVERRIDING SYSTEM VALUE to override.',
        position,
      });
    }
    return true;
  };
  const one: Rel = { kind: 'constant', rows: [[]], types: [] };
  const sel = ins.selectStmt === undefined ? undefined : (tagOf(ins.selectStmt)[1] as SelectStmt);
  if (sel === undefined) {
    return { rel: { kind: 'map', input: one, exprs: full(new Map()) } };
  }
  if (
    sel.valuesLists !== undefined &&
    sel.sortClause === undefined &&
    sel.limitCount === undefined &&
    sel.withClause === undefined
  ) {
    const rows = sel.valuesLists.map((l) => (tagOf(l)[1].items as Node[]) ?? []);
    // Per VALUES row, the value of every column of the table.
    const values: Scalar[][] = rows.map((items) => {
      if (items.length > targets.length)
        throw syntaxError('INSERT has more expressions than target columns', {
          position: positionOf(items[targets.length]),
        });
      if (items.length < targets.length && targetNames.length > 0)
        throw syntaxError('INSERT has more target columns than expressions', {
          position: targetNames[items.length]?.position,
        });
      const vals = new Map<number, Scalar>();
      items.forEach((n, j) => {
        const col = targets[j]!;
        const [t] = tagOf(n);
        if (t === 'SetToDefault' || !given(col, positionOf(n))) return;
        vals.set(col, assignTo(ctx, bindExpr(ctx, n), table.columns[col]!, positionOf(n)));
      });
      return full(vals);
    });
    const constant = constantRows(values);
    if (constant !== null) return { rel: constant };
    const inputs = values.map((exprs): Rel => ({ kind: 'map', input: one, exprs }));
    return { rel: inputs.length === 1 ? inputs[0]! : { kind: 'union', inputs } };
  }
  const q = bindQueryRel(binder, sel, null);
  if (q.columns.length > targets.length)
    throw syntaxError('INSERT has more expressions than target columns');
  if (q.columns.length < targets.length && targetNames.length > 0)
    throw syntaxError('INSERT has more target columns than expressions');
  const width = q.columns.length;
  const vals = new Map<number, Scalar>();
  q.columns.forEach((c, j) => {
    const col = targets[j]!;
    if (!given(col)) return;
    vals.set(col, assignTo(ctx, { kind: 'column', index: j, type: c.type }, table.columns[col]!));
  });
  const exprs = full(vals);
  return {
    rel: {
      kind: 'project',
      input: { kind: 'map', input: q.rel, exprs },
      outputs: exprs.map((_, i) => width + i),
    },
  };
}

export async function insert(
  s: EddySession,
  binder: Binder,
  ins: InsertStmt,
  signal: AbortSignal,
): Promise<StatementResult> {
  const table = resolveTable(s, binder, ins.relation!, 'insert into');
  const plan = planInsert(s, binder, table, ins);
  const rows = await runRel(s, plan.rel, signal);
  const policy = conflictPolicy(s, binder, table, ins);
  const written = writeInserts(s, table, rows, policy);
  return returningResult(
    s,
    binder,
    table,
    ins.relation?.alias?.aliasname,
    ins.returningClause?.exprs,
    written,
    `INSERT 0 ${written.length}`,
  );
}

/**
 * VALUES rows whose every value is a constant (a literal already coerced to its column's type,
 * or a constant default) as one constant relation: what evaluating them gives, without planning
 * a map and a union input per row (a bulk INSERT's thousand rows). Null if any is not constant.
 */
function constantRows(values: readonly (readonly Scalar[])[]): Rel | null {
  if (values.length === 0) return null;
  const rows: Datum[][] = [];
  for (const exprs of values) {
    const row: Datum[] = [];
    for (const e of exprs) {
      // A parameter's value is a literal too, but one of this execution only.
      if (e.kind !== 'literal' || e.param !== undefined) return null;
      row.push(e.value);
    }
    rows.push(row);
  }
  return { kind: 'constant', rows, types: values[0]!.map((e) => e.type) };
}

/** What an INSERT does when a row's primary key is taken. */
export type ConflictPolicy =
  | { readonly kind: 'error' }
  | { readonly kind: 'nothing' }
  /** DO UPDATE: the new version of the existing row, or null when its WHERE rejects it. */
  | { readonly kind: 'update'; readonly apply: (existing: Row, excluded: Row) => Row | null };

/** Checks and stages new rows of a table; returns the rows written (inserted or updated). */
export function writeInserts(
  s: EddySession,
  table: TableRecord,
  rows: readonly Row[],
  policy: ConflictPolicy,
): Row[] {
  const snapshot = s.engine.snapshot();
  const written: Row[] = [];
  try {
    const seen = new Set<string>();
    const staged: [Uint8Array, Row, boolean][] = [];
    const check = checkTester(s, table);
    for (const row of rows) {
      checkNotNull(row, table);
      check?.(row);
      const key = keyOf(s, table, row);
      if (table.primaryKey.length > 0) {
        const hex = Buffer.from(key).toString('hex');
        const existing = seen.has(hex) ? undefined : s.writes.get(snapshot, table.id, key);
        if (seen.has(hex) || existing !== undefined) {
          if (policy.kind === 'nothing') continue;
          if (policy.kind === 'error') throw duplicateKey(table, row);
          if (seen.has(hex)) {
            throw cardinalityViolation(
              'ON CONFLICT DO UPDATE command cannot affect row a second time',
              {
                hint: 'Ensure that no rows proposed for insertion within the same command have duplicate constrained values.',
              },
            );
          }
          seen.add(hex);
          const updated = policy.apply(existing!, row);
          if (updated === null) continue;
          checkNotNull(updated, table);
          check?.(updated);
          const newKey = keyOf(s, table, updated);
          if (Buffer.compare(newKey, key) !== 0) {
            throw featureNotSupported('ON CONFLICT DO UPDATE may not change the primary key');
          }
          staged.push([key, updated, false]);
          continue;
        }
        seen.add(hex);
      }
      staged.push([key, row, true]);
    }
    for (const [key, row, isNew] of staged) {
      s.writes.put(table.id, key, row, newness(snapshot, table, key, isNew));
      written.push(row);
    }
  } finally {
    snapshot.release();
  }
  return written;
}

/** What the commit needs to know of a staged row's key (a row id key is fresh). */
function newness(
  snapshot: StoreSnapshot,
  table: TableRecord,
  key: Uint8Array,
  isNew: boolean,
): Newness {
  if (!isNew) return 'maybe';
  if (table.primaryKey.length === 0) return 'fresh';
  return snapshot.get(table.id, key) === undefined ? 'checked' : 'maybe';
}

/** Full table rows from rows of the target columns (others get their defaults). */
export async function completeRows(
  s: EddySession,
  binder: Binder,
  table: TableRecord,
  targets: readonly number[],
  rows: readonly Row[],
  signal: AbortSignal,
): Promise<Row[]> {
  if (targets.length === table.columns.length && targets.every((t, i) => t === i)) return [...rows];
  const ctx: ExprCtx = {
    binder,
    scope: Scope.empty(null),
    clause: 'COPY',
    aggs: null,
    windows: null,
  };
  const input: Rel = { kind: 'constant', rows, types: targets.map((t) => table.columns[t]!.type) };
  const exprs = table.columns.map((c, i): Scalar => {
    const j = targets.indexOf(i);
    return j >= 0 ? { kind: 'column', index: j, type: c.type } : defaultExpr(ctx, table, i);
  });
  const rel: Rel = {
    kind: 'project',
    input: { kind: 'map', input, exprs },
    outputs: exprs.map((_, i) => targets.length + i),
  };
  return runRel(s, rel, signal);
}

export { resolveTable };

/** ON CONFLICT [ (key columns) ] DO NOTHING | DO UPDATE SET ... [WHERE ...], on the primary key. */
function conflictPolicy(
  s: EddySession,
  binder: Binder,
  table: TableRecord,
  ins: InsertStmt,
): ConflictPolicy {
  const c = ins.onConflictClause as OnConflictClause | undefined;
  if (c === undefined) return { kind: 'error' };
  if (c.infer?.conname !== undefined) {
    if (c.infer.conname !== table.pkeyName) {
      throw new EddyError(
        '42704',
        `constraint "${c.infer.conname}" for table "${table.name}" does not exist`,
      );
    }
  } else if (c.infer !== undefined) {
    const cols = (c.infer.indexElems ?? []).map((n) =>
      String((tagOf(n)[1] as { name?: string }).name ?? ''),
    );
    const pk = table.primaryKey.map((i) => table.columns[i]!.name);
    if (cols.length !== pk.length || !pk.every((p) => cols.includes(p))) {
      throw new EddyError(
        '42P10',
        'there is no unique or exclusion constraint matching the ON CONFLICT specification',
      );
    }
  } else if (c.action === 'ONCONFLICT_UPDATE') {
    throw syntaxError('ON CONFLICT DO UPDATE requires inference specification or constraint name', {
      hint: 'For example, ON CONFLICT (column_name).',
    });
  }
  if (c.action === 'ONCONFLICT_NOTHING') return { kind: 'nothing' };
  // SET and WHERE see the existing row (by the table's name or alias) and EXCLUDED.
  const width = table.columns.length;
  const cols = (offset: number): ScopeCol[] =>
    table.columns.map((col, i) => ({
      name: col.name,
      index: offset + i,
      type: col.type,
      tableOid: table.oid,
      attnum: i + 1,
    }));
  const existingCols = cols(0);
  const scope = new Scope(
    [
      { alias: ins.relation?.alias?.aliasname ?? table.name, cols: existingCols },
      { alias: 'excluded', cols: cols(width) },
    ],
    existingCols,
    existingCols,
    null,
  );
  const ctx: ExprCtx = {
    binder,
    scope,
    clause: 'ON CONFLICT DO UPDATE',
    aggs: null,
    windows: null,
  };
  const sets = new Map<number, Scalar>();
  for (const n of c.targetList ?? []) {
    const t = tagOf(n)[1] as ResTarget;
    const i = table.columns.findIndex((col) => col.name === t.name);
    if (i < 0)
      throw new EddyError(
        '42703',
        `column "${t.name ?? ''}" of relation "${table.name}" does not exist`,
        { position: positionOf(n) },
      );
    sets.set(i, assignTo(ctx, bindExpr(ctx, t.val!), table.columns[i]!, positionOf(t.val)));
  }
  const evalCtx = s.evalContext();
  const newValues = table.columns.map((col, i) =>
    compileScalar(sets.get(i) ?? { kind: 'column', index: i, type: col.type }, evalCtx),
  );
  const where =
    c.whereClause === undefined
      ? null
      : compileScalar(coerceBool(ctx, bindExpr(ctx, c.whereClause), 'WHERE'), evalCtx);
  return {
    kind: 'update',
    apply: (existing, excluded) => {
      const both = [...existing, ...excluded];
      if (where !== null && where(both) !== true) return null;
      return newValues.map((f) => f(both));
    },
  };
}
