// Run-time views: pg_settings (the session's settings), pg_stat_activity (the current session)
// and pg_stat_user_tables (one row per user table; Eddy keeps no access statistics, so the
// counters are zero and the timestamps NULL).
import { SUPERUSER_OID, defineRelation } from './columns.js';
import { relations } from './live.js';

export const pgSettings = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_settings',
  oid: 12104,
  relkind: 'v',
  columns: `name:text setting:text unit:text category:text short_desc:text extra_desc:text
    context:text vartype:text source:text min_val:text max_val:text enumvals:text[] boot_val:text
    reset_val:text sourcefile:text sourceline:int4 pending_restart:bool`,
  rows: (ctx) =>
    ctx
      .settings()
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((s) => [
        s.name,
        s.setting,
        null,
        'Ungrouped',
        s.description,
        null,
        'user',
        'string',
        'default',
        null,
        null,
        null,
        null,
        s.setting,
        null,
        null,
        false,
      ]),
});

export const pgStatActivity = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_stat_activity',
  oid: 12222,
  relkind: 'v',
  columns: `datid:oid datname:name pid:int4 leader_pid:int4 usesysid:oid usename:name
    application_name:text client_addr:inet client_hostname:text client_port:int4
    backend_start:timestamptz xact_start:timestamptz query_start:timestamptz
    state_change:timestamptz wait_event_type:text wait_event:text state:text backend_xid:xid
    backend_xmin:xid query_id:int8 query:text backend_type:text`,
  rows: (ctx) => [
    [
      ctx.catalog.database(ctx.database)?.oid ?? 0,
      ctx.database,
      ctx.backendPid,
      null,
      SUPERUSER_OID,
      ctx.user,
      ctx.setting('application_name') ?? '',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      'active',
      null,
      null,
      null,
      null,
      'client backend',
    ],
  ],
});

export const pgStatUserTables = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_stat_user_tables',
  oid: 12161,
  relkind: 'v',
  columns: `relid:oid schemaname:name relname:name seq_scan:int8 last_seq_scan:timestamptz
    seq_tup_read:int8 idx_scan:int8 last_idx_scan:timestamptz idx_tup_fetch:int8 n_tup_ins:int8
    n_tup_upd:int8 n_tup_del:int8 n_tup_hot_upd:int8 n_tup_newpage_upd:int8 n_live_tup:int8
    n_dead_tup:int8 n_mod_since_analyze:int8 n_ins_since_vacuum:int8 last_vacuum:timestamptz
    last_autovacuum:timestamptz last_analyze:timestamptz last_autoanalyze:timestamptz
    vacuum_count:int8 autovacuum_count:int8 analyze_count:int8 autoanalyze_count:int8`,
  rows: (ctx) =>
    relations(ctx)
      .filter((r) => r.relkind === 'r' && !r.system)
      .map((r) => {
        const idx = r.primaryKey !== undefined ? 0n : null;
        return [
          r.oid,
          r.namespace.name,
          r.name,
          0n,
          null,
          0n,
          idx,
          null,
          idx,
          0n,
          0n,
          0n,
          0n,
          0n,
          0n,
          0n,
          0n,
          0n,
          null,
          null,
          null,
          null,
          0n,
          0n,
          0n,
          0n,
        ];
      }),
});
