// UPDATE (with FROM) and DELETE (with USING): the target rows, found with their storage keys by
// the query engine, are rewritten or removed in the transaction's writes.
import { checkTester } from './checks.js';
import type { DeleteStmt, ResTarget, UpdateStmt } from '@pgsql/types';
import { EddyError, featureNotSupported } from '../../errors/index.js';
import { T, type Row } from '../../repr/index.js';
import { tagOf, positionOf, type Node } from '../../sql/ast.js';
import type { Binder } from '../../sql/binder.js';
import { bindExpr, coerceBool, type ExprCtx } from '../../sql/bind-expr.js';
import { bindFrom } from '../../sql/bind-from.js';
import type { Rel, Scalar } from '../../sql/hir.js';
import { relTypes } from '../../sql/rel-types.js';
import { Scope, type ScopeCol } from '../../sql/scope.js';
import type { StatementResult } from '../api.js';
import type { TableRecord } from '../catalog/objects.js';
import type { EddySession } from '../session.js';
import { duplicateKey } from '../constraints.js';
import {
  assignTo,
  checkNotNull,
  defaultExpr,
  getWithKey,
  resolveTable,
  returningResult,
  runRel,
  tableScope,
} from './dml-common.js';

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

/** Binds an UPDATE: the relation of [key, new row...] per target row (also for Describe). */
export function planUpdate(
  s: EddySession,
  binder: Binder,
  upd: UpdateStmt,
): { table: TableRecord; alias: string | undefined; out: Rel } {
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
    if (table.columns[i]!.identity === 'always' && vt !== 'SetToDefault')
      throw new EddyError('428C9', `column "${t.name ?? ''}" can only be updated to DEFAULT`, {
        detail: `Column "${t.name ?? ''}" is an identity column defined as GENERATED ALWAYS.`,
        position: positionOf(n),
      });
    const value =
      vt === 'SetToDefault'
        ? defaultExpr({ ...ctx, scope: Scope.empty(null) }, table, i)
        : bindExpr(ctx, t.val!);
    sets.set(i, assignTo(ctx, value, table.columns[i]!, positionOf(t.val)));
  }
  // Output: [key, new row..., old row...]
  const exprs: Scalar[] = [
    { kind: 'column', index: keyIndex, type: T.bytea },
    ...table.columns.map(
      (c, i) => sets.get(i) ?? ({ kind: 'column', index: i, type: c.type } as Scalar),
    ),
    ...table.columns.map((c, i): Scalar => ({ kind: 'column', index: i, type: c.type })),
  ];
  const w = relTypes(rel).length;
  const out: Rel = {
    kind: 'project',
    input: { kind: 'map', input: rel, exprs },
    outputs: exprs.map((_, i) => w + i),
  };
  return { table, alias, out };
}

export async function update(
  s: EddySession,
  binder: Binder,
  upd: UpdateStmt,
  signal: AbortSignal,
): Promise<StatementResult> {
  const { table, alias, out } = planUpdate(s, binder, upd);
  const results = await runRel(s, out, signal);
  const snapshot = s.engine.snapshot();
  const written: Row[] = [];
  try {
    const done = new Set<string>();
    const check = checkTester(s, table);
    const staged: [Uint8Array, Uint8Array, Row][] = [];
    for (const r of results) {
      const oldKey = r[0] as Uint8Array;
      const hex = Buffer.from(oldKey).toString('hex');
      if (done.has(hex)) continue; // UPDATE ... FROM matching several rows: first one wins
      done.add(hex);
      const width = table.columns.length;
      const row = r.slice(1, 1 + width);
      s.writes.readRow(table.id, oldKey, r.slice(1 + width));
      checkNotNull(row, table);
      check?.(row);
      const newKey =
        table.primaryKey.length === 0
          ? oldKey
          : s.engine.encodeKey(table.primaryKey.map((i) => row[i]!));
      staged.push([oldKey, newKey, row]);
    }
    // As PostgreSQL's (non-deferrable) unique index: rows are updated one at a time in the order
    // found, and a row's new key must not be held at that moment — by a row not yet updated, by
    // a row already updated, or by a row the UPDATE does not touch. (So `SET id = id + 1` over
    // 1, 2, 3 fails on 2, and `SET id = id - 1` succeeds.)
    const hex = (key: Uint8Array): string => Buffer.from(key).toString('hex');
    const updating = new Set(staged.map(([o]) => hex(o)));
    const notYet = new Set(updating);
    const taken = new Set<string>();
    for (const [oldKey, newKey, row] of staged) {
      notYet.delete(hex(oldKey));
      const nh = hex(newKey);
      if (
        taken.has(nh) ||
        notYet.has(nh) ||
        (!updating.has(nh) && s.writes.get(snapshot, table.id, newKey) !== undefined)
      )
        throw duplicateKey(table, row);
      taken.add(nh);
    }
    const removed = new Set(staged.filter(([o, n]) => !sameBytes(o, n)).map(([o]) => hex(o)));
    for (const [oldKey] of staged) s.writes.delete(table.id, oldKey);
    for (const [oldKey, newKey, row] of staged) {
      const moved = !sameBytes(oldKey, newKey) && !removed.has(hex(newKey));
      s.writes.put(
        table.id,
        newKey,
        row,
        moved && snapshot.get(table.id, newKey) === undefined ? 'checked' : 'maybe',
      );
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

/** Binds a DELETE: the relation of [row..., key] per target row (also for Describe). */
export function planDelete(
  s: EddySession,
  binder: Binder,
  del: DeleteStmt,
): { table: TableRecord; alias: string | undefined; out: Rel; keyIndex: number } {
  if (del.withClause !== undefined) throw featureNotSupported('WITH in DELETE is not supported');
  const table = resolveTable(s, binder, del.relation!, 'delete from');
  const alias = del.relation?.alias?.aliasname;
  const { rel, keyIndex } = targetRows(s, binder, table, alias, del.usingClause, del.whereClause);
  const width = table.columns.length;
  const out: Rel = {
    kind: 'distinct',
    input: { kind: 'project', input: rel, outputs: [...Array(width).keys(), keyIndex] },
  };
  return { table, alias, out, keyIndex };
}

export async function remove(
  s: EddySession,
  binder: Binder,
  del: DeleteStmt,
  signal: AbortSignal,
): Promise<StatementResult> {
  const { table, alias, out, keyIndex } = planDelete(s, binder, del);
  const width = table.columns.length;
  const results = await runRel(s, out, signal);
  const deleted: Row[] = [];
  for (const r of results) {
    s.writes.readRow(table.id, r[keyIndex] as Uint8Array, r.slice(0, width));
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
