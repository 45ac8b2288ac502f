// Session- and catalog-aware built-in functions (version(), current_database(), current_setting(),
// pg_table_is_visible(), format_type(), ...). They read the session through EvalContext.session.
import { EddyError, undefinedObject } from '../errors/index.js';
import { PgArray, T, arrayOf, type Datum } from '../repr/index.js';
import { formatType, typeFromOid, typeFromName, typeOid } from '../repr/pgtypes.js';
import { registerScalars } from '../expr/registry.js';
import type { EvalContext, ScalarFunc, SessionInfo } from '../expr/signature.js';
import { SERVER_VERSION } from './settings.js';
import { indexVisible } from './system/catalog-functions.js';

const VERSION = `PostgreSQL ${SERVER_VERSION} on x86_64-pc-linux-gnu, compiled by TypeScript, 64-bit`;

function session(ctx: EvalContext): SessionInfo {
  if (ctx.session === undefined)
    throw new EddyError('XX000', 'internal error: no session for a session function');
  return ctx.session;
}

type Impl = ScalarFunc['impl'];
const fn = (
  name: string,
  args: ScalarFunc['args'],
  ret: ScalarFunc['ret'],
  impl: Impl,
  opts: Partial<ScalarFunc> = {},
): ScalarFunc => ({
  name,
  args,
  ret,
  impl,
  strict: true,
  volatility: 'stable',
  ...opts,
});

const currentSchema = (ctx: EvalContext): Datum =>
  session(ctx)
    .searchPath()
    .find((s) => s !== 'pg_catalog') ?? null;

const SESSION_FUNCTIONS: ScalarFunc[] = [
  fn('version', [], T.text, () => VERSION),
  fn('current_database', [], T.name, (_a, ctx) => session(ctx).database),
  fn('current_catalog', [], T.name, (_a, ctx) => session(ctx).database),
  fn('current_schema', [], T.name, (_a, ctx) => currentSchema(ctx), { strict: false }),
  fn('current_schemas', ['bool'], arrayOf(T.name), (a, ctx) => {
    const path = session(ctx).searchPath();
    return PgArray.of(a[0] === true ? [...path] : path.filter((p) => p !== 'pg_catalog'));
  }),
  fn('current_user', [], T.name, (_a, ctx) => session(ctx).user),
  fn('session_user', [], T.name, (_a, ctx) => session(ctx).user),
  fn('current_role', [], T.name, (_a, ctx) => session(ctx).user),
  fn('pg_backend_pid', [], T.int4, (_a, ctx) => session(ctx).backendPid),
  fn('current_setting', ['text'], T.text, (a, ctx) => {
    const v = ctx.setting(a[0] as string);
    if (v === undefined)
      throw undefinedObject(`unrecognized configuration parameter "${a[0] as string}"`);
    return v;
  }),
  fn('current_setting', ['text', 'bool'], T.text, (a, ctx) => {
    const v = ctx.setting(a[0] as string);
    if (v === undefined) {
      if (a[1] === true) return null;
      throw undefinedObject(`unrecognized configuration parameter "${a[0] as string}"`);
    }
    return v;
  }),
  fn(
    'set_config',
    ['text', 'text', 'bool'],
    T.text,
    (a, ctx) => session(ctx).setSetting(a[0] as string, a[1] as string),
    { volatility: 'volatile' },
  ),
  fn(
    'pg_table_is_visible',
    ['oid'],
    T.bool,
    (a, ctx) => session(ctx).relationVisible(a[0] as number) || indexVisible(ctx, a[0] as number),
  ),
  fn('pg_type_is_visible', ['oid'], T.bool, () => true),
  fn('pg_function_is_visible', ['oid'], T.bool, () => true),
  fn('pg_get_userbyid', ['oid'], T.name, (a, ctx) =>
    a[0] === 10 ? session(ctx).user : `unknown (OID=${a[0] as number})`,
  ),
  fn('pg_encoding_to_char', ['int4'], T.name, (a) =>
    a[0] === 6 ? 'UTF8' : a[0] === 0 ? 'SQL_ASCII' : '',
  ),
  fn('obj_description', ['oid', 'name'], T.text, () => null),
  fn('obj_description', ['oid'], T.text, () => null),
  fn('col_description', ['oid', 'int4'], T.text, () => null),
  fn('shobj_description', ['oid', 'name'], T.text, () => null),
  fn('pg_get_expr', ['pg_node_tree', 'oid'], T.text, (a) => a[0] as string),
  fn('pg_get_expr', ['pg_node_tree', 'oid', 'bool'], T.text, (a) => a[0] as string),
  fn(
    'pg_get_viewdef',
    ['oid'],
    T.text,
    (a, ctx) => session(ctx).viewDefinition(a[0] as number) ?? null,
  ),
  fn(
    'pg_get_viewdef',
    ['oid', 'bool'],
    T.text,
    (a, ctx) => session(ctx).viewDefinition(a[0] as number) ?? null,
  ),
  fn(
    'format_type',
    ['oid', 'int4'],
    T.text,
    (a) => {
      if (a[0] === null) return null;
      const t = typeFromOid(a[0] as number);
      if (t === undefined) return '???';
      const mod = a[1];
      return formatType(
        t.kind === 'scalar' && typeof mod === 'number' && mod >= 0 ? { ...t, typmod: mod } : t,
      );
    },
    { strict: false },
  ),
  fn('to_regtype', ['text'], T.regtype, (a) => {
    const t = typeFromName(String(a[0]).replace(/^pg_catalog\./, ''), []);
    return t === undefined ? null : typeOid(t);
  }),
  fn('has_table_privilege', ['text', 'text'], T.bool, () => true),
  fn('has_table_privilege', ['oid', 'text'], T.bool, () => true),
  fn('has_table_privilege', ['name', 'text', 'text'], T.bool, () => true),
  fn('has_schema_privilege', ['text', 'text'], T.bool, () => true),
  fn('has_schema_privilege', ['name', 'text', 'text'], T.bool, () => true),
  fn('has_database_privilege', ['text', 'text'], T.bool, () => true),
  fn('pg_is_in_recovery', [], T.bool, () => false),
  fn('pg_postmaster_start_time', [], T.timestamptz, (_a, ctx) => ctx.txnStart),
];

let registered = false;

/** Adds the session functions to the registry (once per process). */
export function registerSessionFunctions(): void {
  if (registered) return;
  registered = true;
  registerScalars(SESSION_FUNCTIONS);
}

const SEQUENCE_FUNCTIONS: ScalarFunc[] = [
  fn(
    'nextval',
    ['regclass'],
    T.int8,
    (a, ctx) =>
      session(ctx)
        .sequence(a[0] as number)
        .next(),
    {
      volatility: 'volatile',
    },
  ),
  fn(
    'currval',
    ['regclass'],
    T.int8,
    (a, ctx) =>
      session(ctx)
        .sequence(a[0] as number)
        .current(),
    { volatility: 'volatile' },
  ),
  fn(
    'setval',
    ['regclass', 'int8'],
    T.int8,
    (a, ctx) =>
      session(ctx)
        .sequence(a[0] as number)
        .set(a[1] as bigint, true),
    { volatility: 'volatile' },
  ),
  fn(
    'setval',
    ['regclass', 'int8', 'bool'],
    T.int8,
    (a, ctx) =>
      session(ctx)
        .sequence(a[0] as number)
        .set(a[1] as bigint, a[2] as boolean),
    { volatility: 'volatile' },
  ),
  fn('lastval', [], T.int8, (_a, ctx) => session(ctx).lastval(), { volatility: 'volatile' }),
];
registerScalars(SEQUENCE_FUNCTIONS);

const SLEEP_FUNCTIONS: ScalarFunc[] = [
  fn(
    'pg_sleep',
    ['float8'],
    T.void,
    (a, ctx) => {
      session(ctx).requestSleep(a[0] as number);
      return null;
    },
    { volatility: 'volatile' },
  ),
];
registerScalars(SLEEP_FUNCTIONS);
