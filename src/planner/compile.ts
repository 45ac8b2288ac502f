// Compiles lowered scalar expressions into closures over a row. Evaluation follows PostgreSQL:
// strict functions return NULL on any NULL argument, AND/OR use three-valued logic (with
// short-circuit only where the result is decided), CASE evaluates only the branch it takes.
import { EddyError, featureNotSupported } from '../errors/index.js';
import { compareDatum, PgArray, RecordDatum, type Datum, type Row } from '../repr/index.js';
import { castDatum } from '../expr/cast.js';
import type { EvalContext } from '../expr/signature.js';
import type { Scalar } from '../sql/hir.js';

export type Compiled = (row: Row) => Datum;

export function compileScalar(s: Scalar, ctx: EvalContext): Compiled {
  switch (s.kind) {
    case 'column': {
      const i = s.index;
      return (row) => row[i] ?? null;
    }
    case 'literal': {
      const slots = ctx.parameters;
      if (slots !== undefined && s.param !== undefined) {
        const i = s.param - 1;
        return () => slots.values[i] ?? null;
      }
      const v = s.value;
      return () => v;
    }
    case 'call': {
      const args = s.args.map((a) => compileScalar(a, ctx));
      const argTypes = s.args.map((a) => a.type);
      const { impl, strict } = s.func;
      if (args.length === 1) {
        const a0 = args[0]!;
        return strict
          ? (row) => {
              const x = a0(row);
              return x === null ? null : impl([x], ctx, argTypes);
            }
          : (row) => impl([a0(row)], ctx, argTypes);
      }
      if (args.length === 2) {
        const a0 = args[0]!;
        const a1 = args[1]!;
        return strict
          ? (row) => {
              const x = a0(row);
              if (x === null) return null;
              const y = a1(row);
              return y === null ? null : impl([x, y], ctx, argTypes);
            }
          : (row) => impl([a0(row), a1(row)], ctx, argTypes);
      }
      return (row) => {
        const vals = args.map((a) => a(row));
        if (strict && vals.some((v) => v === null)) return null;
        return impl(vals, ctx, argTypes);
      };
    }
    case 'cast': {
      const inner = compileScalar(s.expr, ctx);
      const from = s.expr.type;
      const to = s.type;
      const mode = s.mode;
      return (row) => {
        const v = inner(row);
        return v === null ? null : castDatum(v, from, to, ctx, mode);
      };
    }
    case 'and': {
      const args = s.args.map((a) => compileScalar(a, ctx));
      return (row) => {
        let sawNull = false;
        for (const a of args) {
          const v = a(row);
          if (v === false) return false;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : true;
      };
    }
    case 'or': {
      const args = s.args.map((a) => compileScalar(a, ctx));
      return (row) => {
        let sawNull = false;
        for (const a of args) {
          const v = a(row);
          if (v === true) return true;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : false;
      };
    }
    case 'not': {
      const a = compileScalar(s.arg, ctx);
      return (row) => {
        const v = a(row);
        return v === null ? null : !v;
      };
    }
    case 'isNull': {
      const a = compileScalar(s.arg, ctx);
      const isRow = s.arg.type.kind === 'record';
      return (row) => {
        const v = a(row);
        // ROW(...) IS NULL is true when every field is NULL.
        if (isRow && v instanceof RecordDatum) return v.fields.every((f) => f === null);
        return v === null;
      };
    }
    case 'isBool': {
      const a = compileScalar(s.arg, ctx);
      const test = s.test;
      return (row) => {
        const v = a(row);
        return test === 'unknown' ? v === null : test === 'true' ? v === true : v === false;
      };
    }
    case 'case': {
      const whens = s.whens.map(
        (w) => [compileScalar(w.cond, ctx), compileScalar(w.then, ctx)] as const,
      );
      const els = compileScalar(s.else, ctx);
      return (row) => {
        for (const [c, t] of whens) if (c(row) === true) return t(row);
        return els(row);
      };
    }
    case 'coalesce': {
      const args = s.args.map((a) => compileScalar(a, ctx));
      return (row) => {
        for (const a of args) {
          const v = a(row);
          if (v !== null) return v;
        }
        return null;
      };
    }
    case 'greatest':
    case 'least': {
      const args = s.args.map((a) => compileScalar(a, ctx));
      const sign = s.kind === 'greatest' ? 1 : -1;
      return (row) => {
        let best: Datum = null;
        for (const a of args) {
          const v = a(row);
          if (v !== null && (best === null || sign * compareDatum(v, best) > 0)) best = v;
        }
        return best;
      };
    }
    case 'array': {
      const elems = s.elems.map((e) => compileScalar(e, ctx));
      const nested = s.elems.length > 0 && s.elems.every((e) => e.type.kind === 'array');
      return (row) => {
        const vals = elems.map((e) => e(row));
        if (!nested) return PgArray.of(vals);
        // ARRAY[ARRAY[1,2],ARRAY[3,4]]: a multidimensional array.
        const subs = vals.filter((v): v is PgArray => v instanceof PgArray);
        if (subs.length === 0 || subs.every((a) => a.dims.length === 0)) return PgArray.of([]);
        const first = subs[0]!;
        for (const a of subs) {
          if (
            a.dims.length !== first.dims.length ||
            a.dims.some((d, i) => d.length !== first.dims[i]!.length)
          ) {
            throw new EddyError(
              '2202E',
              'multidimensional arrays must have array expressions with matching dimensions',
            );
          }
        }
        return new PgArray(
          subs.flatMap((a) => a.elements),
          [{ length: subs.length, lower: 1 }, ...first.dims],
        );
      };
    }
    case 'row': {
      const fields = s.fields.map((f) => compileScalar(f, ctx));
      return (row) => new RecordDatum(fields.map((f) => f(row)));
    }
    case 'error': {
      const { code, message } = s;
      return () => {
        throw new EddyError(code, message);
      };
    }
    case 'outer':
    case 'subquery':
    case 'exists':
    case 'quantified':
    case 'aggRef':
    case 'windowRef':
      throw featureNotSupported(`internal error: ${s.kind} survived lowering`);
    default: {
      const never: never = s;
      return never;
    }
  }
}

/** Compiles a predicate: only TRUE passes (NULL and FALSE filter the row out). */
export function compilePredicate(s: Scalar, ctx: EvalContext): (row: Row) => boolean {
  const f = compileScalar(s, ctx);
  return (row) => f(row) === true;
}
