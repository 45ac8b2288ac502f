// Grafana 11's PostgreSQL data source: the metadata queries its query editor sends to list schemas,
// tables and a table's columns, and the version probes of its configuration page. Source:
// grafana/grafana public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts
// (commit 12f912ab), with the table name 'orders' substituted as the editor does.
import type { ToolQuery } from './tool-query.js';

// The editor's "is this schema on the search path" predicate (buildSchemaConstraint()).
const ON_SEARCH_PATH = `
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )`;

export const GRAFANA: readonly ToolQuery[] = [
  {
    name: 'version probe',
    sql: "SELECT current_setting('server_version_num')::int/100 as version",
    columns: ['version'],
  },
  {
    name: 'TimescaleDB probe',
    sql: "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'",
    columns: ['extversion'],
    sameRowsAsPostgres: true,
  },
  {
    name: 'schema list',
    sql: `SELECT schema_name AS "name"
    FROM information_schema.schemata
    WHERE schema_name NOT IN ('information_schema',
                              'pg_catalog',
                              'pg_toast',
                              '_timescaledb_cache',
                              '_timescaledb_catalog',
                              '_timescaledb_internal',
                              '_timescaledb_config',
                              'timescaledb_information',
                              'timescaledb_experimental')
    ORDER BY schema_name`,
    columns: ['name'],
    contains: { name: ['public', 'sales'] },
    sameRowsAsPostgres: true,
  },
  {
    name: 'table list of one schema',
    sql: `SELECT quote_ident(table_name) AS "table"
      FROM information_schema.tables
      WHERE quote_ident(table_schema) = 'public'
      ORDER BY 1`,
    columns: ['table'],
    contains: { table: ['orders', 'big_orders'] },
    sameRowsAsPostgres: true,
  },
  {
    name: 'table list over the search path',
    sql: `SELECT
    CASE WHEN ${ON_SEARCH_PATH}
      THEN quote_ident(table_name)
      ELSE quote_ident(table_schema) || '.' || quote_ident(table_name)
    END AS "table"
    FROM information_schema.tables
    WHERE quote_ident(table_schema) NOT IN ('information_schema',
                             'pg_catalog',
                             '_timescaledb_cache',
                             '_timescaledb_catalog',
                             '_timescaledb_internal',
                             '_timescaledb_config',
                             'timescaledb_information',
                             'timescaledb_experimental')
    ORDER BY CASE WHEN ${ON_SEARCH_PATH} THEN 0 ELSE 1 END, 1`,
    columns: ['table'],
    contains: { table: ['orders', 'big_orders', 'sales.regions'] },
    sameRowsAsPostgres: true,
  },
  {
    name: 'columns of a table on the search path',
    sql: `SELECT quote_ident(column_name) AS "column", data_type AS "type"
    FROM information_schema.columns
    WHERE
      CASE WHEN array_length(parse_ident('orders'),1) = 2
        THEN quote_ident(table_schema) = (parse_ident('orders'))[1]
          AND quote_ident(table_name) = (parse_ident('orders'))[2]
        ELSE quote_ident(table_name) = 'orders'
          AND ${ON_SEARCH_PATH}
      END`,
    columns: ['column', 'type'],
    contains: { column: ['id', 'customer', 'placed'], type: ['timestamp with time zone'] },
    sameRowsAsPostgres: true,
  },
  {
    name: 'columns of a schema-qualified table',
    sql: `SELECT quote_ident(column_name) AS "column", data_type AS "type"
    FROM information_schema.columns
    WHERE
      CASE WHEN array_length(parse_ident('sales.regions'),1) = 2
        THEN quote_ident(table_schema) = (parse_ident('sales.regions'))[1]
          AND quote_ident(table_name) = (parse_ident('sales.regions'))[2]
        ELSE quote_ident(table_name) = 'sales.regions'
          AND ${ON_SEARCH_PATH}
      END`,
    columns: ['column', 'type'],
    contains: { column: ['code', 'name'], type: ['character varying'] },
    sameRowsAsPostgres: true,
  },
];
