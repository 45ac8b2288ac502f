// pg_index for every index (a table's primary key, and CREATE INDEX on tables and materialized
// views), pg_constraint for primary keys and CHECK constraints, and the text pg_get_indexdef /
// pg_get_constraintdef return for them. A primary key's constraint shares its OID with its index
// (OIDs are unique per catalog; this lets both functions find it).
import { T, type Datum, type SqlType } from '../../repr/index.js';
import type { Catalog } from '../catalog/catalog.js';
import type { CheckRecord, TableRecord } from '../catalog/objects.js';
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

/** An index as pg_index and pg_get_indexdef show it. */
export interface IndexInfo {
  readonly oid: number;
  readonly name: string;
  readonly relOid: number;
  readonly schema: string;
  readonly relName: string;
  /** 1-based column numbers of the key. */
  readonly attnums: readonly number[];
  readonly keyNames: readonly string[];
  readonly keyTypes: readonly SqlType[];
  /** A primary key's index (unique); CREATE INDEX ones are not unique. */
  readonly primary: boolean;
}

/** Every index of a database, in OID order. */
export function indexesOf(catalog: Catalog, database: string): IndexInfo[] {
  const out: IndexInfo[] = [];
  for (const r of catalog.relations(database)) {
    const rel = { relOid: r.oid, schema: r.schema, relName: r.name };
    const key = (attnums: readonly number[]) => ({
      attnums,
      keyNames: attnums.map((n) => r.columns[n - 1]?.name ?? '?'),
      keyTypes: attnums.map((n) => r.columns[n - 1]?.type ?? T.int4),
    });
    if (r.kind === 'table') {
      const pk = primaryKeyOf(r);
      if (pk !== undefined) {
        out.push({ oid: pk.indexOid, name: pk.name, ...rel, ...key(pk.attnums), primary: true });
      }
    }
    for (const i of catalog.indexesOn(r.id)) {
      const attnums = i.columns.map((c) => c + 1);
      out.push({ oid: i.oid, name: i.name, ...rel, ...key(attnums), primary: false });
    }
  }
  return out.sort((a, b) => a.oid - b.oid);
}

/** The index with this OID. */
export function indexByOid(catalog: Catalog, database: string, oid: number): IndexInfo | undefined {
  return indexesOf(catalog, database).find((i) => i.oid === oid);
}

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
    indexesOf(ctx.catalog, ctx.database).map((ix) => [
      ix.oid,
      ix.relOid,
      ix.attnums.length,
      ix.attnums.length,
      ix.primary,
      false,
      ix.primary,
      false,
      true,
      false,
      true,
      false,
      true,
      true,
      false,
      vector(ix.attnums),
      vector(ix.keyTypes.map(collationOf)),
      vector(ix.keyTypes.map((t) => (t.kind === 'scalar' ? (BTREE_OPCLASS[t.name] ?? 0) : 0))),
      vector(ix.attnums.map(() => 0)),
      null,
      null,
    ]),
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
    const keys = primaryKeys(ctx).map((pk) =>
      constraintRow({
        oid: pk.indexOid,
        name: pk.name,
        namespace: nsp.get(pk.table.schema) ?? 0,
        type: 'p',
        table: pk.table.oid,
        index: pk.indexOid,
        noInherit: true,
        columns: pk.attnums,
      }),
    );
    const checks = checkConstraints(ctx.catalog, ctx.database).map(({ table, check }) =>
      constraintRow({
        oid: check.oid,
        name: check.name,
        namespace: nsp.get(table.schema) ?? 0,
        type: 'c',
        table: table.oid,
        index: 0,
        noInherit: false,
        columns: check.columns,
      }),
    );
    return [...keys, ...checks];
  },
});

/** A pg_constraint row of a primary key ('p') or CHECK ('c') constraint. */
function constraintRow(c: {
  oid: number;
  name: string;
  namespace: number;
  type: 'p' | 'c';
  table: number;
  index: number;
  noInherit: boolean;
  columns: readonly number[];
}): Datum[] {
  // oid .. convalidated, conrelid, contypid, conindid, conparentid, confrelid, the foreign-key
  // action and match types, conislocal, coninhcount, connoinherit, conkey, then the foreign-key
  // and exclusion columns and conbin (none).
  return [
    ...[c.oid, c.name, c.namespace, c.type, false, false, true],
    ...[c.table, 0, c.index, 0, 0, ' ', ' ', ' ', true, 0, c.noInherit, arr(c.columns)],
    ...Array<null>(7).fill(null),
  ];
}

/** Every CHECK constraint of the database's tables, with its table. */
export function checkConstraints(
  catalog: Catalog,
  database: string,
): { table: TableRecord; check: CheckRecord }[] {
  return catalog
    .relations(database)
    .flatMap((r) =>
      r.kind === 'table' ? (r.checks ?? []).map((check) => ({ table: r, check })) : [],
    );
}

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

/** pg_get_indexdef(oid): `CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)`. */
export function indexDefinition(ix: IndexInfo): string {
  const table = `${quoteIdent(ix.schema)}.${quoteIdent(ix.relName)}`;
  const unique = ix.primary ? 'UNIQUE ' : '';
  const key = ix.keyNames.map(quoteIdent).join(', ');
  return `CREATE ${unique}INDEX ${quoteIdent(ix.name)} ON ${table} USING btree (${key})`;
}

/** pg_get_indexdef(oid, column, pretty) for column > 0: that key column's name. */
export function indexColumnDefinition(ix: IndexInfo, column: number): string {
  const name = ix.keyNames[column - 1];
  return name === undefined ? '' : quoteIdent(name);
}

/** pg_get_constraintdef(oid): `PRIMARY KEY (id)`. */
export function constraintDefinition(pk: LivePrimaryKey): string {
  const key = pk.attnums.map((n) => quoteIdent(pk.table.columns[n - 1]?.name ?? '?'));
  return `PRIMARY KEY (${key.join(', ')})`;
}
