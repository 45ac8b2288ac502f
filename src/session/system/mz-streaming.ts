// Introspection of sources, sinks, connections and secrets, with Materialize's relation and
// column names where Materialize has them (mz_catalog.mz_sources, mz_internal.mz_source_statuses,
// mz_internal.mz_source_statistics, ...), so its monitoring queries run on Eddy; and two of
// Eddy's own: mz_internal.eddy_kafka_source_partitions (per partition: next offset, high
// watermark, lag) and mz_internal.eddy_source_errors (the records a source could not decode).
import type { Datum } from '../../repr/index.js';
import { decodeKey } from '../../storage/index.js';
import type { TableRecord } from '../catalog/objects.js';
import type { RunStatus } from '../streaming/run-status.js';
import { errorTableOf } from '../streaming/source-state.js';
import { defineRelation } from './columns.js';
import type { SystemContext } from './registry.js';

const sourcesOf = (ctx: SystemContext): TableRecord[] =>
  ctx.catalog.sources().filter((r) => r.database === ctx.database);
const sinksOf = (ctx: SystemContext) =>
  ctx.catalog.sinks().filter((r) => r.database === ctx.database);
const schemaId = (ctx: SystemContext, schema: string): string =>
  `u${ctx.catalog.schema(ctx.database, schema)?.oid ?? 0}`;
const format = (f: { kind: string } | null): string | null => f?.kind ?? null;
const micros = (d: Date): bigint => BigInt(d.getTime()) * 1000n;

export const mzSources = defineRelation({
  schema: 'mz_catalog',
  name: 'mz_sources',
  oid: 16_001,
  relkind: 'v',
  columns: `id:text oid:oid schema_id:text name:text type:text connection_id:text size:text
    envelope_type:text key_format:text value_format:text cluster_id:text owner_id:text
    create_sql:text`,
  rows: (ctx) =>
    sourcesOf(ctx).map((r) => [
      r.id,
      r.oid,
      schemaId(ctx, r.schema),
      r.name,
      r.source!.connector,
      r.source!.connection,
      null,
      r.source!.envelope,
      format(r.source!.keyFormat),
      format(r.source!.valueFormat),
      'default',
      'u1',
      r.source!.sql,
    ]),
});

export const mzSinks = defineRelation({
  schema: 'mz_catalog',
  name: 'mz_sinks',
  oid: 16_002,
  relkind: 'v',
  columns: `id:text oid:oid schema_id:text name:text type:text connection_id:text size:text
    envelope_type:text format:text cluster_id:text owner_id:text create_sql:text`,
  rows: (ctx) =>
    sinksOf(ctx).map((r) => [
      r.id,
      r.oid,
      schemaId(ctx, r.schema),
      r.name,
      'kafka',
      r.connection,
      null,
      r.envelope,
      r.format,
      'default',
      'u1',
      r.sql,
    ]),
});

export const mzConnections = defineRelation({
  schema: 'mz_catalog',
  name: 'mz_connections',
  oid: 16_003,
  relkind: 'v',
  columns: 'id:text oid:oid schema_id:text name:text type:text owner_id:text create_sql:text',
  rows: (ctx) =>
    ctx.catalog
      .streamingItems(ctx.database)
      .flatMap((r) =>
        r.kind === 'connection'
          ? [[r.id, r.oid, schemaId(ctx, r.schema), r.name, r.connector, 'u1', r.sql]]
          : [],
      ),
});

export const mzSecrets = defineRelation({
  schema: 'mz_catalog',
  name: 'mz_secrets',
  oid: 16_004,
  relkind: 'v',
  columns: 'id:text oid:oid schema_id:text name:text owner_id:text',
  rows: (ctx) =>
    ctx.catalog
      .streamingItems(ctx.database)
      .flatMap((r) =>
        r.kind === 'secret' ? [[r.id, r.oid, schemaId(ctx, r.schema), r.name, 'u1']] : [],
      ),
});

const STATUS_COLUMNS = `id:text name:text type:text last_status_change_at:timestamptz
  status:text error:text details:jsonb`;

/** A status row: the run's state, or 'starting' before its runner exists. */
function statusRow(
  r: { id: string; name: string },
  run: { status: RunStatus } | undefined,
): Datum[] {
  const st = run?.status;
  return [
    r.id,
    r.name,
    'kafka',
    st === undefined ? null : micros(st.changedAt),
    st?.state ?? 'starting',
    st?.error ?? null,
    null,
  ];
}

export const mzSourceStatuses = defineRelation({
  schema: 'mz_internal',
  name: 'mz_source_statuses',
  oid: 16_005,
  relkind: 'v',
  columns: STATUS_COLUMNS,
  rows: (ctx) => sourcesOf(ctx).map((r) => statusRow(r, ctx.streaming?.sources.get(r.id))),
});

export const mzSinkStatuses = defineRelation({
  schema: 'mz_internal',
  name: 'mz_sink_statuses',
  oid: 16_006,
  relkind: 'v',
  columns: STATUS_COLUMNS,
  rows: (ctx) => sinksOf(ctx).map((r) => statusRow(r, ctx.streaming?.sinks.get(r.id))),
});

export const mzSourceStatistics = defineRelation({
  schema: 'mz_internal',
  name: 'mz_source_statistics',
  oid: 16_007,
  relkind: 'v',
  columns: `id:text replica_id:text messages_received:int8 bytes_received:int8
    updates_staged:int8 updates_committed:int8 offset_known:int8 offset_committed:int8
    snapshot_committed:bool decode_errors:int8`,
  rows: (ctx) =>
    sourcesOf(ctx).map((r) => {
      const run = ctx.streaming?.sources.get(r.id);
      const p = run?.progress;
      let known = 0n;
      let committed = 0n;
      for (const [part, o] of p?.offsets ?? []) {
        committed += o;
        known += run?.highWatermarks.get(part) ?? o;
      }
      return [
        r.id,
        null,
        BigInt(p?.records ?? 0),
        BigInt(p?.bytes ?? 0),
        BigInt(p?.updates ?? 0),
        BigInt(p?.updates ?? 0),
        known,
        committed,
        run?.status.state === 'running',
        BigInt(p?.errors ?? 0),
      ];
    }),
});

export const mzSinkStatistics = defineRelation({
  schema: 'mz_internal',
  name: 'mz_sink_statistics',
  oid: 16_008,
  relkind: 'v',
  columns: `id:text replica_id:text messages_committed:int8 bytes_committed:int8
    last_committed_tick:numeric`,
  rows: (ctx) =>
    sinksOf(ctx).map((r) => {
      const run = ctx.streaming?.sinks.get(r.id);
      return [
        r.id,
        null,
        BigInt(run?.messagesWritten ?? 0),
        BigInt(run?.bytesWritten ?? 0),
        run?.committed === null || run === undefined ? null : String(run.committed),
      ] as Datum[];
    }),
});

export const eddyKafkaPartitions = defineRelation({
  schema: 'mz_internal',
  name: 'eddy_kafka_source_partitions',
  oid: 16_009,
  relkind: 'v',
  columns: `source_id:text source:text topic:text partition:int4 offset:int8
    high_watermark:int8 lag:int8 status:text error:text`,
  rows: (ctx) =>
    sourcesOf(ctx).flatMap((r) => {
      const run = ctx.streaming?.sources.get(r.id);
      if (run === undefined) return [];
      return [...run.progress.offsets]
        .sort((a, b) => a[0] - b[0])
        .map(([part, offset]) => {
          const hw = run.highWatermarks.get(part) ?? null;
          return [
            r.id,
            r.name,
            r.source!.topic,
            part,
            offset,
            hw,
            hw === null ? null : hw > offset ? hw - offset : 0n,
            run.status.state,
            run.status.error,
          ];
        });
    }),
});

export const eddySourceErrors = defineRelation({
  schema: 'mz_internal',
  name: 'eddy_source_errors',
  oid: 16_010,
  relkind: 'v',
  columns: `source_id:text source:text seq:int8 partition:int4 offset:int8 error:text key:bytea
    value:bytea occurred_at:timestamptz`,
  rows: (ctx) =>
    sourcesOf(ctx).flatMap((r) => {
      const snapshot = ctx.snapshot;
      if (snapshot === undefined) return [];
      const out: Datum[][] = [];
      for (const [key, row] of snapshot.scan(errorTableOf(r.id)))
        out.push([r.id, r.name, decodeKey(key)[0]!, ...row]);
      return out;
    }),
});

export const STREAMING_RELATIONS = [
  mzSources,
  mzSinks,
  mzConnections,
  mzSecrets,
  mzSourceStatuses,
  mzSinkStatuses,
  mzSourceStatistics,
  mzSinkStatistics,
  eddyKafkaPartitions,
  eddySourceErrors,
];
