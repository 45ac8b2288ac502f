// CHECK constraints: bound over the table's columns when the table is created (boolean, no
// subqueries, aggregates or window functions; named as PostgreSQL names them), and tested on
// every row a statement writes (INSERT, UPDATE, ON CONFLICT DO UPDATE, COPY), in name order as
// PostgreSQL tests them: a row for which one is false (not NULL) is refused with 23514. The
// definitions pg_get_constraintdef shows are printed here from the stored expression.
import type { Node as AstNode } from '@pgsql/types';
import {
  datatypeMismatch,
  duplicateObject,
  EddyError,
  featureNotSupported,
} from '../../errors/index.js';
import type { Row } from '../../repr/index.js';
import { compileScalar } from '../../planner/compile.js';
import { hasSubquery } from '../../planner/lower-util.js';
import { tagOf, type Node } from '../../sql/ast.js';
import { bindExpr, type ExprCtx } from '../../sql/bind-expr.js';
import { Binder, Params } from '../../sql/binder.js';
import type { Scalar } from '../../sql/hir.js';
import { deparse } from '../../sql/parser.js';
import { formatType } from '../../repr/pgtypes.js';
import { mapScalar } from '../../sql/scalar-util.js';
import type { CheckRecord, TableRecord } from '../catalog/objects.js';
import { describeRow } from '../constraints.js';
import type { EddySession } from '../session.js';
import { quoteIdent } from '../system/quote.js';
import { parseExpression, tableScope } from './dml-common.js';

/** A CHECK constraint as written in CREATE TABLE: its expression, name, and column if any. */
export interface CheckSpec {
  readonly expr: Node;
  readonly name: string | undefined;
}

/** The table's CHECK constraints, bound and named (names unique within the table). */
export function bindChecks(
  binder: Binder,
  table: TableRecord,
  specs: readonly CheckSpec[],
  allocateOid: () => number,
): CheckRecord[] {
  const taken = new Set<string>(table.pkeyName === null ? [] : [table.pkeyName]);
  for (const spec of specs) {
    if (spec.name === undefined) continue;
    if (taken.has(spec.name))
      throw duplicateObject(
        spec.name === table.pkeyName
          ? `constraint "${spec.name}" for relation "${table.name}" already exists`
          : `check constraint "${spec.name}" already exists`,
      );
    taken.add(spec.name);
  }
  return specs.map((spec) => {
    const bound = bindCheck(binder, table, spec.expr);
    const columns = columnsRead(bound);
    let name = spec.name;
    if (name === undefined) {
      const base =
        columns.length === 1
          ? `${table.name}_${table.columns[columns[0]! - 1]!.name}_check`
          : `${table.name}_check`;
      name = base;
      for (let i = 1; taken.has(name); i++) name = `${base}${i}`;
      taken.add(name);
    }
    return { name, oid: allocateOid(), sql: deparse(spec.expr), columns };
  });
}

/** A check expression bound over the table's columns, with PostgreSQL's errors. */
function bindCheck(binder: Binder, table: TableRecord, expr: Node): Scalar {
  const ctx: ExprCtx = {
    binder,
    scope: tableScope(table, undefined, null),
    clause: 'check constraints',
    aggs: null,
    windows: null,
  };
  const bound = bindExpr(ctx, expr);
  if (hasSubquery(bound)) throw featureNotSupported('cannot use subquery in check constraint');
  const t = bound.type;
  if (!(t.kind === 'scalar' && (t.name === 'bool' || t.name === 'unknown')))
    throw datatypeMismatch(
      `argument of CHECK must be type boolean, not type ${formatType(bound.type)}`,
    );
  return bound;
}

/** 1-based numbers of the columns an expression reads, in order of first appearance. */
function columnsRead(s: Scalar): number[] {
  const out: number[] = [];
  mapScalar(s, (x) => {
    if (x.kind === 'column' && !out.includes(x.index + 1)) out.push(x.index + 1);
    return undefined;
  });
  return out;
}

/**
 * The test of a table's CHECK constraints for the rows of one statement: throws 23514 for the
 * first constraint (by name) a row makes false. Undefined when the table has none.
 */
export function checkTester(s: EddySession, table: TableRecord): ((row: Row) => void) | undefined {
  const checks = table.checks ?? [];
  if (checks.length === 0) return undefined;
  const binder = new Binder(s.catalogReader(), new Params([], []));
  const ctx = s.evalContext();
  const tests = [...checks]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((c) => ({
      name: c.name,
      test: compileScalar(bindCheck(binder, table, parseExpression(c.sql)), ctx),
    }));
  return (row) => {
    for (const { name, test } of tests) {
      if (test(row) === false)
        throw new EddyError(
          '23514',
          `new row for relation "${table.name}" violates check constraint "${name}"`,
          { detail: `Failing row contains (${describeRow(row, table)}).` },
        );
    }
  };
}

/**
 * pg_get_constraintdef of a CHECK constraint: `CHECK ((a > 0))`, or with `pretty`
 * `CHECK (a > 0)` — every operator parenthesized, or only where PostgreSQL's pretty printer
 * keeps parentheses (an operator or AND/OR inside another operator).
 */
export function checkDefinition(table: TableRecord, c: CheckRecord, pretty: boolean): string {
  const ast = parseExpression(numericConstants(table, parseExpression(c.sql)));
  return `CHECK (${pretty ? printPretty(ast, null) : print(ast)})`;
}

/**
 * The check's SQL with the integer constants compared with numeric columns written as
 * `0::numeric` (PostgreSQL casts them, and shows the cast).
 */
function numericConstants(table: TableRecord, ast: Node): string {
  const numeric = new Set(
    table.columns
      .filter((c) => c.type.kind === 'scalar' && c.type.name === 'numeric')
      .map((c) => c.name),
  );
  if (numeric.size === 0) return deparse(ast as AstNode);
  const isNumericColumn = (n: unknown): boolean => {
    const [tag, body] = tagOf(n as Node);
    if (tag !== 'ColumnRef') return false;
    const fields = body.fields as Node[];
    return numeric.has(String(tagOf(fields[fields.length - 1]!)[1].sval));
  };
  const cast = (n: unknown): unknown => {
    const [tag, body] = tagOf(n as Node);
    if (tag !== 'A_Const' || body.ival === undefined) return n;
    const v = Number((body.ival as { ival?: number }).ival ?? 0);
    if (v < 0) return n;
    return {
      TypeCast: {
        arg: n,
        typeName: { names: [{ String: { sval: 'numeric' } }], typemod: -1 },
      },
    };
  };
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(walk);
    if (n === null || typeof n !== 'object') return n;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n as Record<string, unknown>)) out[k] = walk(v);
    const expr = out['A_Expr'] as Record<string, unknown> | undefined;
    if (expr?.kind === 'AEXPR_OP' && expr.lexpr !== undefined) {
      if (isNumericColumn(expr.lexpr)) expr.rexpr = cast(expr.rexpr);
      else if (isNumericColumn(expr.rexpr)) expr.lexpr = cast(expr.lexpr);
    }
    return out;
  };
  return deparse(walk(ast) as AstNode);
}

type Parent = 'op' | 'AND' | 'OR' | 'NOT' | null;

function print(node: Node): string {
  return printNode(node, (n) => print(n), true);
}

function printPretty(node: Node, parent: Parent): string {
  const [tag, body] = tagOf(node);
  const inner = (n: Node, p: Parent): string => printPretty(n, p);
  if (tag === 'A_Expr' && body.kind === 'AEXPR_OP') {
    const text = printOp(body, (n) => inner(n, 'op'));
    return parent === 'op' ? `(${text})` : text;
  }
  if (tag === 'BoolExpr') {
    const kind = boolKind(body);
    const args = (body.args as Node[]).map((a) => inner(a, kind));
    const text = kind === 'NOT' ? `NOT ${args[0]}` : args.join(` ${kind} `);
    // AND binds tighter than OR: only an OR (or NOT's operand, or an operator's) needs them.
    const bare = parent === null || parent === kind || (parent === 'OR' && kind === 'AND');
    return bare ? text : `(${text})`;
  }
  return printNode(node, (n) => inner(n, 'op'), false);
}

function boolKind(body: Record<string, unknown>): 'AND' | 'OR' | 'NOT' {
  return body.boolop === 'AND_EXPR' ? 'AND' : body.boolop === 'OR_EXPR' ? 'OR' : 'NOT';
}

function printOp(body: Record<string, unknown>, sub: (n: Node) => string): string {
  const op = (body.name as Node[]).map((n) => String(tagOf(n)[1].sval)).join('.');
  const r = sub(body.rexpr as Node);
  return body.lexpr === undefined ? `${op} ${r}` : `${sub(body.lexpr as Node)} ${op} ${r}`;
}

/** Columns, constants, operators, AND / OR / NOT and IS [NOT] NULL as ruleutils prints them. */
function printNode(node: Node, sub: (n: Node) => string, parens: boolean): string {
  const [tag, body] = tagOf(node);
  const wrap = (s: string): string => (parens ? `(${s})` : s);
  switch (tag) {
    case 'ColumnRef': {
      const fields = (body.fields as Node[]).map((f) => tagOf(f)[1].sval as string | undefined);
      if (fields.every((f) => f !== undefined)) return fields.map((f) => quoteIdent(f!)).join('.');
      break;
    }
    case 'A_Const': {
      if (body.isnull === true) return 'NULL';
      if (body.ival !== undefined) {
        const v = Number((body.ival as { ival?: number }).ival ?? 0);
        return v < 0 ? `'${v}'::integer` : String(v);
      }
      if (body.fval !== undefined) {
        const v = String((body.fval as { fval?: string }).fval);
        return v.startsWith('-') ? `'${v}'::numeric` : v;
      }
      if (body.sval !== undefined)
        return `'${String((body.sval as { sval?: string }).sval ?? '').replace(/'/g, "''")}'::text`;
      if (body.boolval !== undefined)
        return (body.boolval as { boolval?: boolean }).boolval === true ? 'true' : 'false';
      break;
    }
    case 'A_Expr':
      if (body.kind === 'AEXPR_OP') return wrap(printOp(body, sub));
      break;
    case 'BoolExpr': {
      const kind = boolKind(body);
      const args = (body.args as Node[]).map(sub);
      return wrap(kind === 'NOT' ? `NOT ${args[0]}` : args.join(` ${kind} `));
    }
    case 'TypeCast': {
      const [argTag, arg] = tagOf(body.arg as Node);
      const names = ((body.typeName as { names?: Node[] }).names ?? []).map((n) =>
        String(tagOf(n)[1].sval),
      );
      if (argTag === 'A_Const' && arg.ival !== undefined && names[names.length - 1] === 'numeric')
        return `${wrap(String((arg.ival as { ival?: number }).ival ?? 0))}::numeric`;
      break;
    }
    case 'NullTest':
      return wrap(
        `${sub(body.arg as Node)} ${body.nulltesttype === 'IS_NOT_NULL' ? 'IS NOT NULL' : 'IS NULL'}`,
      );
  }
  return deparse(node as AstNode);
}
