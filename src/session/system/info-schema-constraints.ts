// information_schema's constraint views: table_constraints and check_constraints (primary keys,
// CHECK constraints, and PostgreSQL's "<nsp oid>_<rel oid>_<attnum>_not_null" CHECK entries for NOT NULL columns),
// key_column_usage and constraint_column_usage (primary-key columns), and the empty
// referential_constraints (Eddy has no foreign keys).
import type { Datum } from '../../repr/index.js';
import { INFORMATION_SCHEMA_OID } from '../catalog/catalog.js';
import { defineRelation } from './columns.js';
import { relations, type LiveRelation } from './live.js';
import type { SystemContext } from './registry.js';
import { checkConstraints as checkConstraintsOf } from './pg-index.js';
import { checkDefinition } from '../exec/checks.js';

const info = { schema: 'information_schema' as const, relkind: 'v' as const };

interface NotNull {
  readonly rel: LiveRelation;
  readonly name: string;
  readonly column: string;
}

function userTables(ctx: SystemContext): LiveRelation[] {
  return relations(ctx).filter((r) => r.relkind === 'r' && !r.system);
}

function notNulls(ctx: SystemContext): NotNull[] {
  const out: NotNull[] = [];
  for (const rel of userTables(ctx)) {
    rel.columns.forEach((c, i) => {
      if (c.notNull)
        out.push({
          rel,
          name: `${rel.namespace.oid}_${rel.oid}_${i + 1}_not_null`,
          column: c.name,
        });
    });
  }
  return out;
}

export const tableConstraints = defineRelation({
  ...info,
  name: 'table_constraints',
  oid: INFORMATION_SCHEMA_OID + 411,
  columns: `constraint_catalog:sql_identifier constraint_schema:sql_identifier
    constraint_name:sql_identifier table_catalog:sql_identifier table_schema:sql_identifier
    table_name:sql_identifier constraint_type:character_data is_deferrable:yes_or_no
    initially_deferred:yes_or_no enforced:yes_or_no nulls_distinct:yes_or_no`,
  rows: (ctx) => {
    const db = ctx.database;
    const row = (r: LiveRelation, name: string, type: string): Datum[] => [
      db,
      r.namespace.name,
      name,
      db,
      r.namespace.name,
      r.name,
      type,
      'NO',
      'NO',
      'YES',
      null,
    ];
    const tables = userTables(ctx);
    const pks = tables.flatMap((r) =>
      r.primaryKey === undefined ? [] : [row(r, r.primaryKey.name, 'PRIMARY KEY')],
    );
    const checks = tableChecks(ctx).flatMap(({ table, check }) => {
      const r = tables.find((t) => t.oid === table.oid);
      return r === undefined ? [] : [row(r, check.name, 'CHECK')];
    });
    return [...pks, ...checks, ...notNulls(ctx).map((n) => row(n.rel, n.name, 'CHECK'))];
  },
});

export const checkConstraints = defineRelation({
  ...info,
  name: 'check_constraints',
  oid: INFORMATION_SCHEMA_OID + 260,
  columns: `constraint_catalog:sql_identifier constraint_schema:sql_identifier
    constraint_name:sql_identifier check_clause:character_data`,
  rows: (ctx) => [
    ...tableChecks(ctx).map(({ table, check }) => [
      ctx.database,
      table.schema,
      check.name,
      checkDefinition(table, check, false).slice('CHECK '.length),
    ]),
    ...notNulls(ctx).map((n) => [
      ctx.database,
      n.rel.namespace.name,
      n.name,
      `${n.column} IS NOT NULL`,
    ]),
  ],
});

const tableChecks = (ctx: SystemContext): ReturnType<typeof checkConstraintsOf> =>
  checkConstraintsOf(ctx.catalog, ctx.database);

export const keyColumnUsage = defineRelation({
  ...info,
  name: 'key_column_usage',
  oid: INFORMATION_SCHEMA_OID + 329,
  columns: `constraint_catalog:sql_identifier constraint_schema:sql_identifier
    constraint_name:sql_identifier table_catalog:sql_identifier table_schema:sql_identifier
    table_name:sql_identifier column_name:sql_identifier ordinal_position:cardinal_number
    position_in_unique_constraint:cardinal_number`,
  rows: function* (ctx) {
    const db = ctx.database;
    for (const r of userTables(ctx)) {
      const pk = r.primaryKey;
      if (pk === undefined) continue;
      let pos = 0;
      for (const n of pk.attnums) {
        pos++;
        yield [
          db,
          r.namespace.name,
          pk.name,
          db,
          r.namespace.name,
          r.name,
          r.columns[n - 1]?.name ?? null,
          pos,
          null,
        ];
      }
    }
  },
});

export const constraintColumnUsage = defineRelation({
  ...info,
  name: 'constraint_column_usage',
  oid: INFORMATION_SCHEMA_OID + 300,
  columns: `table_catalog:sql_identifier table_schema:sql_identifier table_name:sql_identifier
    column_name:sql_identifier constraint_catalog:sql_identifier constraint_schema:sql_identifier
    constraint_name:sql_identifier`,
  rows: function* (ctx) {
    const db = ctx.database;
    for (const r of userTables(ctx)) {
      const pk = r.primaryKey;
      if (pk === undefined) continue;
      const names = pk.attnums.map((n) => r.columns[n - 1]?.name ?? null).sort();
      for (const c of names) yield [db, r.namespace.name, r.name, c, db, r.namespace.name, pk.name];
    }
  },
});

export const referentialConstraints = defineRelation({
  ...info,
  name: 'referential_constraints',
  oid: INFORMATION_SCHEMA_OID + 339,
  columns: `constraint_catalog:sql_identifier constraint_schema:sql_identifier
    constraint_name:sql_identifier unique_constraint_catalog:sql_identifier
    unique_constraint_schema:sql_identifier unique_constraint_name:sql_identifier
    match_option:character_data update_rule:character_data delete_rule:character_data`,
});
