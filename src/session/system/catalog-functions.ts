// Catalog functions psql and other tools call on pg_catalog rows: pg_get_indexdef,
// pg_get_constraintdef, pg_get_function_result/arguments, pg_size_pretty and the relation size
// functions, and the is_visible / *def functions of object kinds Eddy has none of. Registered with
// the system relations (./index.ts).
import { EddyError } from '../../errors/index.js';
import type { EvalContext, ScalarFunc } from '../../expr/signature.js';
import { T, type Datum } from '../../repr/index.js';
import {
  indexByOid,
  indexColumnDefinition,
  indexDefinition,
  constraintDefinition,
  primaryKeyByOid,
} from './pg-index.js';
import { argumentsText, procByOid, returnName } from './pg-proc.js';
import type { LivePrimaryKey } from './live.js';
import { sessionCatalog } from './session-lookup.js';
import type { Catalog } from '../catalog/catalog.js';
import { systemRelation } from './registry.js';
import { parseIdent } from '../../expr/functions/core-encode.js';
import { quoteIdent } from './quote.js';
import { checkConstraints } from './pg-index.js';
import { checkDefinition } from '../exec/checks.js';

type Impl = ScalarFunc['impl'];
const fn = (
  name: string,
  args: ScalarFunc['args'],
  ret: ScalarFunc['ret'],
  impl: Impl,
): ScalarFunc => ({
  name,
  args,
  ret,
  impl,
  strict: true,
  volatility: 'stable',
});

function primaryKey(ctx: EvalContext, oid: Datum): LivePrimaryKey | undefined {
  if (ctx.session === undefined)
    throw new EddyError('XX000', 'internal error: no session for a catalog function');
  const seen = sessionCatalog(ctx);
  return seen === undefined
    ? undefined
    : primaryKeyByOid(seen.catalog, seen.database, oid as number);
}

function isTable(ctx: EvalContext, oid: Datum): boolean {
  if (ctx.session === undefined) return false;
  const seen = sessionCatalog(ctx);
  return seen?.catalog.byOidLookup(oid as number)?.kind === 'table';
}

const indexdef: Impl = (a, ctx) => {
  const seen = sessionCatalog(ctx);
  const ix = seen && indexByOid(seen.catalog, seen.database, a[0] as number);
  if (ix === undefined) return null;
  const column = (a[1] as number | undefined) ?? 0;
  return column === 0 ? indexDefinition(ix) : indexColumnDefinition(ix, column);
};

const constraintdef: Impl = (a, ctx) => {
  const pk = primaryKey(ctx, a[0] ?? null);
  if (pk !== undefined) return constraintDefinition(pk);
  const seen = sessionCatalog(ctx);
  const c =
    seen === undefined
      ? undefined
      : checkConstraints(seen.catalog, seen.database).find(({ check }) => check.oid === a[0]);
  return c === undefined ? null : checkDefinition(c.table, c.check, a[1] === true);
};

/**
 * to_regclass(text): the OID of the relation (table, view, index, catalog) a possibly qualified,
 * possibly quoted name denotes through the search path; NULL when there is none. The binder uses it
 * for casts of computed text to regclass (format('%I.%I', s, t)::regclass).
 */
const toRegclass: Impl = (a, ctx) => {
  const text = String(a[0]).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const seen = sessionCatalog(ctx);
  if (seen === undefined || ctx.session === undefined) return null;
  let parts: string[];
  try {
    parts = parseIdent(text, true);
  } catch {
    return null;
  }
  const name = parts[parts.length - 1]!;
  const schemas = parts.length > 1 ? [parts[parts.length - 2]!] : ctx.session.searchPath();
  for (const schema of schemas) {
    const oid =
      seen.catalog.relation(seen.database, schema, name)?.oid ??
      seen.catalog.sequence(seen.database, schema, name)?.oid ??
      seen.catalog.indexNamed(seen.database, schema, name)?.oid ??
      pkeyIndexOid(seen.catalog.relations(seen.database), schema, name) ??
      systemRelation(schema, name)?.oid;
    if (oid !== undefined) return oid;
  }
  return null;
};

function pkeyIndexOid(
  relations: ReturnType<Catalog['relations']>,
  schema: string,
  name: string,
): number | undefined {
  for (const r of relations) {
    if (r.kind === 'table' && r.schema === schema && r.pkeyName === name) return r.pkeyOid;
  }
  return undefined;
}

const UNITS = ['kB', 'MB', 'GB', 'TB', 'PB'];

/** pg_size_pretty(bigint), with PostgreSQL's unit limits and half-rounding. */
export function sizePretty(bytes: bigint): string {
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  if (abs(bytes) < 10n * 1024n) return `${bytes} bytes`;
  let size = bytes / 512n; // one bit kept for rounding
  for (let i = 0; i < UNITS.length; i++) {
    if (i === UNITS.length - 1 || abs(size) < 20n * 1024n - 1n) {
      return `${(size + (size < 0n ? -1n : 1n)) / 2n} ${UNITS[i]!}`;
    }
    size /= 1024n;
  }
  return `${bytes} bytes`;
}

// Eddy keeps tables in LMDB arrangements, not in PostgreSQL's 8 kB pages; there is no per-relation
// size to report, so the size functions return 0 for every relation.
const zeroSize: Impl = () => 0n;
const nothing: Impl = () => null;
const visible: Impl = () => true;

/**
 * pg_get_serial_sequence(table, column): the qualified name of the sequence owned by the column
 * (a serial column's), NULL if none; errors as PostgreSQL's for a missing table or column.
 */
const serialSequence: Impl = (a, ctx) => {
  const seen = sessionCatalog(ctx);
  if (seen === undefined) return null;
  const oid = toRegclass([a[0]!], ctx, []);
  const table = oid === null ? undefined : seen.catalog.byOidLookup(oid as number);
  if (table === undefined)
    throw new EddyError('42P01', `relation "${String(a[0])}" does not exist`);
  const column = String(a[1]);
  const columns = table.kind === 'table' || table.kind === 'view' ? table.columns : [];
  if (!columns.some((c) => c.name === column))
    throw new EddyError('42703', `column "${column}" of relation "${String(a[0])}" does not exist`);
  const q = seen.catalog
    .sequences(seen.database)
    .find((x) => x.ownedBy?.table === table.id && x.ownedBy.column === column);
  return q === undefined ? null : `${quoteIdent(q.schema)}.${quoteIdent(q.name)}`;
};

export const CATALOG_FUNCTIONS: readonly ScalarFunc[] = [
  fn('pg_get_serial_sequence', ['text', 'text'], T.text, serialSequence),
  fn('pg_get_indexdef', ['oid'], T.text, indexdef),
  fn('pg_get_indexdef', ['oid', 'int4', 'bool'], T.text, indexdef),
  fn('pg_get_constraintdef', ['oid'], T.text, constraintdef),
  fn('pg_get_constraintdef', ['oid', 'bool'], T.text, constraintdef),
  fn('pg_get_function_result', ['oid'], T.text, (a) => {
    const p = procByOid(a[0] as number);
    return p === undefined ? null : returnName(p.sig);
  }),
  fn('pg_get_function_arguments', ['oid'], T.text, (a) => {
    const p = procByOid(a[0] as number);
    return p === undefined ? null : argumentsText(p.sig);
  }),
  fn('pg_get_function_identity_arguments', ['oid'], T.text, (a) => {
    const p = procByOid(a[0] as number);
    return p === undefined ? null : argumentsText(p.sig);
  }),
  fn('to_regclass', ['text'], T.regclass, toRegclass),
  // Eddy keeps no scan statistics (pg_stat_user_indexes shows none either).
  fn('pg_stat_get_numscans', ['oid'], T.int8, zeroSize),
  fn('pg_size_pretty', ['int8'], T.text, (a) => sizePretty(a[0] as bigint)),
  fn('pg_table_size', ['regclass'], T.int8, zeroSize),
  fn('pg_relation_size', ['regclass'], T.int8, zeroSize),
  fn('pg_relation_size', ['regclass', 'text'], T.int8, zeroSize),
  fn('pg_total_relation_size', ['regclass'], T.int8, zeroSize),
  fn('pg_indexes_size', ['regclass'], T.int8, zeroSize),
  fn('pg_database_size', ['name'], T.int8, zeroSize),
  fn('pg_database_size', ['oid'], T.int8, zeroSize),
  fn('pg_tablespace_location', ['oid'], T.text, () => ''),
  fn('pg_encoding_max_length', ['int4'], T.int4, (a) => (a[0] === 6 ? 4 : 1)),
  fn('pg_relation_is_publishable', ['regclass'], T.bool, (a, ctx) => isTable(ctx, a[0] ?? null)),
  fn('pg_get_statisticsobjdef_columns', ['oid'], T.text, nothing),
  fn('pg_get_ruledef', ['oid'], T.text, nothing),
  fn('pg_get_ruledef', ['oid', 'bool'], T.text, nothing),
  fn('pg_get_triggerdef', ['oid'], T.text, nothing),
  fn('pg_get_triggerdef', ['oid', 'bool'], T.text, nothing),
  fn('pg_get_partkeydef', ['oid'], T.text, nothing),
  fn('pg_opclass_is_visible', ['oid'], T.bool, visible),
  fn('pg_opfamily_is_visible', ['oid'], T.bool, visible),
  fn('pg_collation_is_visible', ['oid'], T.bool, visible),
  fn('pg_conversion_is_visible', ['oid'], T.bool, visible),
  fn('pg_operator_is_visible', ['oid'], T.bool, visible),
  fn('pg_ts_config_is_visible', ['oid'], T.bool, visible),
  fn('pg_ts_dict_is_visible', ['oid'], T.bool, visible),
  fn('pg_ts_parser_is_visible', ['oid'], T.bool, visible),
  fn('pg_ts_template_is_visible', ['oid'], T.bool, visible),
  fn('pg_statistics_obj_is_visible', ['oid'], T.bool, visible),
];

/**
 * Whether an index is visible through the search path (pg_table_is_visible for the
 * index OIDs the session layer does not know): its schema is the first on the path holding a
 * relation or index of that name.
 */
export function indexVisible(ctx: EvalContext, oid: number): boolean {
  if (ctx.session === undefined) return false;
  const seen = sessionCatalog(ctx);
  if (seen === undefined) return false;
  const ix = indexByOid(seen.catalog, seen.database, oid);
  if (ix === undefined) return false;
  for (const schema of ctx.session.searchPath()) {
    const holds =
      seen.catalog.relation(seen.database, schema, ix.name) !== undefined ||
      seen.catalog.indexNamed(seen.database, schema, ix.name) !== undefined ||
      seen.catalog
        .relations(seen.database)
        .some((r) => r.kind === 'table' && r.schema === schema && r.pkeyName === ix.name);
    if (holds) return schema === ix.schema;
  }
  return false;
}
