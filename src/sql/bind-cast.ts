// Casts: type names (`numeric(10,2)`, `text[]`, `pg_catalog.int4`) resolved to SqlTypes, and
// `expr::type` / CAST(expr AS type), with the reg* types (regclass, regproc, regtype, ...) that
// resolve names through the catalog.
import type { A_Const, TypeCast, TypeName } from '@pgsql/types';
import {
  EddyError,
  ambiguousFunction,
  featureNotSupported,
  syntaxError,
  undefinedFunction,
  undefinedObject,
} from '../errors/index.js';
import { T, arrayOf, type ScalarType, type SqlType } from '../repr/index.js';
import { formatType, typeFromName, typeOid } from '../repr/pgtypes.js';
import { scalarCandidates } from '../expr/registry.js';
import type { ScalarFunc } from '../expr/signature.js';
import { names, positionOf, tagOf, type Node } from './ast.js';
import type { Binder } from './binder.js';
import { coerce, isUnknown } from './coerce.js';
import type { Scalar } from './hir.js';
import { bindArrayExpr, bindExpr, coerceTo, lit, type ExprCtx } from './bind-expr.js';

export function bindTypeName(binder: Binder, tn: TypeName): SqlType {
  const parts = names(tn.names);
  const typmods = (tn.typmods ?? []).map((m) => {
    const [tag, body] = tagOf(m);
    if (tag === 'A_Const') {
      const c = body as A_Const;
      if (c.ival !== undefined) return c.ival.ival ?? 0;
    }
    throw syntaxError('type modifiers must be simple constants', { position: positionOf(m) });
  });
  const position = tn.location !== undefined ? tn.location + 1 : undefined;
  const schemaless = parts.length > 1 && parts[0] === 'pg_catalog' ? parts.slice(1) : parts;
  if (/^(small|big)?serial[248]?$/.test(schemaless.join('.'))) {
    // Only a column definition takes serial (CREATE TABLE makes its sequence).
    throw undefinedObject(`type "${schemaless.join('.')}" does not exist`, { position });
  }
  const base = typeFromName(schemaless.join('.'), typmods);
  if (base === undefined) {
    throw undefinedObject(`type "${parts.join('.')}" does not exist`, { position });
  }
  void binder;
  if ((tn.arrayBounds ?? []).length > 0) {
    if (base.kind !== 'scalar')
      throw featureNotSupported('nested array types are not supported', { position });
    return arrayOf(base);
  }
  return base;
}

export function bindTypeCast(ctx: ExprCtx, c: TypeCast): Scalar {
  const to = bindTypeName(ctx.binder, c.typeName!);
  const position = c.location !== undefined ? c.location + 1 : undefined;
  const [argTag, argBody] = tagOf(c.arg!);
  if (argTag === 'A_ArrayExpr') return bindArrayExpr(ctx, (argBody.elements as Node[]) ?? [], to);
  const arg = bindExpr(ctx, c.arg!);
  if (
    to.kind === 'scalar' &&
    ['regclass', 'regtype', 'regproc', 'regnamespace'].includes(to.name)
  ) {
    return bindRegCast(ctx, arg, to, position);
  }
  return coerceTo(ctx, arg, to, 'explicit', position);
}

/** The one function named `text` ('array_in', 'pg_catalog.lower'), as regproc input finds it. */
function regprocOid(ctx: ExprCtx, text: string, position?: number): number {
  const parts = text.split('.').map((p) => (p.startsWith('"') ? p.slice(1, -1) : p.toLowerCase()));
  const name = parts[parts.length - 1]!;
  const oids =
    parts.length > 2 || (parts.length === 2 && parts[0] !== 'pg_catalog')
      ? []
      : (ctx.binder.catalog.functionOids?.(name) ?? []);
  if (oids.length === 0) throw undefinedFunction(`function "${text}" does not exist`, { position });
  if (oids.length > 1)
    throw ambiguousFunction(`more than one function named "${text}"`, { position });
  return oids[0]!;
}

/** 'name'::regclass / 'int4'::regtype / 'array_in'::regproc resolve against the catalog at bind time. */
export function bindRegCast(ctx: ExprCtx, arg: Scalar, to: ScalarType, position?: number): Scalar {
  if (
    arg.kind === 'literal' &&
    (isUnknown(arg.type) || (arg.type.kind === 'scalar' && arg.type.name === 'text'))
  ) {
    if (arg.value === null) return lit(null, to);
    const text = String(arg.value).trim();
    if (/^\d+$/.test(text)) return lit(Number(text), to);
    if (to.name === 'regclass') {
      const parts = text
        .split('.')
        .map((p) => (p.startsWith('"') ? p.slice(1, -1) : p.toLowerCase()));
      const rel = ctx.binder.catalog.resolveRelation(
        parts.length > 1 ? parts[0]! : null,
        parts[parts.length - 1]!,
      );
      if (rel === undefined)
        throw new EddyError('42P01', `relation "${text}" does not exist`, { position });
      return lit(rel.oid, to);
    }
    if (to.name === 'regproc') return lit(regprocOid(ctx, text, position), to);
    if (to.name === 'regnamespace') {
      const name = text.startsWith('"') ? text.slice(1, -1) : text.toLowerCase();
      const oid = ctx.binder.catalog.schemaOid?.(name);
      if (oid === undefined)
        throw new EddyError('3F000', `schema "${name}" does not exist`, { position });
      return lit(oid, to);
    }
    const t = typeFromName(text.replace(/^pg_catalog\./, ''), []);
    if (t === undefined) throw undefinedObject(`type "${text}" does not exist`, { position });
    return lit(typeOid(t), to);
  }
  const t = arg.type;
  if (
    t.kind === 'scalar' &&
    ['oid', 'int4', 'int8', 'regclass', 'regtype', 'regproc'].includes(t.name)
  ) {
    return {
      kind: 'cast',
      expr: t.name === 'int8' ? coerce(arg, T.oid, 'explicit') : arg,
      type: to,
      mode: 'explicit',
    };
  }
  if (t.kind === 'scalar' && ['text', 'varchar', 'name', 'bpchar'].includes(t.name)) {
    if (to.name !== 'regclass' && to.name !== 'regtype')
      throw featureNotSupported(`a cast of computed text to ${to.name} is not supported`, {
        position,
      });
    return runtimeRegCast(coerce(arg, T.text, 'explicit'), to);
  }
  throw new EddyError('42846', `cannot cast type ${formatType(t)} to ${formatType(to)}`, {
    position,
  });
}

/**
 * A cast of computed text to regclass / regtype (format('%I.%I', s, t)::regclass): resolved when
 * evaluated, through to_regclass / to_regtype, failing as PostgreSQL does when nothing matches.
 */
function runtimeRegCast(arg: Scalar, to: ScalarType): Scalar {
  const lookup = to.name === 'regclass' ? 'to_regclass' : 'to_regtype';
  const base = scalarCandidates(lookup).find((f) => f.args.length === 1 && f.args[0] === 'text');
  if (base === undefined) throw new EddyError('XX000', `internal error: ${lookup} is missing`);
  const func: ScalarFunc = {
    ...base,
    impl: (args, ctx, types) => {
      const oid = base.impl(args, ctx, types);
      if (oid !== null) return oid;
      const text = String(args[0]);
      throw to.name === 'regclass'
        ? new EddyError('42P01', `relation "${text}" does not exist`)
        : undefinedObject(`type "${text}" does not exist`);
    },
  };
  return { kind: 'call', func, args: [arg], type: to };
}
