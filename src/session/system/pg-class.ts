// pg_namespace and pg_class: schemas, and every relation of the current database (user tables,
// views, materialized views, their indexes, and the system catalogs and views themselves).
import { BTREE_AM_OID, HEAP_AM_OID, SUPERUSER_OID, defineRelation } from './columns.js';
import { namespaces, relations, type LiveRelation } from './live.js';

export const pgNamespace = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_namespace',
  oid: 2615,
  columns: 'oid:oid nspname:name nspowner:oid nspacl:aclitem[]',
  rows: (ctx) => namespaces(ctx).map((n) => [n.oid, n.name, SUPERUSER_OID, null]),
});

function accessMethod(r: LiveRelation): number {
  switch (r.relkind) {
    case 'r':
    case 'm':
      return HEAP_AM_OID;
    case 'i':
      return BTREE_AM_OID;
    case 'v':
    case 'S':
      return 0;
  }
}

export const pgClass = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_class',
  oid: 1259,
  columns: `oid:oid relname:name relnamespace:oid reltype:oid reloftype:oid relowner:oid relam:oid
    relfilenode:oid reltablespace:oid relpages:int4 reltuples:float4 relallvisible:int4
    reltoastrelid:oid relhasindex:bool relisshared:bool relpersistence:char relkind:char
    relnatts:int2 relchecks:int2 relhasrules:bool relhastriggers:bool relhassubclass:bool
    relrowsecurity:bool relforcerowsecurity:bool relispopulated:bool relreplident:char
    relispartition:bool relrewrite:oid relfrozenxid:xid relminmxid:xid relacl:aclitem[]
    reloptions:text[] relpartbound:pg_node_tree`,
  rows: (ctx) =>
    relations(ctx).map((r) => {
      // Tables and materialized views hold rows (replica identity, frozen xids); views and
      // indexes do not.
      const stored = r.relkind === 'r' || r.relkind === 'm' || r.relkind === 'S';
      return [
        r.oid,
        r.name,
        r.namespace.oid,
        0, // reltype: Eddy has no composite row types
        0,
        SUPERUSER_OID,
        accessMethod(r),
        r.relkind === 'v' ? 0 : r.oid,
        0,
        0,
        r.relkind === 'i' ? 0 : -1,
        0,
        0,
        r.hasIndex === true,
        false,
        'p',
        r.relkind,
        r.columns.length,
        r.checks ?? 0,
        r.relkind === 'v', // a view's _RETURN rule
        false,
        false,
        false,
        false,
        true,
        stored ? 'd' : 'n',
        false,
        0,
        stored ? 1 : 0,
        stored ? 1 : 0,
        null,
        null,
        null,
      ];
    }),
});
