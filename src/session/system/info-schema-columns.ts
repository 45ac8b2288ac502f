// information_schema.columns, with PostgreSQL's rules (information_schema.sql) for data_type
// ('ARRAY' for arrays, format_type without typmod otherwise), lengths, precisions and scales.
import type { SqlType } from '../../repr/index.js';
import { formatType, typeInfoOf } from '../../repr/pgtypes.js';
import { INFORMATION_SCHEMA_OID } from '../catalog/catalog.js';
import { defineRelation } from './columns.js';
import { collationOf, relations } from './live.js';

/** The type's name and typmod as information_schema sees them (element typmod for arrays). */
function nameAndMod(t: SqlType): [string, number] {
  if (t.kind === 'scalar') return [t.name, t.typmod];
  return ['', -1];
}

export function dataType(t: SqlType): string {
  if (t.kind === 'array') return 'ARRAY';
  if (t.kind === 'record') return 'record';
  const info = typeInfoOf(t);
  if (info.typelem !== 0 && info.typlen === -1) return 'ARRAY';
  if (t.name === 'bpchar') return 'character';
  return formatType({ ...t, typmod: -1 });
}

function charMaxLength(name: string, mod: number): number | null {
  return mod !== -1 && (name === 'varchar' || name === 'bpchar') ? mod - 4 : null;
}

function charOctetLength(name: string, mod: number): number | null {
  if (name !== 'text' && name !== 'varchar' && name !== 'bpchar') return null;
  return mod === -1 ? 1_073_741_824 : (charMaxLength(name, mod) ?? 0) * 4;
}

const INT_PRECISION: Readonly<Record<string, number>> = {
  int2: 16,
  int4: 32,
  int8: 64,
  float4: 24,
  float8: 53,
};

function numericPrecision(name: string, mod: number): number | null {
  if (name === 'numeric') return mod === -1 ? null : ((mod - 4) >> 16) & 65535;
  return INT_PRECISION[name] ?? null;
}

function numericRadix(name: string): number | null {
  return name === 'numeric' ? 10 : name in INT_PRECISION ? 2 : null;
}

function numericScale(name: string, mod: number): number | null {
  if (name === 'int2' || name === 'int4' || name === 'int8') return 0;
  return name === 'numeric' && mod !== -1 ? (mod - 4) & 65535 : null;
}

function datetimePrecision(name: string, mod: number): number | null {
  if (name === 'date') return 0;
  if (name === 'time' || name === 'timestamp' || name === 'timestamptz') return mod < 0 ? 6 : mod;
  if (name === 'interval') return mod < 0 || (mod & 65535) === 65535 ? 6 : mod & 65535;
  return null;
}

function intervalType(t: SqlType): string | null {
  if (t.kind !== 'scalar' || t.name !== 'interval' || t.typmod < 0) return null;
  const fields = /^interval(?:\(\d+\))? (.*?)(?:\(\d+\))?$/.exec(formatType(t))?.[1];
  return fields === undefined ? null : fields.toUpperCase();
}

export const columnsView = defineRelation({
  schema: 'information_schema',
  name: 'columns',
  oid: INFORMATION_SCHEMA_OID + 295,
  relkind: 'v',
  columns: `table_catalog:sql_identifier table_schema:sql_identifier table_name:sql_identifier
    column_name:sql_identifier ordinal_position:cardinal_number column_default:character_data
    is_nullable:yes_or_no data_type:character_data character_maximum_length:cardinal_number
    character_octet_length:cardinal_number numeric_precision:cardinal_number
    numeric_precision_radix:cardinal_number numeric_scale:cardinal_number
    datetime_precision:cardinal_number interval_type:character_data
    interval_precision:cardinal_number character_set_catalog:sql_identifier
    character_set_schema:sql_identifier character_set_name:sql_identifier
    collation_catalog:sql_identifier collation_schema:sql_identifier collation_name:sql_identifier
    domain_catalog:sql_identifier domain_schema:sql_identifier domain_name:sql_identifier
    udt_catalog:sql_identifier udt_schema:sql_identifier udt_name:sql_identifier
    scope_catalog:sql_identifier scope_schema:sql_identifier scope_name:sql_identifier
    maximum_cardinality:cardinal_number dtd_identifier:sql_identifier
    is_self_referencing:yes_or_no is_identity:yes_or_no identity_generation:character_data
    identity_start:character_data identity_increment:character_data
    identity_maximum:character_data identity_minimum:character_data identity_cycle:yes_or_no
    is_generated:character_data generation_expression:character_data is_updatable:yes_or_no`,
  rows: function* (ctx) {
    for (const r of relations(ctx)) {
      if (r.relkind === 'i' || r.relkind === 'm' || r.relkind === 'S') continue;
      let attnum = 0;
      for (const c of r.columns) {
        attnum++;
        const [name, mod] = nameAndMod(c.type);
        const coll = collationOf(c.type) === 950 ? 'C' : null;
        yield [
          ctx.database,
          r.namespace.name,
          r.name,
          c.name,
          attnum,
          c.defaultSql,
          c.notNull ? 'NO' : 'YES',
          dataType(c.type),
          charMaxLength(name, mod),
          charOctetLength(name, mod),
          numericPrecision(name, mod),
          numericRadix(name),
          numericScale(name, mod),
          datetimePrecision(name, mod),
          intervalType(c.type),
          null,
          null,
          null,
          null,
          coll === null ? null : ctx.database,
          coll === null ? null : 'pg_catalog',
          coll,
          null,
          null,
          null,
          ctx.database,
          'pg_catalog',
          typeInfoOf(c.type).typname,
          null,
          null,
          null,
          null,
          String(attnum),
          'NO',
          c.identity === undefined ? 'NO' : 'YES',
          c.identity === undefined ? null : c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT',
          null,
          null,
          null,
          null,
          'NO',
          'NEVER',
          null,
          r.relkind === 'r' && !r.system ? 'YES' : 'NO',
        ];
      }
    }
  },
});
