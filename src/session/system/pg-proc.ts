// pg_proc: one row per built-in scalar function and aggregate signature in the function registry
// (src/expr/registry.ts), all in pg_catalog with language internal. Functions without a
// PostgreSQL OID get one from 8000 up (the range PostgreSQL leaves unused in releases), in name
// and argument order, so OIDs are stable for a given set of functions. The types' I/O functions
// (int4in, array_in, ...) are listed too, with PostgreSQL's OIDs, so pg_type can name them.
import { allAggregates, allScalars } from '../../expr/registry.js';
import { allIoProcs, ioProcByName, ioProcByOid, type IoProcInfo } from '../../repr/pg-io-procs.js';
import type { ParamType, ReturnType, Signature } from '../../expr/signature.js';
import { arrayOf, scalar, type Datum, type SqlType } from '../../repr/index.js';
import { formatType, typeOid } from '../../repr/pgtypes.js';
import {
  INTERNAL_LANGUAGE_OID,
  PG_CATALOG_NAMESPACE,
  SUPERUSER_OID,
  defineRelation,
  vector,
} from './columns.js';

const FIRST_SYNTHETIC_PROC_OID = 8000;

/** Pseudo-types: OID and format_type name. */
const PSEUDO: Readonly<Record<string, readonly [number, string]>> = {
  any: [2276, '"any"'],
  anyelement: [2283, 'anyelement'],
  anyarray: [2277, 'anyarray'],
  anynonarray: [2776, 'anynonarray'],
  anycompatible: [5077, 'anycompatible'],
  anycompatiblearray: [5078, 'anycompatiblearray'],
  record: [2249, 'record'],
};

export interface ProcEntry {
  readonly oid: number;
  readonly name: string;
  readonly kind: 'f' | 'a';
  readonly sig: Signature;
  readonly strict: boolean;
  readonly volatility: 'i' | 's' | 'v';
}

function paramType(p: ParamType): SqlType | string {
  if (typeof p === 'object') return arrayOf(scalar(p.array));
  return p in PSEUDO ? p : scalar(p as Parameters<typeof scalar>[0]);
}

function paramOid(p: ParamType): number {
  const t = paramType(p);
  return typeof t === 'string' ? PSEUDO[t]![0] : typeOid(t);
}

function paramName(p: ParamType): string {
  const t = paramType(p);
  return typeof t === 'string' ? PSEUDO[t]![1] : formatType(t);
}

/** The return type when it can be known without a call: concrete, pseudo, or computed. */
function returnOf(sig: Signature): SqlType | string {
  const ret: ReturnType = sig.ret;
  if (typeof ret === 'string') return ret;
  if (typeof ret !== 'function') return ret;
  const args = sig.args.map(paramType);
  if (args.every((a): a is SqlType => typeof a !== 'string')) {
    try {
      return ret(args);
    } catch {
      return 'anyelement';
    }
  }
  return 'anyelement';
}

export function returnOid(sig: Signature): number {
  const t = returnOf(sig);
  return typeof t === 'string' ? PSEUDO[t]![0] : typeOid(t);
}

export function returnName(sig: Signature): string {
  const t = returnOf(sig);
  return typeof t === 'string' ? PSEUDO[t]![1] : formatType(t);
}

/** pg_get_function_arguments: 'integer, text' ('VARIADIC text[]' for a variadic last one). */
export function argumentsText(sig: Signature): string {
  return sig.args
    .map((p, i) => {
      const last = i === sig.args.length - 1;
      if (!(sig.variadic === true && last)) return paramName(p);
      const t = paramType(p);
      return `VARIADIC ${typeof t === 'string' ? PSEUDO[t]![1] : formatType(t.kind === 'scalar' ? arrayOf(t) : t)}`;
    })
    .join(', ');
}

let cache: { readonly size: number; readonly procs: readonly ProcEntry[] } | undefined;

/** Every registered function and aggregate, with its pg_proc OID. */
export function allProcs(): readonly ProcEntry[] {
  const scalars = allScalars();
  const aggregates = allAggregates();
  const size = scalars.length + aggregates.length;
  if (cache !== undefined && cache.size === size) return cache.procs;
  const vol = { immutable: 'i', stable: 's', volatile: 'v' } as const;
  const entries = [
    ...scalars.map((f) => ({
      fixed: f.oid,
      name: f.name,
      kind: 'f' as const,
      sig: f,
      strict: f.strict,
      volatility: vol[f.volatility],
    })),
    ...aggregates.map((f) => ({
      fixed: f.oid,
      name: f.name,
      kind: 'a' as const,
      sig: f,
      strict: false,
      volatility: 'i' as const,
    })),
  ];
  const key = (e: (typeof entries)[number]): string =>
    `${e.name}(${e.sig.args.map(paramName).join(',')})`;
  entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  let next = FIRST_SYNTHETIC_PROC_OID;
  const procs = entries.map(({ fixed, ...e }) => ({
    ...e,
    oid: fixed !== undefined && fixed > 0 ? fixed : next++,
  }));
  cache = { size, procs };
  return procs;
}

export function procByOid(oid: number): ProcEntry | undefined {
  return allProcs().find((p) => p.oid === oid);
}

/** The name of a pg_proc row (a registered function or a type I/O function), for regproc. */
export function procName(oid: number): string | undefined {
  return ioProcByOid(oid)?.name ?? procByOid(oid)?.name;
}

/** The OIDs of the pg_proc rows of this name (regproc input: 'array_in'::regproc). */
export function procOidsNamed(name: string): readonly number[] {
  const io = ioProcByName(name);
  if (io !== undefined) return [io.oid];
  return allProcs()
    .filter((p) => p.name === name)
    .map((p) => p.oid);
}

/** The pg_proc row of a type I/O function: internal, strict, immutable, C source of its name. */
function ioProcRow(p: IoProcInfo): Datum[] {
  const row: Datum[] = [p.oid, p.name, PG_CATALOG_NAMESPACE, SUPERUSER_OID];
  row.push(INTERNAL_LANGUAGE_OID, 1, 0, 0, 0, 'f', false, false, true, false, 'i', 's');
  row.push(p.argTypes.length, 0, p.retType, vector(p.argTypes));
  row.push(null, null, null, null, null, p.name, null, null, null, null);
  return row;
}

export const pgProc = defineRelation({
  schema: 'pg_catalog',
  name: 'pg_proc',
  oid: 1255,
  columns: `oid:oid proname:name pronamespace:oid proowner:oid prolang:oid procost:float4
    prorows:float4 provariadic:oid prosupport:regproc prokind:char prosecdef:bool
    proleakproof:bool proisstrict:bool proretset:bool provolatile:char proparallel:char
    pronargs:int2 pronargdefaults:int2 prorettype:oid proargtypes:oidvector proallargtypes:oid[]
    proargmodes:char[] proargnames:text[] proargdefaults:pg_node_tree protrftypes:oid[]
    prosrc:text probin:text prosqlbody:pg_node_tree proconfig:text[] proacl:aclitem[]`,
  rows: () => [
    ...allIoProcs().map(ioProcRow),
    ...allProcs().map((p) => {
      const args = p.sig.args;
      const last = args[args.length - 1];
      const variadic = p.sig.variadic === true && last !== undefined ? paramOid(last) : 0;
      return [
        p.oid,
        p.name,
        PG_CATALOG_NAMESPACE,
        SUPERUSER_OID,
        INTERNAL_LANGUAGE_OID,
        1,
        0,
        variadic,
        0,
        p.kind,
        false,
        false,
        p.strict,
        false,
        p.volatility,
        's',
        args.length,
        0,
        returnOid(p.sig),
        vector(args.map(paramOid)),
        null,
        null,
        null,
        null,
        null,
        p.kind === 'a' ? 'aggregate_dummy' : p.name,
        null,
        null,
        null,
        null,
      ];
    }),
  ],
});
