// The convenience views over pg_class: pg_tables, pg_views, pg_indexes, pg_matviews, and the
// pg_sequences, and pg_sequence. System catalogs and views are listed too, as in PostgreSQL.
import { typeOid } from '../../repr/pgtypes.js';
import { defineRelation } from './columns.js';
import { relations } from './live.js';
import { indexDefinition, indexesOf } from './pg-index.js';

export const pgTables = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_tables',
  oid: 12033,
  relkind: 'v',
  columns: `schemaname:name tablename:name tableowner:name tablespace:name hasindexes:bool
    hasrules:bool hastriggers:bool rowsecurity:bool`,
  rows: (ctx) =>
    relations(ctx)
      .filter((r) => r.relkind === 'r')
      .map((r) => [
        r.namespace.name,
        r.name,
        ctx.user,
        null,
        r.primaryKey !== undefined,
        false,
        false,
        false,
      ]),
});

export const pgViews = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_views',
  oid: 12028,
  relkind: 'v',
  columns: 'schemaname:name viewname:name viewowner:name definition:text',
  rows: (ctx) =>
    relations(ctx)
      .filter((r) => r.relkind === 'v')
      .map((r) => [
        r.namespace.name,
        r.name,
        ctx.user,
        r.viewSql === undefined ? null : ` ${r.viewSql};`,
      ]),
});

export const pgIndexes = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_indexes',
  oid: 12043,
  relkind: 'v',
  columns: 'schemaname:name tablename:name indexname:name tablespace:name indexdef:text',
  rows: (ctx) =>
    indexesOf(ctx.catalog, ctx.database).map((ix) => [
      ix.schema,
      ix.relName,
      ix.name,
      null,
      indexDefinition(ix),
    ]),
});

export const pgMatviews = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_matviews',
  oid: 12038,
  relkind: 'v',
  columns: `schemaname:name matviewname:name matviewowner:name tablespace:name hasindexes:bool
    ispopulated:bool definition:text`,
  rows: (ctx) =>
    relations(ctx)
      .filter((r) => r.relkind === 'm')
      .map((r) => [
        r.namespace.name,
        r.name,
        ctx.user,
        null,
        r.hasIndex === true,
        true,
        r.viewSql === undefined ? null : ` ${r.viewSql};`,
      ]),
});

export const pgSequences = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_sequences',
  oid: 12048,
  relkind: 'v',
  columns: `schemaname:name sequencename:name sequenceowner:name data_type:regtype start_value:int8
    min_value:int8 max_value:int8 increment_by:int8 cycle:bool cache_size:int8 last_value:int8`,
  rows: (ctx) =>
    ctx.catalog.sequences(ctx.database).map((q) => {
      const at = ctx.sequences?.row(q);
      return [
        q.schema,
        q.name,
        ctx.user,
        typeOid({ kind: 'scalar', name: q.dataType, typmod: -1 }),
        BigInt(q.start),
        BigInt(q.min),
        BigInt(q.max),
        BigInt(q.increment),
        q.cycle,
        BigInt(q.cache),
        at === undefined || !at[2] ? null : at[0],
      ];
    }),
});

/** pg_sequence: a sequence's parameters, by its pg_class OID. */
export const pgSequence = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_sequence',
  oid: 2224,
  columns:
    'seqrelid:oid seqtypid:oid seqstart:int8 seqincrement:int8 seqmax:int8 seqmin:int8 seqcache:int8 seqcycle:bool',
  rows: (ctx) =>
    ctx.catalog
      .sequences(ctx.database)
      .map((q) => [
        q.oid,
        typeOid({ kind: 'scalar', name: q.dataType, typmod: -1 }),
        BigInt(q.start),
        BigInt(q.increment),
        BigInt(q.max),
        BigInt(q.min),
        BigInt(q.cache),
        q.cycle,
      ]),
});

/**
 * pg_depend: what PostgreSQL's tools read of it here — a sequence owned by a column (serial:
 * 'a', identity: 'i'), for psql's "Owned by".
 */
export const pgDepend = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_depend',
  oid: 2608,
  columns:
    'classid:oid objid:oid objsubid:int4 refclassid:oid refobjid:oid refobjsubid:int4 deptype:char',
  rows: (ctx) =>
    ctx.catalog.sequences(ctx.database).flatMap((q) => {
      const owner = q.ownedBy === null ? undefined : ctx.catalog.get(q.ownedBy.table);
      if (owner?.kind !== 'table') return [];
      const attnum = owner.columns.findIndex((c) => c.name === q.ownedBy!.column) + 1;
      const identity = owner.columns[attnum - 1]?.identity !== undefined;
      return [[PG_CLASS_OID, q.oid, 0, PG_CLASS_OID, owner.oid, attnum, identity ? 'i' : 'a']];
    }),
});

const PG_CLASS_OID = 1259;
