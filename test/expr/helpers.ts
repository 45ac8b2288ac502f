// Test helpers for the core function modules: an EvalContext and lookups of functions and
// operators by exact PostgreSQL signature in one module.
import type { Datum, SqlType } from '../../src/repr/index.js';
import { scalar, type ScalarName } from '../../src/repr/types.js';
import type { FunctionModule } from '../../src/expr/registry.js';
import type { EvalContext, ParamType, ScalarFunc } from '../../src/expr/signature.js';
import { EddyError } from '../../src/errors/index.js';

export function makeCtx(timeZone = 'UTC', settings: Record<string, string> = {}): EvalContext {
  return {
    timeZone,
    txnStart: 0n,
    statementStart: 0n,
    setting: (name) => settings[name],
  };
}

export const ctx = makeCtx();

function sameParam(a: ParamType, b: ParamType): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.array === b.array;
}

/** The function of a module with exactly this signature. */
export function lookup(
  list: readonly ScalarFunc[] | undefined,
  name: string,
  params: readonly ParamType[],
): ScalarFunc {
  const f = (list ?? []).find(
    (c) =>
      c.name === name &&
      c.args.length === params.length &&
      c.args.every((p, i) => sameParam(p, params[i]!)),
  );
  if (f === undefined) throw new Error(`no ${name}(${params.join(', ')})`);
  return f;
}

function argTypes(params: readonly ParamType[], types?: readonly SqlType[]): SqlType[] {
  return params.map(
    (p, i) => types?.[i] ?? (typeof p === 'string' ? scalar(p as ScalarName) : scalar('text')),
  );
}

/** Calls a function (strictness applied like the evaluator does). */
export function callIn(
  mod: FunctionModule,
  kind: 'scalars' | 'operators',
  name: string,
  params: readonly ParamType[],
  args: readonly Datum[],
  types?: readonly SqlType[],
  c: EvalContext = ctx,
): Datum {
  const f = lookup(mod[kind], name, params);
  if (f.strict && args.some((a) => a === null)) return null;
  return f.impl(args, c, types ?? argTypes(params));
}

/** The SQLSTATE and message of what `run` throws (fails if it does not throw an EddyError). */
export function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof EddyError) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error('expected an error');
}
