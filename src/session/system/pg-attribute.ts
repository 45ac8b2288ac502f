// pg_attribute (PostgreSQL 16's column order) and pg_attrdef: the user columns of every relation
// (attnum from 1; system columns such as ctid are not listed) and their DEFAULT expressions.
// pg_attrdef.adbin holds the default's SQL text, which pg_get_expr returns as-is.
import { typeInfoOf, typeOid } from '../../repr/pgtypes.js';
import type { SqlType } from '../../repr/index.js';
import { defineRelation } from './columns.js';
import { collationOf, relations } from './live.js';

/** Synthetic pg_attrdef OIDs (unique while relation OIDs stay below 2^21). */
export function attrdefOid(relOid: number, attnum: number): number {
  return relOid * 2048 + attnum;
}

function typmodOf(t: SqlType): number {
  if (t.kind === 'scalar') return t.typmod;
  if (t.kind === 'array') return t.elem.typmod;
  return -1;
}

export const pgAttribute = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_attribute',
  oid: 1249,
  columns: `attrelid:oid attname:name atttypid:oid attlen:int2 attnum:int2 attcacheoff:int4
    atttypmod:int4 attndims:int2 attbyval:bool attalign:char attstorage:char attcompression:char
    attnotnull:bool atthasdef:bool atthasmissing:bool attidentity:char attgenerated:char
    attisdropped:bool attislocal:bool attinhcount:int2 attstattarget:int2 attcollation:oid
    attacl:aclitem[] attoptions:text[] attfdwoptions:text[] attmissingval:anyarray`,
  rows: function* (ctx) {
    for (const r of relations(ctx)) {
      let attnum = 0;
      for (const c of r.columns) {
        attnum++;
        const info = typeInfoOf(c.type);
        yield [
          r.oid,
          c.name,
          typeOid(c.type),
          info.typlen,
          attnum,
          -1,
          typmodOf(c.type),
          c.type.kind === 'array' ? 1 : 0,
          info.typbyval,
          info.typalign,
          info.typstorage,
          '',
          c.notNull,
          c.defaultSql !== null,
          false,
          c.identity ?? '',
          '',
          false,
          true,
          0,
          -1,
          collationOf(c.type),
          null,
          null,
          null,
          null,
        ];
      }
    }
  },
});

export const pgAttrdef = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_attrdef',
  oid: 2604,
  columns: 'oid:oid adrelid:oid adnum:int2 adbin:pg_node_tree',
  rows: function* (ctx) {
    for (const r of relations(ctx)) {
      if (r.relkind !== 'r' || r.system) continue;
      let attnum = 0;
      for (const c of r.columns) {
        attnum++;
        if (c.defaultSql !== null) yield [attrdefOid(r.oid, attnum), r.oid, attnum, c.defaultSql];
      }
    }
  },
});
