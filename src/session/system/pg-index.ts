// pg_index and pg_constraint for primary keys (Eddy's only indexes and constraints), and the
// text pg_get_indexdef / pg_get_constraintdef return for them. A primary key's constraint shares
// its OID with its index (OIDs are unique per catalog; this lets both functions find it).
import { T } from '../../repr/index.js';
import type { Catalog } from '../catalog/catalog.js';
import { arr, defineRelation, vector } from './columns.js';
import { collationOf, namespaces, primaryKeyOf, primaryKeys, type LivePrimaryKey } from './live.js';
import { quoteIdent } from './quote.js';

/** Default btree operator classes by column type (pg_index.indclass). */
const BTREE_OPCLASS: Readonly<Record<string, number>> = {
  bool: 10003,
  bytea: 10006,
  char: 10007,
  name: 10028,
  int8: 3124,
  int2: 1979,
  int4: 1978,
  text: 3126,
  varchar: 3126,
  oid: 1981,
  float4: 10012,
  float8: 3123,
  inet: 10015,
  bpchar: 10004,
  date: 3122,
  time: 10038,
  timestamp: 3128,
  timestamptz: 3127,
  interval: 10022,
  numeric: 3125,
  uuid: 10065,
  jsonb: 10088,
};

export const pgIndex = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_index',
  oid: 2610,
  columns: `indexrelid:oid indrelid:oid indnatts:int2 indnkeyatts:int2 indisunique:bool
    indnullsnotdistinct:bool indisprimary:bool indisexclusion:bool indimmediate:bool
    indisclustered:bool indisvalid:bool indcheckxmin:bool indisready:bool indislive:bool
    indisreplident:bool indkey:int2vector indcollation:oidvector indclass:oidvector
    indoption:int2vector indexprs:pg_node_tree indpred:pg_node_tree`,
  rows: (ctx) =>
    primaryKeys(ctx).map((pk) => {
      const types = pk.attnums.map((n) => pk.table.columns[n - 1]?.type ?? T.int4);
      return [
        pk.indexOid,
        pk.table.oid,
        pk.attnums.length,
        pk.attnums.length,
        true,
        false,
        true,
        false,
        true,
        false,
        true,
        false,
        true,
        true,
        false,
        vector(pk.attnums),
        vector(types.map(collationOf)),
        vector(types.map((t) => (t.kind === 'scalar' ? (BTREE_OPCLASS[t.name] ?? 0) : 0))),
        vector(pk.attnums.map(() => 0)),
        null,
        null,
      ];
    }),
});

export const pgConstraint = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_constraint',
  oid: 2606,
  columns: `oid:oid conname:name connamespace:oid contype:char condeferrable:bool condeferred:bool
    convalidated:bool conrelid:oid contypid:oid conindid:oid conparentid:oid confrelid:oid
    confupdtype:char confdeltype:char confmatchtype:char conislocal:bool coninhcount:int2
    connoinherit:bool conkey:int2[] confkey:int2[] conpfeqop:oid[] conppeqop:oid[] conffeqop:oid[]
    confdelsetcols:int2[] conexclop:oid[] conbin:pg_node_tree`,
  rows: (ctx) => {
    const nsp = new Map(namespaces(ctx).map((n) => [n.name, n.oid]));
    return primaryKeys(ctx).map((pk) => [
      pk.indexOid,
      pk.name,
      nsp.get(pk.table.schema) ?? 0,
      'p',
      false,
      false,
      true,
      pk.table.oid,
      0,
      pk.indexOid,
      0,
      0,
      ' ',
      ' ',
      ' ',
      true,
      0,
      true,
      arr(pk.attnums),
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  },
});

/** The primary key whose index (or constraint) has this OID. */
export function primaryKeyByOid(
  catalog: Catalog,
  database: string,
  oid: number,
): LivePrimaryKey | undefined {
  for (const r of catalog.relations(database)) {
    if (r.kind === 'table' && r.pkeyOid === oid) return primaryKeyOf(r);
  }
  return undefined;
}

function keyColumns(pk: LivePrimaryKey): string {
  return pk.attnums.map((n) => quoteIdent(pk.table.columns[n - 1]?.name ?? '?')).join(', ');
}

/** pg_get_indexdef(oid): `CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)`. */
export function indexDefinition(pk: LivePrimaryKey): string {
  const table = `${quoteIdent(pk.table.schema)}.${quoteIdent(pk.table.name)}`;
  return `CREATE UNIQUE INDEX ${quoteIdent(pk.name)} ON ${table} USING btree (${keyColumns(pk)})`;
}

/** pg_get_indexdef(oid, column, pretty) for column > 0: that key column's name. */
export function indexColumnDefinition(pk: LivePrimaryKey, column: number): string {
  const n = pk.attnums[column - 1];
  return n === undefined ? '' : quoteIdent(pk.table.columns[n - 1]?.name ?? '?');
}

/** pg_get_constraintdef(oid): `PRIMARY KEY (id)`. */
export function constraintDefinition(pk: LivePrimaryKey): string {
  return `PRIMARY KEY (${keyColumns(pk)})`;
}
