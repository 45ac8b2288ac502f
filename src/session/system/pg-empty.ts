// Catalogs of features Eddy does not have (comments, inheritance, rules, triggers, row security,
// extended statistics, foreign tables, partitioning, extensions, dependencies, security labels,
// operator classes, casts, event triggers, publications, sequences, default privileges): present
// with PostgreSQL 16's columns so tools can query them, and always empty.
import { defineRelation, type PgSystemRelation } from './columns.js';

const empty = (name: string, oid: number, columns: string): PgSystemRelation =>
  defineRelation({ schema: 'pg_catalog', name, oid, columns });

export const EMPTY_CATALOGS: readonly PgSystemRelation[] = [
  empty('pg_description', 2609, 'objoid:oid classoid:oid objsubid:int4 description:text'),
  empty('pg_shdescription', 2396, 'objoid:oid classoid:oid description:text'),
  empty('pg_inherits', 2611, 'inhrelid:oid inhparent:oid inhseqno:int4 inhdetachpending:bool'),
  empty(
    'pg_rewrite',
    2618,
    'oid:oid rulename:name ev_class:oid ev_type:char ev_enabled:char is_instead:bool ev_qual:pg_node_tree ev_action:pg_node_tree',
  ),
  empty(
    'pg_trigger',
    2620,
    `oid:oid tgrelid:oid tgparentid:oid tgname:name tgfoid:oid tgtype:int2 tgenabled:char
    tgisinternal:bool tgconstrrelid:oid tgconstrindid:oid tgconstraint:oid tgdeferrable:bool
    tginitdeferred:bool tgnargs:int2 tgattr:int2vector tgargs:bytea tgqual:pg_node_tree
    tgoldtable:name tgnewtable:name`,
  ),
  empty(
    'pg_policy',
    3256,
    'oid:oid polname:name polrelid:oid polcmd:char polpermissive:bool polroles:oid[] polqual:pg_node_tree polwithcheck:pg_node_tree',
  ),
  empty(
    'pg_statistic_ext',
    3381,
    'oid:oid stxrelid:oid stxname:name stxnamespace:oid stxowner:oid stxstattarget:int4 stxkeys:int2vector stxkind:char[] stxexprs:pg_node_tree',
  ),
  empty('pg_foreign_table', 3118, 'ftrelid:oid ftserver:oid ftoptions:text[]'),
  empty(
    'pg_foreign_data_wrapper',
    2328,
    'oid:oid fdwname:name fdwowner:oid fdwhandler:oid fdwvalidator:oid fdwacl:aclitem[] fdwoptions:text[]',
  ),
  empty(
    'pg_foreign_server',
    1417,
    'oid:oid srvname:name srvowner:oid srvfdw:oid srvtype:text srvversion:text srvacl:aclitem[] srvoptions:text[]',
  ),
  empty(
    'pg_partitioned_table',
    3350,
    'partrelid:oid partstrat:char partnatts:int2 partdefid:oid partattrs:int2vector partclass:oidvector partcollation:oidvector partexprs:pg_node_tree',
  ),
  empty(
    'pg_extension',
    3079,
    'oid:oid extname:name extowner:oid extnamespace:oid extrelocatable:bool extversion:text extconfig:oid[] extcondition:text[]',
  ),
  empty(
    'pg_shdepend',
    1214,
    'dbid:oid classid:oid objid:oid objsubid:int4 refclassid:oid refobjid:oid deptype:char',
  ),
  empty('pg_seclabel', 3596, 'objoid:oid classoid:oid objsubid:int4 provider:text label:text'),
  empty(
    'pg_opclass',
    2616,
    'oid:oid opcmethod:oid opcname:name opcnamespace:oid opcowner:oid opcfamily:oid opcintype:oid opcdefault:bool opckeytype:oid',
  ),
  empty('pg_opfamily', 2753, 'oid:oid opfmethod:oid opfname:name opfnamespace:oid opfowner:oid'),
  empty(
    'pg_cast',
    2605,
    'oid:oid castsource:oid casttarget:oid castfunc:oid castcontext:char castmethod:char',
  ),
  empty(
    'pg_event_trigger',
    3466,
    'oid:oid evtname:name evtevent:name evtowner:oid evtfoid:oid evtenabled:char evttags:text[]',
  ),
  empty(
    'pg_publication',
    6104,
    'oid:oid pubname:name pubowner:oid puballtables:bool pubinsert:bool pubupdate:bool pubdelete:bool pubtruncate:bool pubviaroot:bool',
  ),
  empty(
    'pg_publication_rel',
    6106,
    'oid:oid prpubid:oid prrelid:oid prqual:pg_node_tree prattrs:int2vector',
  ),
  empty('pg_publication_namespace', 6237, 'oid:oid pnpubid:oid pnnspid:oid'),
  empty(
    'pg_default_acl',
    826,
    'oid:oid defaclrole:oid defaclnamespace:oid defaclobjtype:char defaclacl:aclitem[]',
  ),
  empty(
    'pg_init_privs',
    3394,
    'objoid:oid classoid:oid objsubid:int4 privtype:char initprivs:aclitem[]',
  ),
  empty('pg_db_role_setting', 2964, 'setdatabase:oid setrole:oid setconfig:text[]'),
];
