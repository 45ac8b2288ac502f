// Type-related catalogs: pg_type (every type Eddy knows, from allTypes()), pg_collation (default,
// C, POSIX), pg_am (heap, btree), pg_language (internal, sql), and the empty pg_range / pg_enum.
// typinput / typoutput / typreceive / typsend name the I/O functions PostgreSQL has for the type
// (listed in pg_proc too, ../../repr/pg-io-procs.ts); the other regproc columns (typmodin,
// amhandler, ...) hold 0, as Eddy has no such functions.
import { ioProcByName } from '../../repr/pg-io-procs.js';
import { allTypes } from '../../repr/pgtypes.js';
import {
  BTREE_AM_OID,
  DEFAULT_COLLATION_OID,
  HEAP_AM_OID,
  INTERNAL_LANGUAGE_OID,
  PG_CATALOG_NAMESPACE,
  SQL_LANGUAGE_OID,
  SUPERUSER_OID,
  defineRelation,
} from './columns.js';

/** The OID of a type I/O function by name; 0 ('-') for none. */
const procOid = (name: string): number => ioProcByName(name)?.oid ?? 0;

export const pgType = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_type',
  oid: 1247,
  columns: `oid:oid typname:name typnamespace:oid typowner:oid typlen:int2 typbyval:bool
    typtype:char typcategory:char typispreferred:bool typisdefined:bool typdelim:char typrelid:oid
    typsubscript:regproc typelem:oid typarray:oid typinput:regproc typoutput:regproc
    typreceive:regproc typsend:regproc typmodin:regproc typmodout:regproc typanalyze:regproc
    typalign:char typstorage:char typnotnull:bool typbasetype:oid typtypmod:int4 typndims:int4
    typcollation:oid typdefaultbin:pg_node_tree typdefault:text typacl:aclitem[]`,
  rows: () =>
    [...allTypes()]
      .sort((a, b) => a.oid - b.oid)
      .map((t) => [
        t.oid,
        t.typname,
        PG_CATALOG_NAMESPACE,
        SUPERUSER_OID,
        t.typlen,
        t.typbyval,
        t.typtype,
        t.typcategory,
        t.typispreferred,
        true,
        t.typdelim,
        0,
        0,
        t.typelem,
        t.typarray,
        procOid(t.typinput),
        procOid(t.typoutput),
        procOid(t.typreceive),
        procOid(t.typsend),
        0,
        0,
        0,
        t.typalign,
        t.typstorage,
        t.typnotnull,
        t.typbasetype,
        t.typtypmod,
        t.typndims,
        t.typcollation,
        null,
        null,
        null,
      ]),
});

export const pgRange = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_range',
  oid: 3541,
  columns: `rngtypid:oid rngsubtype:oid rngmultitypid:oid rngcollation:oid rngsubopc:oid
    rngcanonical:regproc rngsubdiff:regproc`,
});

export const pgEnum = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_enum',
  oid: 3501,
  columns: 'oid:oid enumtypid:oid enumsortorder:float4 enumlabel:name',
});

export const pgCollation = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_collation',
  oid: 3456,
  columns: `oid:oid collname:name collnamespace:oid collowner:oid collprovider:char
    collisdeterministic:bool collencoding:int4 collcollate:text collctype:text colliculocale:text
    collicurules:text collversion:text`,
  rows: () => [
    [
      DEFAULT_COLLATION_OID,
      'default',
      PG_CATALOG_NAMESPACE,
      SUPERUSER_OID,
      'd',
      true,
      -1,
      null,
      null,
      null,
      null,
      null,
    ],
    [950, 'C', PG_CATALOG_NAMESPACE, SUPERUSER_OID, 'c', true, -1, 'C', 'C', null, null, null],
    [
      951,
      'POSIX',
      PG_CATALOG_NAMESPACE,
      SUPERUSER_OID,
      'c',
      true,
      -1,
      'POSIX',
      'POSIX',
      null,
      null,
      null,
    ],
  ],
});

export const pgAm = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_am',
  oid: 2601,
  columns: 'oid:oid amname:name amhandler:regproc amtype:char',
  rows: () => [
    [HEAP_AM_OID, 'heap', 0, 't'],
    [BTREE_AM_OID, 'btree', 0, 'i'],
  ],
});

export const pgLanguage = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_language',
  oid: 2612,
  columns: `oid:oid lanname:name lanowner:oid lanispl:bool lanpltrusted:bool lanplcallfoid:oid
    laninline:oid lanvalidator:oid lanacl:aclitem[]`,
  rows: () => [
    [INTERNAL_LANGUAGE_OID, 'internal', SUPERUSER_OID, false, false, 0, 0, 0, null],
    [SQL_LANGUAGE_OID, 'sql', SUPERUSER_OID, false, true, 0, 0, 0, null],
  ],
});
