// CREATE TABLE: columns with their types, NOT NULL, DEFAULT, serial types and identity columns
// (each with a sequence owned by the column), the primary key and CHECK constraints; other
// constraints are refused.
import type { ColumnDef, Constraint, CreateStmt } from '@pgsql/types';
import {
  EddyError,
  duplicateColumn,
  featureNotSupported,
  invalidParameterValue,
  invalidTableDefinition,
  syntaxError,
} from '../../errors/index.js';
import { names, tagOf } from '../../sql/ast.js';
import type { Binder } from '../../sql/binder.js';
import { bindTypeName, bindExpr, coerceTo, type ExprCtx } from '../../sql/bind-expr.js';
import { deparse } from '../../sql/parser.js';
import { Scope } from '../../sql/scope.js';
import type { StatementResult } from '../api.js';
import type { CatalogChange } from '../catalog/catalog.js';
import type { CatalogRecord, ColumnRecord } from '../catalog/objects.js';
import type { EddySession } from '../session.js';
import { bindChecks, type CheckSpec } from './checks.js';
import { notice, targetSchema } from './ddl.js';
import { columnSequence, serialType } from './ddl-sequence.js';

export function createTable(s: EddySession, binder: Binder, c: CreateStmt): StatementResult {
  const rv = c.relation!;
  const name = rv.relname ?? '';
  const schema = targetSchema(s, rv);
  const catalog = s.engine.catalog;
  if (c.if_not_exists === true && catalog.relation(s.database, schema, name) !== undefined) {
    return notice('CREATE TABLE', `relation "${name}" already exists, skipping`, '42P07');
  }
  catalog.checkNewRelation(s.database, schema, name);
  if (c.inhRelations !== undefined || c.partspec !== undefined)
    throw featureNotSupported('table inheritance and partitioning are not supported');
  const columns: ColumnRecord[] = [];
  const serials: { name: string; make: (tableId: string) => CatalogRecord }[] = [];
  const checks: CheckSpec[] = [];
  let primaryKey: number[] = [];
  const notNull = new Set<number>();
  const ctx: ExprCtx = {
    binder,
    scope: Scope.empty(null),
    clause: 'DEFAULT expressions',
    aggs: null,
    windows: null,
  };
  const setPk = (cols: number[]): void => {
    if (primaryKey.length > 0)
      throw invalidTableDefinition(`multiple primary keys for table "${name}" are not allowed`);
    primaryKey = cols;
  };
  for (const elt of c.tableElts ?? []) {
    const [tag, body] = tagOf(elt);
    if (tag === 'ColumnDef') {
      const cd = body as ColumnDef;
      const colname = cd.colname ?? '';
      if (columns.some((x) => x.name === colname))
        throw duplicateColumn(`column "${colname}" specified more than once`);
      const serial = serialType(cd.typeName!);
      const type =
        serial === null
          ? bindTypeName(binder, cd.typeName!)
          : { kind: 'scalar' as const, name: serial, typmod: -1 };
      const idx = columns.length;
      let defaultSql: string | null = null;
      let nullable = cd.is_not_null !== true;
      let identity: ColumnRecord['identity'];
      const where = { schema, table: name, column: colname };
      const taken = new Set(serials.map((x) => x.name));
      if (serial !== null) {
        // serial: NOT NULL DEFAULT nextval('<table>_<column>_seq'), a sequence owned by the column.
        const q = columnSequence(s, binder, where, serial, taken);
        serials.push({ name: q.name, make: q.make });
        defaultSql = q.defaultSql;
        nullable = false;
      }
      for (const cn of cd.constraints ?? []) {
        const con = tagOf(cn)[1] as Constraint;
        switch (con.contype) {
          case 'CONSTR_NOTNULL':
            nullable = false;
            break;
          case 'CONSTR_NULL':
            break;
          case 'CONSTR_IDENTITY': {
            if (identity !== undefined)
              throw syntaxError(
                `multiple identity specifications for column "${colname}" of table "${name}"`,
              );
            if (defaultSql !== null)
              throw syntaxError(
                `both default and identity specified for column "${colname}" of table "${name}"`,
              );
            if (type.kind !== 'scalar' || !['int2', 'int4', 'int8'].includes(type.name))
              throw invalidParameterValue(
                'identity column type must be smallint, integer, or bigint',
              );
            const q = columnSequence(
              s,
              binder,
              where,
              type.name as 'int2' | 'int4' | 'int8',
              taken,
              con.options ?? [],
            );
            serials.push({ name: q.name, make: q.make });
            defaultSql = q.defaultSql;
            identity = con.generated_when === 'a' ? 'always' : 'by default';
            nullable = false;
            break;
          }
          case 'CONSTR_DEFAULT': {
            if (serial !== null)
              throw syntaxError(
                `multiple default values specified for column "${colname}" of table "${name}"`,
              );
            if (identity !== undefined)
              throw syntaxError(
                `both default and identity specified for column "${colname}" of table "${name}"`,
              );
            // Validate now: the expression must bind and be assignable to the column type.
            coerceTo(ctx, bindExpr(ctx, con.raw_expr!), type, 'assignment');
            defaultSql = deparse(con.raw_expr!);
            break;
          }
          case 'CONSTR_PRIMARY':
            setPk([idx]);
            break;
          case 'CONSTR_CHECK':
            checks.push({ expr: con.raw_expr!, name: con.conname });
            break;
          default:
            throw featureNotSupported(
              `${constraintName(con.contype)} constraints are not supported`,
            );
        }
      }
      if (!nullable) notNull.add(idx);
      columns.push({
        name: colname,
        type,
        nullable,
        defaultSql,
        ...(identity === undefined ? {} : { identity }),
      });
    } else if (tag === 'Constraint') {
      const con = body as Constraint;
      if (con.contype === 'CONSTR_CHECK') {
        checks.push({ expr: con.raw_expr!, name: con.conname });
        continue;
      }
      if (con.contype !== 'CONSTR_PRIMARY')
        throw featureNotSupported(`${constraintName(con.contype)} constraints are not supported`);
      const keyNames = names(con.keys);
      setPk(
        keyNames.map((k) => {
          const i = columns.findIndex((x) => x.name === k);
          if (i < 0) throw new EddyError('42703', `column "${k}" named in key does not exist`);
          return i;
        }),
      );
    } else {
      throw featureNotSupported(`${tag} in CREATE TABLE is not supported`);
    }
  }
  // Primary key columns are NOT NULL.
  const finalCols = columns.map((col, i) =>
    primaryKey.includes(i) ? { ...col, nullable: false } : col,
  );
  const plain = catalog.newTable(s.database, schema, name, finalCols, primaryKey);
  const checked = bindChecks(binder, plain, checks, () => catalog.allocateOid());
  const table = checked.length === 0 ? plain : { ...plain, checks: checked };
  s.engine.commit({
    catalog: [
      { kind: 'put', record: table },
      ...serials.map((q): CatalogChange => ({ kind: 'put', record: q.make(table.id) })),
    ],
    createTables: [table.id],
  });
  return { kind: 'command', tag: 'CREATE TABLE' };
}

function constraintName(t: string | undefined): string {
  switch (t) {
    case 'CONSTR_UNIQUE':
      return 'UNIQUE';
    case 'CONSTR_CHECK':
      return 'CHECK';
    case 'CONSTR_FOREIGN':
      return 'FOREIGN KEY';
    case 'CONSTR_EXCLUSION':
      return 'EXCLUDE';
    case 'CONSTR_GENERATED':
    case 'CONSTR_IDENTITY':
      return 'generated column';
    default:
      return (t ?? '').replace('CONSTR_', '');
  }
}
