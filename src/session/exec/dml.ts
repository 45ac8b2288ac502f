// INSERT, UPDATE and DELETE over tables: the rows to write are computed by the same query
// engine (so subqueries, joins in UPDATE ... FROM / DELETE ... USING, and INSERT ... SELECT work),
// then checked (NOT NULL, primary key) and written into the transaction's pending writes.
import type {
  DeleteStmt,
  InsertStmt,
  OnConflictClause,
  ResTarget,
  SelectStmt,
  UpdateStmt,
} from '@pgsql/types';
import {
  EddyError,
  cardinalityViolation,
  featureNotSupported,
  notNullViolation,
  syntaxError,
  uniqueViolation,
  wrongObjectType,
} from '../../errors/index.js';
import { T, type Row } from '../../repr/index.js';
import { formatText } from '../../repr/io/text.js';
import { DEFAULT_IO_SETTINGS } from '../../repr/io/settings.js';
import { tagOf, positionOf, type Node } from '../../sql/ast.js';
import type { Binder } from '../../sql/binder.js';
import { bindExpr, coerceBool, coerceTo, type ExprCtx } from '../../sql/bind-expr.js';
import { bindFrom } from '../../sql/bind-from.js';
import { bindQueryRel, defaultName } from '../../sql/bind-select.js';
import type { Rel, Scalar } from '../../sql/hir.js';
import { parseStatements } from '../../sql/parser.js';
import { relTypes } from '../../sql/rel-types.js';
import { Scope, type ScopeCol } from '../../sql/scope.js';
import { compileScalar } from '../../planner/compile.js';
import type { ResultColumn, StatementResult } from '../api.js';
import type { TableRecord } from '../catalog/objects.js';
import { rowIdKey } from '../engine.js';
import type { EddySession } from '../session.js';
import { evaluate } from './query.js';
import { rowsResult } from './rows.js';

function resolveTable(
  s: EddySession,
  binder: Binder,
  rv: { schemaname?: string; relname?: string; location?: number },
  verb: string,
): TableRecord {
  const rel = binder.catalog.resolveRelation(rv.schemaname ?? null, rv.relname ?? '');
  const position = rv.location !== undefined ? rv.location + 1 : undefined;
  if (rel === undefined)
    throw new EddyError('42P01', `relation "${rv.relname ?? ''}" does not exist`, { position });
  if (rel.kind !== 'table') {
    throw wrongObjectType(
      `cannot ${verb} ${rel.kind === 'view' ? 'view' : 'relation'} "${rel.name}"`,
      { position },
    );
  }
  const rec = s.engine.catalog.get(rel.id);
  if (rec?.kind !== 'table') throw new EddyError('42P01', `relation "${rel.name}" does not exist`);
  return rec;
}

function tableScope(table: TableRecord, alias: string | undefined, parent: Scope | null): Scope {
  const cols: ScopeCol[] = table.columns.map((c, i) => ({
    name: c.name,
    index: i,
    type: c.type,
    tableOid: table.oid,
    attnum: i + 1,
  }));
  return Scope.of([{ alias: alias ?? table.name, cols }], parent);
}

/** The table's rows with their storage key appended (a hidden bytea column). */
function getWithKey(table: TableRecord): Rel {
  return {
    kind: 'get',
    id: `key:${table.id}`,
    name: table.name,
    types: [...table.columns.map((c) => c.type), T.bytea],
    ...(table.primaryKey.length > 0 ? { primaryKey: table.primaryKey } : {}),
  };
}

export function describeDml(
  s: EddySession,
  binder: Binder,
  tag: string,
  body: Record<string, unknown>,
): ResultColumn[] | null {
  const returning = (body.returningClause as { exprs?: Node[] } | undefined)?.exprs ?? [];
  const rv = body.relation as {
    schemaname?: string;
    relname?: string;
    alias?: { aliasname?: string };
  };
  const table = resolveTable(
    s,
    binder,
    rv,
    tag === 'InsertStmt' ? 'insert into' : tag === 'UpdateStmt' ? 'update' : 'delete from',
  );
  if (tag === 'InsertStmt') planInsert(s, binder, table, body as InsertStmt);
  if (returning.length === 0) return null;
  return bindReturning(binder, table, rv.alias?.aliasname, returning).columns;
}

function bindReturning(
  binder: Binder,
  table: TableRecord,
  alias: string | undefined,
  list: readonly Node[],
): { exprs: Scalar[]; columns: ResultColumn[] } {
  const scope = tableScope(table, alias, null);
  const ctx: ExprCtx = { binder, scope, clause: 'RETURNING', aggs: null, windows: null };
  const exprs: Scalar[] = [];
  const columns: ResultColumn[] = [];
  for (const n of list) {
    const t = tagOf(n)[1] as ResTarget;
    const [vtag, vbody] = tagOf(t.val!);
    if (vtag === 'ColumnRef' && JSON.stringify(vbody).includes('A_Star')) {
      table.columns.forEach((c, i) => {
        exprs.push({ kind: 'column', index: i, type: c.type });
        columns.push({ name: c.name, type: c.type, tableOid: table.oid, columnNumber: i + 1 });
      });
      continue;
    }
    const e = bindExpr(ctx, t.val!);
    const type = e.type.kind === 'scalar' && e.type.name === 'unknown' ? T.text : e.type;
    exprs.push(coerceTo(ctx, e, type, 'implicit'));
    const col =
      e.kind === 'column'
        ? { tableOid: table.oid, columnNumber: e.index + 1 }
        : { tableOid: 0, columnNumber: 0 };
    columns.push({ name: t.name ?? defaultName(t.val!), type, ...col });
  }
  return { exprs, columns };
}

export function executeDml(
  s: EddySession,
  binder: Binder,
  tag: string,
  body: Record<string, unknown>,
  signal: AbortSignal,
): Promise<StatementResult> {
  switch (tag) {
    case 'InsertStmt':
      return insert(s, binder, body as InsertStmt, signal);
    case 'UpdateStmt':
      return update(s, binder, body as UpdateStmt, signal);
    case 'DeleteStmt':
      return remove(s, binder, body as DeleteStmt, signal);
    default:
      throw featureNotSupported(`${tag} is not supported`);
  }
}

// ---- shared pieces ----

const defaultCache = new Map<string, Node>();

/** The column's DEFAULT expression (or NULL), bound and coerced to the column type. */
function defaultExpr(ctx: ExprCtx, table: TableRecord, i: number): Scalar {
  const col = table.columns[i]!;
  if (col.defaultSql === null) return { kind: 'literal', value: null, type: col.type };
  let ast = defaultCache.get(col.defaultSql);
  if (ast === undefined) {
    const stmt = parseStatements(`SELECT ${col.defaultSql}`)[0]!;
    const sel = tagOf(stmt.ast)[1] as SelectStmt;
    ast = (tagOf(sel.targetList![0]!)[1] as ResTarget).val!;
    defaultCache.set(col.defaultSql, ast);
  }
  return coerceTo(ctx, bindExpr(ctx, ast), col.type, 'assignment');
}

async function runRel(s: EddySession, rel: Rel, signal: AbortSignal): Promise<Row[]> {
  const snapshot = s.engine.snapshot();
  try {
    return await evaluate(rel, s.execEnv(snapshot, signal));
  } finally {
    snapshot.release();
  }
}

function describeRow(row: Row, table: TableRecord): string {
  return row
    .map((d, i) =>
      d === null ? 'null' : formatText(d, table.columns[i]!.type, DEFAULT_IO_SETTINGS),
    )
    .join(', ');
}

function checkNotNull(row: Row, table: TableRecord): void {
  table.columns.forEach((c, i) => {
    if (!c.nullable && row[i] === null) {
      throw notNullViolation(
        `null value in column "${c.name}" of relation "${table.name}" violates not-null constraint`,
        {
          detail: `Failing row contains (${describeRow(row, table)}).`,
        },
      );
    }
  });
}

function keyOf(s: EddySession, table: TableRecord, row: Row): Uint8Array {
  if (table.primaryKey.length === 0) return rowIdKey(s.engine.newRowId());
  return s.engine.encodeKey(table.primaryKey.map((i) => row[i]!));
}

function duplicateKey(table: TableRecord, row: Row): EddyError {
  const cols = table.primaryKey.map((i) => table.columns[i]!.name).join(', ');
  const vals = table.primaryKey
    .map((i) => formatText(row[i]!, table.columns[i]!.type, DEFAULT_IO_SETTINGS))
    .join(', ');
  return uniqueViolation(
    `duplicate key value violates unique constraint "${table.pkeyName ?? `${table.name}_pkey`}"`,
    {
      detail: `Key (${cols})=(${vals}) already exists.`,
    },
  );
}

function returningResult(
  s: EddySession,
  binder: Binder,
  table: TableRecord,
  alias: string | undefined,
  list: readonly Node[] | undefined,
  rows: Row[],
  tag: string,
): StatementResult {
  if (list === undefined || list.length === 0) return { kind: 'command', tag };
  const { exprs, columns } = bindReturning(binder, table, alias, list);
  const ctx = s.evalContext();
  const fs = exprs.map((e) => compileScalar(e, ctx));
  return rowsResult(
    columns,
    rows.map((r) => fs.map((f) => f(r))),
    () => tag,
  );
}

// ---- INSERT ----

interface InsertPlan {
  readonly rel: Rel;
}

function planInsert(
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
    const inputs: Rel[] = rows.map((items) => {
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
        if (t === 'SetToDefault') return;
        vals.set(
          col,
          coerceTo(ctx, bindExpr(ctx, n), table.columns[col]!.type, 'assignment', positionOf(n)),
        );
      });
      return { kind: 'map', input: one, exprs: full(vals) };
    });
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
    vals.set(
      col,
      coerceTo(
        ctx,
        { kind: 'column', index: j, type: c.type },
        table.columns[col]!.type,
        'assignment',
      ),
    );
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

async function insert(
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

/** Checks and stages new rows of a table; returns the rows written. */
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
    for (const row of rows) {
      checkNotNull(row, table);
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
      s.writes.put(
        table.id,
        key,
        row,
        isNew && table.primaryKey.length > 0 && snapshot.get(table.id, key) === undefined,
      );
      written.push(row);
    }
  } finally {
    snapshot.release();
  }
  return written;
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
    sets.set(
      i,
      coerceTo(ctx, bindExpr(ctx, t.val!), table.columns[i]!.type, 'assignment', positionOf(t.val)),
    );
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

// ---- UPDATE / DELETE ----

/** Target rows (with their key as the last column) joined with FROM/USING and filtered. */
function targetRows(
  s: EddySession,
  binder: Binder,
  table: TableRecord,
  alias: string | undefined,
  from: readonly Node[] | undefined,
  where: Node | undefined,
): { rel: Rel; scope: Scope; keyIndex: number } {
  const base = tableScope(table, alias, null);
  const width = table.columns.length;
  let rel: Rel = getWithKey(table);
  let scope = base;
  if (from !== undefined && from.length > 0) {
    const f = bindFrom(binder, from, null);
    const shift = width + 1;
    rel = {
      kind: 'join',
      left: rel,
      right: f.rel,
      joinKind: 'inner',
      on: { kind: 'literal', value: true, type: T.bool },
      lateral: false,
    };
    const moved = (c: ScopeCol): ScopeCol => ({ ...c, index: c.index + shift });
    scope = new Scope(
      [...base.items, ...f.scope.items.map((i) => ({ alias: i.alias, cols: i.cols.map(moved) }))],
      [...base.unqualified, ...f.scope.unqualified.map(moved)],
      [...base.star, ...f.scope.star.map(moved)],
      null,
    );
  }
  if (where !== undefined) {
    const ctx: ExprCtx = { binder, scope, clause: 'WHERE', aggs: null, windows: null };
    rel = {
      kind: 'filter',
      input: rel,
      predicates: [coerceBool(ctx, bindExpr(ctx, where), 'WHERE', positionOf(where))],
    };
  }
  return { rel, scope, keyIndex: width };
}

async function update(
  s: EddySession,
  binder: Binder,
  upd: UpdateStmt,
  signal: AbortSignal,
): Promise<StatementResult> {
  if (upd.withClause !== undefined) throw featureNotSupported('WITH in UPDATE is not supported');
  const table = resolveTable(s, binder, upd.relation!, 'update');
  const alias = upd.relation?.alias?.aliasname;
  const { rel, scope, keyIndex } = targetRows(
    s,
    binder,
    table,
    alias,
    upd.fromClause,
    upd.whereClause,
  );
  const ctx: ExprCtx = { binder, scope, clause: 'UPDATE', aggs: null, windows: null };
  const sets = new Map<number, Scalar>();
  for (const n of upd.targetList ?? []) {
    const t = tagOf(n)[1] as ResTarget;
    if ((t.indirection ?? []).length > 0)
      throw featureNotSupported('UPDATE of subfields or array elements is not supported');
    const i = table.columns.findIndex((c) => c.name === t.name);
    if (i < 0)
      throw new EddyError(
        '42703',
        `column "${t.name ?? ''}" of relation "${table.name}" does not exist`,
        { position: positionOf(n) },
      );
    if (sets.has(i))
      throw new EddyError('42601', `multiple assignments to same column "${t.name ?? ''}"`);
    const [vt] = tagOf(t.val!);
    if (vt === 'MultiAssignRef')
      throw featureNotSupported('UPDATE ... SET (a, b) = ... is not supported');
    const value =
      vt === 'SetToDefault'
        ? defaultExpr({ ...ctx, scope: Scope.empty(null) }, table, i)
        : bindExpr(ctx, t.val!);
    sets.set(i, coerceTo(ctx, value, table.columns[i]!.type, 'assignment', positionOf(t.val)));
  }
  // Output: [key, new row...]
  const exprs: Scalar[] = [
    { kind: 'column', index: keyIndex, type: T.bytea },
    ...table.columns.map(
      (c, i) => sets.get(i) ?? ({ kind: 'column', index: i, type: c.type } as Scalar),
    ),
  ];
  const w = relTypes(rel).length;
  const out: Rel = {
    kind: 'project',
    input: { kind: 'map', input: rel, exprs },
    outputs: exprs.map((_, i) => w + i),
  };
  const results = await runRel(s, out, signal);
  const snapshot = s.engine.snapshot();
  const written: Row[] = [];
  try {
    const done = new Set<string>();
    const staged: [Uint8Array, Uint8Array, Row][] = [];
    for (const r of results) {
      const oldKey = r[0] as Uint8Array;
      const hex = Buffer.from(oldKey).toString('hex');
      if (done.has(hex)) continue; // UPDATE ... FROM matching several rows: first one wins
      done.add(hex);
      const row = r.slice(1);
      checkNotNull(row, table);
      const newKey =
        table.primaryKey.length === 0
          ? oldKey
          : s.engine.encodeKey(table.primaryKey.map((i) => row[i]!));
      staged.push([oldKey, newKey, row]);
    }
    // Key changes: a new key must not collide with a row that keeps its key.
    const removed = new Set(
      staged.filter(([o, n]) => !sameBytes(o, n)).map(([o]) => Buffer.from(o).toString('hex')),
    );
    const taken = new Set<string>();
    for (const [oldKey, newKey, row] of staged) {
      const nh = Buffer.from(newKey).toString('hex');
      if (!sameBytes(oldKey, newKey)) {
        if (
          taken.has(nh) ||
          (!removed.has(nh) && s.writes.get(snapshot, table.id, newKey) !== undefined)
        )
          throw duplicateKey(table, row);
      } else if (taken.has(nh)) throw duplicateKey(table, row);
      taken.add(nh);
    }
    for (const [oldKey] of staged) s.writes.delete(table.id, oldKey);
    for (const [oldKey, newKey, row] of staged) {
      const moved = !sameBytes(oldKey, newKey) && !removed.has(Buffer.from(newKey).toString('hex'));
      s.writes.put(table.id, newKey, row, moved && snapshot.get(table.id, newKey) === undefined);
      written.push(row);
    }
  } finally {
    snapshot.release();
  }
  return returningResult(
    s,
    binder,
    table,
    alias,
    upd.returningClause?.exprs,
    written,
    `UPDATE ${written.length}`,
  );
}

async function remove(
  s: EddySession,
  binder: Binder,
  del: DeleteStmt,
  signal: AbortSignal,
): Promise<StatementResult> {
  if (del.withClause !== undefined) throw featureNotSupported('WITH in DELETE is not supported');
  const table = resolveTable(s, binder, del.relation!, 'delete from');
  const alias = del.relation?.alias?.aliasname;
  const { rel, keyIndex } = targetRows(s, binder, table, alias, del.usingClause, del.whereClause);
  const width = table.columns.length;
  const out: Rel = {
    kind: 'distinct',
    input: { kind: 'project', input: rel, outputs: [...Array(width).keys(), keyIndex] },
  };
  const results = await runRel(s, out, signal);
  const deleted: Row[] = [];
  for (const r of results) {
    s.writes.delete(table.id, r[keyIndex] as Uint8Array);
    deleted.push(r.slice(0, width));
  }
  return returningResult(
    s,
    binder,
    table,
    alias,
    del.returningClause?.exprs,
    deleted,
    `DELETE ${deleted.length}`,
  );
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}
