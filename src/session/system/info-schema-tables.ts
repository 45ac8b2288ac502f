// information_schema.schemata, tables and views. Eddy's views are not updatable, so views (and
// the system relations) report is_insertable_into 'NO'.
import { INFORMATION_SCHEMA_OID } from '../catalog/catalog.js';
import { defineRelation } from './columns.js';
import { namespaces, relations } from './live.js';

const info = { schema: 'information_schema' as const, relkind: 'v' as const };

export const schemata = defineRelation({
  ...info,
  name: 'schemata',
  oid: INFORMATION_SCHEMA_OID + 382,
  columns: `catalog_name:sql_identifier schema_name:sql_identifier schema_owner:sql_identifier
    default_character_set_catalog:sql_identifier default_character_set_schema:sql_identifier
    default_character_set_name:sql_identifier sql_path:character_data`,
  rows: (ctx) =>
    namespaces(ctx).map((n) => [ctx.database, n.name, ctx.user, null, null, null, null]),
});

export const tables = defineRelation({
  ...info,
  name: 'tables',
  oid: INFORMATION_SCHEMA_OID + 425,
  columns: `table_catalog:sql_identifier table_schema:sql_identifier table_name:sql_identifier
    table_type:character_data self_referencing_column_name:sql_identifier
    reference_generation:character_data user_defined_type_catalog:sql_identifier
    user_defined_type_schema:sql_identifier user_defined_type_name:sql_identifier
    is_insertable_into:yes_or_no is_typed:yes_or_no commit_action:character_data`,
  rows: (ctx) =>
    relations(ctx)
      .filter((r) => r.relkind === 'r' || r.relkind === 'v')
      .map((r) => [
        ctx.database,
        r.namespace.name,
        r.name,
        r.relkind === 'r' ? 'BASE TABLE' : 'VIEW',
        null,
        null,
        null,
        null,
        null,
        r.relkind === 'r' && !r.system ? 'YES' : 'NO',
        'NO',
        null,
      ]),
});

export const views = defineRelation({
  ...info,
  name: 'views',
  oid: INFORMATION_SCHEMA_OID + 483,
  columns: `table_catalog:sql_identifier table_schema:sql_identifier table_name:sql_identifier
    view_definition:character_data check_option:character_data is_updatable:yes_or_no
    is_insertable_into:yes_or_no is_trigger_updatable:yes_or_no is_trigger_deletable:yes_or_no
    is_trigger_insertable_into:yes_or_no`,
  rows: (ctx) =>
    relations(ctx)
      .filter((r) => r.relkind === 'v')
      .map((r) => [
        ctx.database,
        r.namespace.name,
        r.name,
        r.viewSql === undefined ? null : ` ${r.viewSql};`,
        'NONE',
        'NO',
        'NO',
        'NO',
        'NO',
        'NO',
      ]),
});
