// Cluster-wide catalogs: pg_database (every database), the single superuser role (OID 10, named
// after the session's user, as pg_get_userbyid shows it) in pg_authid / pg_roles / pg_user /
// pg_shadow, the empty pg_auth_members, and pg_tablespace.
import type { Datum } from '../../repr/index.js';
import {
  DEFAULT_TABLESPACE_OID,
  GLOBAL_TABLESPACE_OID,
  SUPERUSER_OID,
  UTF8_ENCODING,
  defineRelation,
} from './columns.js';
import type { SystemContext } from './registry.js';

export const pgDatabase = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_database',
  oid: 1262,
  columns: `oid:oid datname:name datdba:oid encoding:int4 datlocprovider:char datistemplate:bool
    datallowconn:bool datconnlimit:int4 datfrozenxid:xid datminmxid:xid dattablespace:oid
    datcollate:text datctype:text daticulocale:text daticurules:text datcollversion:text
    datacl:aclitem[]`,
  rows: (ctx) =>
    ctx.catalog
      .databases()
      .sort((a, b) => a.oid - b.oid)
      .map((d) => [
        d.oid,
        d.name,
        SUPERUSER_OID,
        UTF8_ENCODING,
        'c',
        false,
        true,
        -1,
        1,
        1,
        DEFAULT_TABLESPACE_OID,
        'C',
        'C',
        null,
        null,
        null,
        null,
      ]),
});

export const pgAuthid = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_authid',
  oid: 1260,
  columns: `oid:oid rolname:name rolsuper:bool rolinherit:bool rolcreaterole:bool rolcreatedb:bool
    rolcanlogin:bool rolreplication:bool rolbypassrls:bool rolconnlimit:int4 rolpassword:text
    rolvaliduntil:timestamptz`,
  rows: (ctx) => [
    [SUPERUSER_OID, ctx.user, true, true, true, true, true, true, true, -1, null, null],
  ],
});

export const pgRoles = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_roles',
  oid: 12000,
  relkind: 'v',
  columns: `rolname:name rolsuper:bool rolinherit:bool rolcreaterole:bool rolcreatedb:bool
    rolcanlogin:bool rolreplication:bool rolconnlimit:int4 rolpassword:text rolvaliduntil:timestamptz
    rolbypassrls:bool rolconfig:text[] oid:oid`,
  rows: (ctx) => [
    [ctx.user, true, true, true, true, true, true, -1, '********', null, true, null, SUPERUSER_OID],
  ],
});

const userRow = (ctx: SystemContext, passwd: Datum): Datum[] => [
  ctx.user,
  SUPERUSER_OID,
  true,
  true,
  true,
  true,
  passwd,
  null,
  null,
];
const USER_COLUMNS = `usename:name usesysid:oid usecreatedb:bool usesuper:bool userepl:bool
  usebypassrls:bool passwd:text valuntil:timestamptz useconfig:text[]`;

export const pgUser = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_user',
  oid: 12014,
  relkind: 'v',
  columns: USER_COLUMNS,
  rows: (ctx) => [userRow(ctx, '********')],
});

export const pgShadow = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_shadow',
  oid: 12005,
  relkind: 'v',
  columns: USER_COLUMNS,
  rows: (ctx) => [userRow(ctx, null)],
});

export const pgAuthMembers = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_auth_members',
  oid: 1261,
  columns:
    'oid:oid roleid:oid member:oid grantor:oid admin_option:bool inherit_option:bool set_option:bool',
});

export const pgTablespace = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_tablespace',
  oid: 1213,
  columns: 'oid:oid spcname:name spcowner:oid spcacl:aclitem[] spcoptions:text[]',
  rows: () => [
    [DEFAULT_TABLESPACE_OID, 'pg_default', SUPERUSER_OID, null, null],
    [GLOBAL_TABLESPACE_OID, 'pg_global', SUPERUSER_OID, null, null],
  ],
});
