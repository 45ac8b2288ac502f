// The columns of every system relation — names, order and type OIDs as a client sees them in
// RowDescription — against a real PostgreSQL (the oracle, PostgreSQL 15 on this machine).
// Eddy follows PostgreSQL 16: the relations whose columns changed between 15 and 16 are
// compared with 16's columns, listed here from the PostgreSQL 16 catalog headers and docs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../../support/server.js';
import { startOracle, type Oracle } from '../../support/oracle.js';
import { allSystemRelations } from '../../../src/session/system/registry.js';
import { registerCatalogRelations } from '../../../src/session/system/index.js';

let server: TestServer;
let oracle: Oracle;
let eddy: pg.Client;
let pgc: pg.Client;

const OID = 26;
const NAME = 19;
const TEXT = 25;
const BOOL = 16;
const INT2 = 21;
const INT4 = 23;
const INT8 = 20;
const CHAR = 18;
const XID = 28;
const TIMESTAMPTZ = 1184;
const ACLITEM_ARRAY = 1034;
const TEXT_ARRAY = 1009;
const INT2_ARRAY = 1005;
const OID_ARRAY = 1028;

/** PostgreSQL 16's columns where they differ from 15's. */
const PG16: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  'pg_catalog.pg_attribute': [
    ['attrelid', OID],
    ['attname', NAME],
    ['atttypid', OID],
    ['attlen', INT2],
    ['attnum', INT2],
    ['attcacheoff', INT4],
    ['atttypmod', INT4],
    ['attndims', INT2],
    ['attbyval', BOOL],
    ['attalign', CHAR],
    ['attstorage', CHAR],
    ['attcompression', CHAR],
    ['attnotnull', BOOL],
    ['atthasdef', BOOL],
    ['atthasmissing', BOOL],
    ['attidentity', CHAR],
    ['attgenerated', CHAR],
    ['attisdropped', BOOL],
    ['attislocal', BOOL],
    ['attinhcount', INT2],
    ['attstattarget', INT2],
    ['attcollation', OID],
    ['attacl', ACLITEM_ARRAY],
    ['attoptions', TEXT_ARRAY],
    // anyarray in PostgreSQL; Eddy has no anyarray type (always NULL here).
    ['attfdwoptions', TEXT_ARRAY],
    ['attmissingval', TEXT_ARRAY],
  ],
  'pg_catalog.pg_database': [
    ['oid', OID],
    ['datname', NAME],
    ['datdba', OID],
    ['encoding', INT4],
    ['datlocprovider', CHAR],
    ['datistemplate', BOOL],
    ['datallowconn', BOOL],
    ['datconnlimit', INT4],
    ['datfrozenxid', XID],
    ['datminmxid', XID],
    ['dattablespace', OID],
    ['datcollate', TEXT],
    ['datctype', TEXT],
    ['daticulocale', TEXT],
    ['daticurules', TEXT],
    ['datcollversion', TEXT],
    ['datacl', ACLITEM_ARRAY],
  ],
  'pg_catalog.pg_collation': [
    ['oid', OID],
    ['collname', NAME],
    ['collnamespace', OID],
    ['collowner', OID],
    ['collprovider', CHAR],
    ['collisdeterministic', BOOL],
    ['collencoding', INT4],
    ['collcollate', TEXT],
    ['collctype', TEXT],
    ['colliculocale', TEXT],
    ['collicurules', TEXT],
    ['collversion', TEXT],
  ],
  'pg_catalog.pg_auth_members': [
    ['oid', OID],
    ['roleid', OID],
    ['member', OID],
    ['grantor', OID],
    ['admin_option', BOOL],
    ['inherit_option', BOOL],
    ['set_option', BOOL],
  ],
  'pg_catalog.pg_constraint': [
    ['oid', OID],
    ['conname', NAME],
    ['connamespace', OID],
    ['contype', CHAR],
    ['condeferrable', BOOL],
    ['condeferred', BOOL],
    ['convalidated', BOOL],
    ['conrelid', OID],
    ['contypid', OID],
    ['conindid', OID],
    ['conparentid', OID],
    ['confrelid', OID],
    ['confupdtype', CHAR],
    ['confdeltype', CHAR],
    ['confmatchtype', CHAR],
    ['conislocal', BOOL],
    ['coninhcount', INT2],
    ['connoinherit', BOOL],
    ['conkey', INT2_ARRAY],
    ['confkey', INT2_ARRAY],
    ['conpfeqop', OID_ARRAY],
    ['conppeqop', OID_ARRAY],
    ['conffeqop', OID_ARRAY],
    ['confdelsetcols', INT2_ARRAY],
    ['conexclop', OID_ARRAY],
    ['conbin', 194],
  ],
  'pg_catalog.pg_stat_user_tables': [
    ['relid', OID],
    ['schemaname', NAME],
    ['relname', NAME],
    ['seq_scan', INT8],
    ['last_seq_scan', TIMESTAMPTZ],
    ['seq_tup_read', INT8],
    ['idx_scan', INT8],
    ['last_idx_scan', TIMESTAMPTZ],
    ['idx_tup_fetch', INT8],
    ['n_tup_ins', INT8],
    ['n_tup_upd', INT8],
    ['n_tup_del', INT8],
    ['n_tup_hot_upd', INT8],
    ['n_tup_newpage_upd', INT8],
    ['n_live_tup', INT8],
    ['n_dead_tup', INT8],
    ['n_mod_since_analyze', INT8],
    ['n_ins_since_vacuum', INT8],
    ['last_vacuum', TIMESTAMPTZ],
    ['last_autovacuum', TIMESTAMPTZ],
    ['last_analyze', TIMESTAMPTZ],
    ['last_autoanalyze', TIMESTAMPTZ],
    ['vacuum_count', INT8],
    ['autovacuum_count', INT8],
    ['analyze_count', INT8],
    ['autoanalyze_count', INT8],
  ],
};

registerCatalogRelations();
const RELATIONS = allSystemRelations().map((r) => `${r.schema}.${r.name}`);

beforeAll(async () => {
  [server, oracle] = await Promise.all([startTestServer(), startOracle()]);
  eddy = await server.client();
  pgc = await oracle.client();
});

afterAll(async () => {
  await Promise.all([server?.stop(), oracle?.stop()]);
});

async function shape(c: pg.Client, rel: string): Promise<[string, number][]> {
  const r = await c.query(`SELECT * FROM ${rel} LIMIT 0`);
  return r.fields.map((f) => [f.name, f.dataTypeID]);
}

describe('system relation columns', () => {
  it('registers the relations psql needs', () => {
    expect(RELATIONS.length).toBeGreaterThan(50);
    for (const rel of ['pg_catalog.pg_class', 'pg_catalog.pg_proc', 'information_schema.columns']) {
      expect(RELATIONS).toContain(rel);
    }
  });

  it.each(RELATIONS)('%s has PostgreSQL 16 columns and types', async (rel) => {
    const expected = PG16[rel] ?? (await shape(pgc, rel));
    expect(await shape(eddy, rel)).toEqual(expected);
  });
});
