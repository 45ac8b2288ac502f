// Type coercion and overload resolution with PostgreSQL's rules (parse_coerce.c, parse_func.c in
// spirit): implicit casts between categories, preferred types, unknown-typed literals adopting
// the type their context asks for, polymorphic pseudo-types unified across arguments, and the
// common type of CASE / UNION / COALESCE / VALUES / ARRAY branches.
import {
  arrayOf,
  sameBaseType,
  T,
  typeEquals,
  type ScalarName,
  type ScalarType,
  type SqlType,
} from '../repr/index.js';
import { EddyError, cannotCoerce, datatypeMismatch, toEddyError } from '../errors/index.js';
import { castContext } from '../expr/cast.js';
import { formatType, isPreferredType, typeCategory, typeFromOid } from '../repr/pgtypes.js';
import { parseText } from '../repr/io/text.js';
import type { EvalContext, ParamType, ScalarFunc, Signature } from '../expr/signature.js';
import type { Scalar } from './hir.js';

export type CoercionMode = 'implicit' | 'assignment' | 'explicit';

const modeRank: Record<CoercionMode, number> = { implicit: 0, assignment: 1, explicit: 2 };

export function isUnknown(t: SqlType): boolean {
  return t.kind === 'scalar' && t.name === 'unknown';
}

/** Whether a value of type `from` can be coerced to `to` in the given context. */
export function canCoerce(from: SqlType, to: SqlType, mode: CoercionMode): boolean {
  if (sameBaseType(from, to)) return true;
  if (isUnknown(from)) return true;
  if (to.kind === 'record' && from.kind === 'record') return true;
  const ctx = castContext(from, to);
  return ctx !== null && modeRank[ctx] <= modeRank[mode];
}

/**
 * Coerces an expression to `to`. Unknown literals are converted right away (their input errors
 * carry the literal's position). Throws 42846/42804 if no such coercion exists.
 */
const DATETIME = new Set(['date', 'time', 'timetz', 'timestamp', 'timestamptz']);
const RELATIVE_TO_NOW = /\b(now|today|tomorrow|yesterday)\b/i;

export function coerce(expr: Scalar, to: SqlType, mode: CoercionMode, position?: number): Scalar {
  const from = expr.type;
  if (typeEquals(from, to)) return expr;
  if (expr.kind === 'literal' && isUnknown(from)) {
    if (expr.value === null) return { kind: 'literal', value: null, type: to };
    if (to.kind === 'scalar' && (to.name === 'unknown' || to.name === 'text')) {
      return { kind: 'literal', value: expr.value, type: to };
    }
    // 'now', 'today', ... mean the transaction's start: read when the statement runs.
    if (to.kind === 'scalar' && DATETIME.has(to.name) && RELATIVE_TO_NOW.test(String(expr.value)))
      return { kind: 'cast', expr, type: to, mode };
    try {
      // As PostgreSQL: the input function sees the typmod only for interval (whose fields say
      // what a bare number means); the cast then applies it in `mode` ('ab'::varchar(1) is 'a').
      const parsed = parseText(
        String(expr.value),
        to.kind === 'scalar' && to.name === 'interval' ? to : baseOf(to),
      );
      const lit: Scalar = { kind: 'literal', value: parsed, type: baseOf(to) };
      // typmod enforcement (varchar(n), numeric(p,s)) goes through a cast.
      return typeEquals(lit.type, to) ? lit : { kind: 'cast', expr: lit, type: to, mode };
    } catch (e) {
      throw toEddyError(e).withPosition(position);
    }
  }
  if (expr.kind === 'literal' && expr.value === null && canCoerce(from, to, mode)) {
    return { kind: 'literal', value: null, type: to };
  }
  const special = specialCoercion(expr, to);
  if (special !== null) return special;
  if (!canCoerce(from, to, mode)) {
    throw cannotCoerce(`cannot cast type ${formatType(from)} to ${formatType(to)}`, { position });
  }
  return { kind: 'cast', expr, type: to, mode };
}

const REG_TYPES = new Set(['regclass', 'regtype', 'regnamespace', 'regproc', 'regrole']);
const TEXT_TYPES = new Set(['text', 'varchar', 'name', 'bpchar']);

/**
 * Coercions PostgreSQL has that need the catalog (reg* OID types printed as names) or only
 * relabel the value (int2vector ↔ int2[], oidvector ↔ oid[]).
 */
function specialCoercion(expr: Scalar, to: SqlType): Scalar | null {
  const from = expr.type;
  if (from.kind !== 'scalar') return null;
  if (REG_TYPES.has(from.name) && to.kind === 'scalar' && TEXT_TYPES.has(to.name)) {
    const kind = from.name;
    const func: ScalarFunc = {
      name: `${kind}out`,
      args: [from.name],
      ret: to,
      strict: true,
      volatility: 'stable',
      impl: (args, ctx) => regName(kind, args[0] as number, ctx),
    };
    return { kind: 'call', func, args: [expr], type: to };
  }
  const relabel =
    (from.name === 'int2vector' && to.kind === 'array' && to.elem.name === 'int2') ||
    (from.name === 'oidvector' && to.kind === 'array' && to.elem.name === 'oid');
  if (relabel) {
    const func: ScalarFunc = {
      name: 'relabel',
      args: ['any'],
      ret: to,
      strict: true,
      volatility: 'immutable',
      impl: (a) => a[0]!,
    };
    return { kind: 'call', func, args: [expr], type: to };
  }
  return null;
}

/** The name PostgreSQL prints for an OID of a reg* type ('-' for 0, the number if unknown). */
export function regName(kind: string, oid: number, ctx: EvalContext): string {
  if (oid === 0) return '-';
  const s = ctx.session;
  let name: string | undefined;
  switch (kind) {
    case 'regclass':
      name = s?.relationName(oid);
      break;
    case 'regtype': {
      const t = typeFromOid(oid);
      name = t === undefined ? undefined : formatType(t);
      break;
    }
    case 'regproc':
      name = s?.procName(oid);
      break;
    case 'regnamespace':
      name = s?.schemaName(oid);
      break;
    case 'regrole':
      name = oid === 10 ? s?.user : undefined;
      break;
    default:
      name = undefined;
  }
  return name ?? String(oid);
}

function baseOf(t: SqlType): SqlType {
  return t.kind === 'scalar' && t.typmod !== -1 ? { kind: 'scalar', name: t.name, typmod: -1 } : t;
}

/**
 * The common type of several branches (select_common_type): unknowns adopt the others' type,
 * all-unknown becomes text, otherwise all must be in one category, resolved toward the preferred
 * type or the type the others implicitly cast to.
 */
export function commonType(types: readonly SqlType[], context: string): SqlType {
  const known = types.filter((t) => !isUnknown(t));
  if (known.length === 0) return T.text;
  let pick = known[0]!;
  const cat = typeCategory(pick);
  for (const t of known.slice(1)) {
    if (sameBaseType(t, pick)) continue;
    if (typeCategory(t) !== cat) {
      throw datatypeMismatch(
        `${context} types ${formatType(pick)} and ${formatType(t)} cannot be matched`,
      );
    }
    // Take the new type if the pick converts to it implicitly but not the other way round,
    // unless the pick is its category's preferred type (PostgreSQL's select_common_type).
    if (
      !isPreferredType(pick) &&
      canCoerce(pick, t, 'implicit') &&
      !canCoerce(t, pick, 'implicit')
    ) {
      pick = t;
    }
  }
  for (const t of known) {
    if (!canCoerce(t, pick, 'implicit')) {
      throw datatypeMismatch(
        `${context} could not convert type ${formatType(t)} to ${formatType(pick)}`,
      );
    }
  }
  // Differing typmods collapse to none (varchar(3) UNION varchar(5) → varchar).
  if (pick.kind === 'scalar' && pick.typmod !== -1 && known.some((t) => !typeEquals(t, pick))) {
    return { kind: 'scalar', name: pick.name, typmod: -1 };
  }
  return pick;
}

export interface Resolved<F extends Signature> {
  readonly func: F;
  /** The parameter type each argument must be coerced to. */
  readonly paramTypes: readonly SqlType[];
  readonly returnType: SqlType;
}

function isPoly(p: ParamType): boolean {
  return (
    p === 'any' ||
    p === 'anyelement' ||
    p === 'anyarray' ||
    p === 'anynonarray' ||
    p === 'anycompatible' ||
    p === 'anycompatiblearray' ||
    p === 'record'
  );
}

function concreteParam(p: ParamType): SqlType | null {
  if (typeof p === 'string')
    return isPoly(p) ? null : { kind: 'scalar', name: p as ScalarName, typmod: -1 };
  return arrayOf({ kind: 'scalar', name: p.array, typmod: -1 });
}

function expandParams(sig: Signature, n: number): ParamType[] | null {
  if (sig.variadic === true) {
    // At least one argument for the variadic parameter, as in PostgreSQL.
    const fixed = sig.args.length - 1;
    if (n <= fixed) return null;
    const rep = sig.args[fixed]!;
    const elem: ParamType =
      typeof rep === 'object'
        ? rep.array
        : rep === 'anyarray'
          ? 'anyelement'
          : rep === 'anycompatiblearray'
            ? 'anycompatible'
            : rep;
    return [...sig.args.slice(0, fixed), ...Array<ParamType>(n - fixed).fill(elem)];
  }
  return sig.args.length === n ? [...sig.args] : null;
}

/**
 * The element type of an argument bound to anyarray: an array's element, or int2 / oid for
 * int2vector / oidvector, which PostgreSQL subscripts as arrays (so unnest(pg_index.indkey) works;
 * the argument is then relabeled to int2[] / oid[]). Null if the type is not an array.
 */
function arrayElement(a: SqlType): ScalarType | null {
  if (a.kind === 'array') return a.elem;
  if (a.kind === 'scalar' && a.name === 'int2vector') return T.int2;
  if (a.kind === 'scalar' && a.name === 'oidvector') return T.oid;
  return null;
}

/** Unifies polymorphic parameters; null if the arguments don't fit. */
function bindPolymorphic(
  params: readonly ParamType[],
  args: readonly SqlType[],
): { types: SqlType[]; elem: SqlType | null } | null {
  let elem: SqlType | null = null;
  const compat: SqlType[] = [];
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const a = args[i]!;
    if (p === 'record') {
      if (a.kind !== 'record') return null;
      continue;
    }
    if (isUnknown(a)) continue;
    if (p === 'anyelement' || p === 'anynonarray') {
      if (p === 'anynonarray' && a.kind === 'array') return null;
      if (elem !== null && !sameBaseType(elem, a)) return null;
      elem = a;
    } else if (p === 'anyarray') {
      const e = arrayElement(a);
      if (e === null) return null;
      if (elem !== null && !sameBaseType(elem, e)) return null;
      elem = e;
    } else if (p === 'anycompatible') {
      compat.push(a);
    } else if (p === 'anycompatiblearray') {
      const e = arrayElement(a);
      if (e === null) return null;
      compat.push(e);
    }
  }
  if (compat.length > 0) {
    try {
      elem = commonType(elem === null ? compat : [elem, ...compat], 'argument');
    } catch {
      return null;
    }
  }
  const hasPoly = params.some((p) => p !== 'any' && p !== 'record' && isPoly(p));
  if (hasPoly && elem === null) {
    // All polymorphic arguments are unknown literals: PostgreSQL resolves them as text.
    elem = T.text;
  }
  const types: SqlType[] = params.map((p, i) => {
    if (p === 'any' || p === 'record') return args[i]!;
    if (p === 'anyelement' || p === 'anynonarray' || p === 'anycompatible') return elem!;
    if (p === 'anyarray' || p === 'anycompatiblearray') return arrayOf(elem as ScalarType);
    return concreteParam(p)!;
  });
  return { types, elem };
}

function returnTypeOf(
  sig: Signature,
  paramTypes: readonly SqlType[],
  elem: SqlType | null,
  argTypes: readonly SqlType[],
): SqlType {
  const r = sig.ret;
  if (typeof r === 'function')
    return r(argTypes.map((a, i) => (isUnknown(a) ? paramTypes[i]! : a)));
  if (r === 'anyelement' || r === 'anycompatible') return elem ?? T.text;
  if (r === 'anyarray' || r === 'anycompatiblearray')
    return arrayOf((elem ?? T.text) as ScalarType);
  return r;
}

/**
 * Picks the best candidate for the argument types (func_select_candidate): exact matches first,
 * then candidates reachable by implicit coercion, preferring more exact matches, then preferred
 * types, then (for unknown arguments) the string category. Returns null if none fits; throws
 * 42725 if several fit equally.
 */
export function resolveOverload<F extends Signature>(
  candidates: readonly F[],
  argTypes: readonly SqlType[],
  describe: () => string,
): Resolved<F> | null {
  type Fit = {
    func: F;
    types: SqlType[];
    elem: SqlType | null;
    exact: number;
    preferred: number;
    unknownString: number;
    unknownPreferred: number;
  };
  const fits: Fit[] = [];
  for (const func of candidates) {
    const params = expandParams(func, argTypes.length);
    if (params === null) continue;
    const bound = bindPolymorphic(params, argTypes);
    if (bound === null) continue;
    let ok = true;
    let exact = 0;
    let preferred = 0;
    let unknownString = 0;
    let unknownPreferred = 0;
    for (let i = 0; i < argTypes.length; i++) {
      const a = argTypes[i]!;
      const p = bound.types[i]!;
      if (params[i] === 'any') {
        exact++;
        continue;
      }
      if (isUnknown(a)) {
        if (typeCategory(p) === 'S') unknownString++;
        if (isPreferredType(p)) unknownPreferred++;
        continue;
      }
      // A polymorphic parameter is no exact match (as in PostgreSQL, which compares the declared
      // type): 'x'::char(3) || 'y' is text || text, not anynonarray || text.
      if (isPoly(params[i]!)) continue;
      if (sameBaseType(a, p)) exact++;
      else if (canCoerce(a, p, 'implicit')) {
        if (isPreferredType(p)) preferred++;
      } else {
        ok = false;
        break;
      }
    }
    if (ok)
      fits.push({
        func,
        types: bound.types,
        elem: bound.elem,
        exact,
        preferred,
        unknownString,
        unknownPreferred,
      });
  }
  if (fits.length === 0) return null;
  const best = (list: Fit[], key: (f: Fit) => number): Fit[] => {
    const m = Math.max(...list.map(key));
    return list.filter((f) => key(f) === m);
  };
  let pool = best(fits, (f) => f.exact);
  if (pool.length > 1) pool = best(pool, (f) => f.preferred);
  if (pool.length > 1) {
    // Unknown arguments next to known ones of one type are assumed to be of that type.
    const known = argTypes.filter((a) => !isUnknown(a));
    if (
      known.length > 0 &&
      known.length < argTypes.length &&
      known.every((k) => sameBaseType(k, known[0]!))
    ) {
      const same = pool.filter((f) =>
        f.types.every((p, i) => !isUnknown(argTypes[i]!) || sameBaseType(p, known[0]!)),
      );
      if (same.length === 1) pool = same;
    }
  }
  if (pool.length > 1) pool = best(pool, (f) => f.unknownString);
  if (pool.length > 1) pool = best(pool, (f) => f.unknownPreferred);
  if (pool.length > 1) {
    // Unknown arguments next to a known one: prefer candidates whose parameter at the unknown
    // position equals the known argument types (the "assume same type" heuristic).
    const knownTypes = argTypes.filter((a) => !isUnknown(a));
    if (knownTypes.length > 0) {
      const same = pool.filter((f) =>
        f.types.every(
          (p, i) => !isUnknown(argTypes[i]!) || knownTypes.some((k) => sameBaseType(k, p)),
        ),
      );
      if (same.length >= 1) pool = same;
    }
  }
  if (pool.length > 1) {
    // Prefer non-polymorphic signatures.
    const concrete = pool.filter((f) => f.func.args.every((p) => !isPoly(p as ParamType)));
    if (concrete.length >= 1) pool = concrete;
  }
  if (pool.length > 1) {
    throw new EddyError('42725', `${describe()} is not unique`, {
      hint: 'Could not choose a best candidate function. You might need to add explicit type casts.',
    });
  }
  const f = pool[0]!;
  return {
    func: f.func,
    paramTypes: f.types,
    returnType: returnTypeOf(f.func, f.types, f.elem, argTypes),
  };
}
