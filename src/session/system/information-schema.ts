// System relations of information_schema (PostgreSQL's column lists; its domains appear as their
// base types: sql_identifier → name, cardinal_number → int4, character_data → varchar,
// yes_or_no → varchar(3)). The relations live in the info-schema-*.ts files beside this one;
// routines is listed with its columns and no rows (Eddy has no user-defined routines and does
// not list its built-ins there).
import { INFORMATION_SCHEMA_OID } from '../catalog/catalog.js';
import { defineRelation, type PgSystemRelation } from './columns.js';
import { columnsView } from './info-schema-columns.js';
import {
  checkConstraints,
  constraintColumnUsage,
  keyColumnUsage,
  referentialConstraints,
  tableConstraints,
} from './info-schema-constraints.js';
import { schemata, tables, views } from './info-schema-tables.js';

const ROUTINE_COLUMNS = `specific_catalog:sql_identifier specific_schema:sql_identifier
  specific_name:sql_identifier routine_catalog:sql_identifier routine_schema:sql_identifier
  routine_name:sql_identifier routine_type:character_data module_catalog:sql_identifier
  module_schema:sql_identifier module_name:sql_identifier udt_catalog:sql_identifier
  udt_schema:sql_identifier udt_name:sql_identifier data_type:character_data
  character_maximum_length:cardinal_number character_octet_length:cardinal_number
  character_set_catalog:sql_identifier character_set_schema:sql_identifier
  character_set_name:sql_identifier collation_catalog:sql_identifier
  collation_schema:sql_identifier collation_name:sql_identifier numeric_precision:cardinal_number
  numeric_precision_radix:cardinal_number numeric_scale:cardinal_number
  datetime_precision:cardinal_number interval_type:character_data
  interval_precision:cardinal_number type_udt_catalog:sql_identifier
  type_udt_schema:sql_identifier type_udt_name:sql_identifier scope_catalog:sql_identifier
  scope_schema:sql_identifier scope_name:sql_identifier maximum_cardinality:cardinal_number
  dtd_identifier:sql_identifier routine_body:character_data routine_definition:character_data
  external_name:character_data external_language:character_data parameter_style:character_data
  is_deterministic:yes_or_no sql_data_access:character_data is_null_call:yes_or_no
  sql_path:character_data schema_level_routine:yes_or_no max_dynamic_result_sets:cardinal_number
  is_user_defined_cast:yes_or_no is_implicitly_invocable:yes_or_no security_type:character_data
  to_sql_specific_catalog:sql_identifier to_sql_specific_schema:sql_identifier
  to_sql_specific_name:sql_identifier as_locator:yes_or_no created:time_stamp
  last_altered:time_stamp new_savepoint_level:yes_or_no is_udt_dependent:yes_or_no
  result_cast_from_data_type:character_data result_cast_as_locator:yes_or_no
  result_cast_char_max_length:cardinal_number result_cast_char_octet_length:cardinal_number
  result_cast_char_set_catalog:sql_identifier result_cast_char_set_schema:sql_identifier
  result_cast_char_set_name:sql_identifier result_cast_collation_catalog:sql_identifier
  result_cast_collation_schema:sql_identifier result_cast_collation_name:sql_identifier
  result_cast_numeric_precision:cardinal_number result_cast_numeric_precision_radix:cardinal_number
  result_cast_numeric_scale:cardinal_number result_cast_datetime_precision:cardinal_number
  result_cast_interval_type:character_data result_cast_interval_precision:cardinal_number
  result_cast_type_udt_catalog:sql_identifier result_cast_type_udt_schema:sql_identifier
  result_cast_type_udt_name:sql_identifier result_cast_scope_catalog:sql_identifier
  result_cast_scope_schema:sql_identifier result_cast_scope_name:sql_identifier
  result_cast_maximum_cardinality:cardinal_number result_cast_dtd_identifier:sql_identifier`;

const routines = defineRelation({
  schema: 'information_schema',
  name: 'routines',
  oid: INFORMATION_SCHEMA_OID + 377,
  relkind: 'v',
  columns: ROUTINE_COLUMNS,
});

export const INFORMATION_SCHEMA_RELATIONS: readonly PgSystemRelation[] = [
  schemata,
  tables,
  views,
  columnsView,
  tableConstraints,
  checkConstraints,
  keyColumnUsage,
  constraintColumnUsage,
  referentialConstraints,
  routines,
];
