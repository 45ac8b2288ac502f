// DBeaver 24.2's PostgreSQL navigator: the queries it runs when a connection opens and when the
// user expands a database, a schema and a table (schemas, tables, columns, constraints, indexes,
// types, a view's definition). Source: dbeaver/dbeaver (commit 2428359b, October 2024)
// plugins/org.jkiss.dbeaver.ext.postgresql/src/org/jkiss/dbeaver/ext/postgresql/model/
// PostgreDatabase.java (SchemaCache, readDatabaseInfo, type cache), PostgreSchema.java (TableCache,
// column, constraint and index caches), PostgreExecutionContext.java, PostgreViewBase.java and
// PostgreDataTypeCache.java; the options a PostgreSQL 10+ server gets (partitions, sequences,
// expression indexes, relation sizes). JDBC's `?` placeholders are written $1, $2.
import type { ToolQuery } from './tool-query.js';

export const DBEAVER: readonly ToolQuery[] = [
  {
    name: 'connection: current schema and user',
    sql: 'SELECT current_schema(),session_user',
    columns: ['current_schema', 'session_user'],
    sameRowsAsPostgres: true,
  },
  {
    name: 'connection: search path',
    sql: 'SHOW search_path',
    columns: ['search_path'],
    sameRowsAsPostgres: true,
  },
  {
    name: 'database info',
    sql: 'SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datname=$1',
    params: () => ['eddy'],
    columns: [
      'oid',
      'datname',
      'datdba',
      'encoding',
      'datistemplate',
      'datallowconn',
      'dattablespace',
      'datcollate',
      'datctype',
      'datacl',
    ],
    contains: { datname: ['eddy'] },
  },
  {
    name: 'schemas',
    sql: `SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=n.oid AND d.objsubid=0 AND d.classoid='pg_namespace'::regclass
 ORDER BY nspname`,
    columns: ['oid', 'nspname', 'nspowner', 'nspacl', 'description'],
    contains: { nspname: ['public', 'sales', 'pg_catalog', 'information_schema'] },
  },
  {
    name: 'tables of a schema',
    sql: `SELECT c.oid,c.*,d.description,pg_catalog.pg_get_expr(c.relpartbound, c.oid) as partition_expr,  pg_catalog.pg_get_partkeydef(c.oid) as partition_key 
FROM pg_catalog.pg_class c
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0 AND d.classoid='pg_class'::regclass
WHERE c.relnamespace=$1 AND c.relkind not in ('i','I','c')`,
    params: (ids) => [ids.namespace('public')],
    columns: [
      'oid',
      'relname',
      'relkind',
      'relowner',
      'relhasindex',
      'relpersistence',
      'reltablespace',
      'relam',
      'description',
      'partition_expr',
      'partition_key',
    ],
    contains: {
      relname: ['orders', 'big_orders', 'per_customer'],
      relkind: ['r', 'v', 'm'],
    },
  },
  {
    name: 'columns of a table',
    sql: `SELECT c.relname,a.*,pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) as def_value,dsc.description,dep.objid
FROM pg_catalog.pg_attribute a
INNER JOIN pg_catalog.pg_class c ON (a.attrelid=c.oid)
LEFT OUTER JOIN pg_catalog.pg_attrdef ad ON (a.attrelid=ad.adrelid AND a.attnum = ad.adnum)
LEFT OUTER JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)
LEFT OUTER JOIN pg_depend dep on dep.refobjid = a.attrelid AND dep.deptype = 'i' and dep.refobjsubid = a.attnum and dep.classid = dep.refclassid
WHERE NOT a.attisdropped AND c.relkind not in ('i','I','c') AND c.oid=$1
ORDER BY a.attnum`,
    params: (ids) => [ids.relation('public.orders')],
    columns: [
      'relname',
      'attname',
      'atttypid',
      'attnum',
      'attnotnull',
      'atttypmod',
      'attlen',
      'atthasdef',
      'attidentity',
      'attgenerated',
      'attcollation',
      'def_value',
      'description',
      'objid',
    ],
    contains: { attname: ['id', 'customer', 'qty'], def_value: ['1'] },
  },
  {
    name: 'columns of every relation in a schema',
    sql: `SELECT c.relname,a.*,pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) as def_value,dsc.description,dep.objid
FROM pg_catalog.pg_attribute a
INNER JOIN pg_catalog.pg_class c ON (a.attrelid=c.oid)
LEFT OUTER JOIN pg_catalog.pg_attrdef ad ON (a.attrelid=ad.adrelid AND a.attnum = ad.adnum)
LEFT OUTER JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)
LEFT OUTER JOIN pg_depend dep on dep.refobjid = a.attrelid AND dep.deptype = 'i' and dep.refobjsubid = a.attnum and dep.classid = dep.refclassid
WHERE NOT a.attisdropped AND c.relkind not in ('i','I','c') AND c.relnamespace=$1
ORDER BY a.attnum`,
    params: (ids) => [ids.namespace('public')],
    columns: ['relname', 'attname', 'atttypid', 'attnum'],
    contains: { relname: ['orders', 'big_orders', 'per_customer'], attname: ['n'] },
  },
  {
    name: 'constraints of a schema',
    sql: `SELECT c.oid,c.*,t.relname as tabrelname,rt.relnamespace as refnamespace,d.description, case when c.contype='c' then "substring"(pg_get_constraintdef(c.oid), 7) else null end consrc_copy
FROM pg_catalog.pg_constraint c
INNER JOIN pg_catalog.pg_class t ON t.oid=c.conrelid
LEFT OUTER JOIN pg_catalog.pg_class rt ON rt.oid=c.confrelid
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0 AND d.classoid='pg_constraint'::regclass
WHERE t.relnamespace=$1
ORDER BY c.oid`,
    params: (ids) => [ids.namespace('public')],
    columns: [
      'oid',
      'conname',
      'contype',
      'conkey',
      'confkey',
      'tabrelname',
      'refnamespace',
      'description',
      'consrc_copy',
    ],
    contains: { conname: ['orders_pkey'], contype: ['p'], tabrelname: ['orders'] },
  },
  {
    name: 'indexes of a schema',
    sql: `SELECT i.*,i.indkey as keys,c.relname,c.relnamespace,c.relam,c.reltablespace,tc.relname as tabrelname,dsc.description,pg_catalog.pg_get_expr(i.indpred, i.indrelid) as pred_expr,pg_catalog.pg_get_expr(i.indexprs, i.indrelid, true) as expr,pg_catalog.pg_relation_size(i.indexrelid) as index_rel_size,pg_catalog.pg_stat_get_numscans(i.indexrelid) as index_num_scans
FROM pg_catalog.pg_index i
INNER JOIN pg_catalog.pg_class c ON c.oid=i.indexrelid
INNER JOIN pg_catalog.pg_class tc ON tc.oid=i.indrelid
LEFT OUTER JOIN pg_catalog.pg_description dsc ON i.indexrelid=dsc.objoid
WHERE  c.relnamespace=$1 ORDER BY c.relname`,
    params: (ids) => [ids.namespace('public')],
    columns: [
      'indexrelid',
      'indrelid',
      'indisunique',
      'indisprimary',
      'indkey',
      'keys',
      'relname',
      'relam',
      'tabrelname',
      'pred_expr',
      'expr',
      'index_rel_size',
      'index_num_scans',
    ],
    contains: {
      relname: ['orders_pkey', 'per_customer_idx'],
      tabrelname: ['orders', 'per_customer'],
    },
  },
  {
    name: 'relation sizes of a schema',
    sql: `select c.oid,pg_catalog.pg_total_relation_size(c.oid) as total_rel_size,pg_catalog.pg_relation_size(c.oid) as rel_size
FROM pg_class c
WHERE c.relnamespace=$1`,
    params: (ids) => [ids.namespace('public')],
    columns: ['oid', 'total_rel_size', 'rel_size'],
  },
  {
    name: 'view definition',
    sql: (ids) => `SELECT pg_get_viewdef(${ids.relation('public.big_orders')}, true)`,
    columns: ['pg_get_viewdef'],
    // Not compared with PostgreSQL: Eddy returns the view's SQL as written, PostgreSQL its own
    // deparsed, qualified and indented form (a known difference).
    contains: { pg_get_viewdef: [' SELECT id, customer, qty FROM orders WHERE qty > 10;'] },
  },
  {
    name: 'data types',
    sql: `SELECT t.oid,t.*,c.relkind,format_type(nullif(t.typbasetype, 0), t.typtypmod) as base_type_name, d.description
FROM pg_catalog.pg_type t
LEFT OUTER JOIN pg_catalog.pg_type et ON et.oid=t.typelem 
LEFT OUTER JOIN pg_catalog.pg_class c ON c.oid=t.typrelid
LEFT OUTER JOIN pg_catalog.pg_description d ON t.oid=d.objoid
WHERE t.typname IS NOT NULL
AND (c.relkind IS NULL OR c.relkind = 'c') AND (et.typcategory IS NULL OR et.typcategory <> 'C')`,
    columns: [
      'oid',
      'typname',
      'typnamespace',
      'typlen',
      'typtype',
      'typcategory',
      'typelem',
      'typarray',
      'typbasetype',
      'typtypmod',
      'relkind',
      'base_type_name',
      'description',
    ],
    contains: { typname: ['int4', 'text', 'numeric', '_int4', 'timestamptz', 'jsonb'] },
  },
  {
    name: 'schema default privileges',
    sql: 'SELECT * FROM pg_default_acl WHERE defaclnamespace = $1',
    params: (ids) => [ids.namespace('public')],
    columns: ['defaclrole', 'defaclnamespace', 'defaclobjtype', 'defaclacl'],
    sameRowsAsPostgres: true,
  },
];
