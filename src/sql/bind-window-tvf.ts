// Binds the time window functions TUMBLE and HOP in FROM (RisingWave's syntax):
//
//   TUMBLE(relation, time_column, size [, offset])
//   HOP(relation, time_column, hop, size [, offset])
//
// The first argument names a table, view or CTE (resolved as a FROM item would be), the second
// one of its columns of type timestamp, timestamptz or date. The result is every column of the
// relation followed by window_start and window_end (timestamptz for a timestamptz column,
// timestamp otherwise): one row per window containing the row's time — one for TUMBLE, size / hop
// for HOP — and none when the time is NULL or infinite. The window arithmetic is in
// src/expr/time-window.ts.
//
// The call binds to a flatMap over the relation, so it needs no operator of its own: the flatMap
// is stateless and incremental (an inserted or retracted row inserts or retracts its windows),
// and serves one-shot queries and maintained views alike. Its arguments are the time column and
// the interval arguments, which EXPLAIN shows as `FlatMap tumble(#2, 00:05:00)`.
import type { FuncCall, RangeFunction } from '@pgsql/types';
import {
  EddyError,
  datatypeMismatch,
  duplicateColumn,
  featureNotSupported,
  undefinedFunction,
} from '../errors/index.js';
import { T, type Datum, type SqlType } from '../repr/index.js';
import { formatType } from '../repr/pgtypes.js';
import {
  hopSpec,
  tumbleSpec,
  windowsContaining,
  type WindowKind,
  type WindowSpec,
} from '../expr/time-window.js';
import { USECS_PER_DAY } from '../repr/datetime/index.js';
import { names, positionOf, tagOf, type Node } from './ast.js';
import type { Binder } from './binder.js';
import { bindExpr, coerceTo, type ExprCtx } from './bind-expr.js';
import { bindRangeVar, named, type FromResult } from './bind-from.js';
import type { Rel, TableFunc } from './hir.js';
import { isUnknown } from './coerce.js';
import { visitScalar } from './scalar-util.js';
import type { Scope } from './scope.js';

const USAGE: Record<WindowKind, string> = {
  tumble: 'TUMBLE(relation, time_column, window_size [, offset])',
  hop: 'HOP(relation, time_column, window_slide, window_size [, offset])',
};
/** Names of the interval arguments, after the relation and the time column. */
const INTERVAL_ARGS: Record<WindowKind, readonly string[]> = {
  tumble: ['window size', 'window offset'],
  hop: ['window slide', 'window size', 'window offset'],
};

export function isWindowTableFunction(name: string): name is WindowKind {
  return name === 'tumble' || name === 'hop';
}

export function bindWindowTableFunction(
  binder: Binder,
  kind: WindowKind,
  rf: RangeFunction,
  call: FuncCall,
  parent: Scope | null,
): FromResult {
  const NAME = kind.toUpperCase();
  const position = call.location !== undefined ? call.location + 1 : undefined;
  const usage = (message: string, at = position): EddyError =>
    undefinedFunction(message, { position: at, hint: `Use ${USAGE[kind]}.` });
  if (rf.ordinality === true) throw featureNotSupported(`${NAME} WITH ORDINALITY is not supported`);
  const args = call.args ?? [];
  const intervalNames = INTERVAL_ARGS[kind];
  if (args.length < intervalNames.length + 1 || args.length > intervalNames.length + 2) {
    throw usage(`function ${kind} with ${args.length} arguments does not exist`);
  }

  // The relation, named by the first argument (parsed as a column reference).
  const relName = columnRefNames(args[0]!);
  if (relName === null || relName.length > 2) {
    throw usage(
      `the first argument of ${NAME} must name a table, view or CTE`,
      positionOf(args[0]!),
    );
  }
  const name = relName[relName.length - 1]!;
  const relAt = positionOf(args[0]!);
  const input = bindRangeVar(
    binder,
    {
      relname: name,
      ...(relName.length === 2 ? { schemaname: relName[0]! } : {}),
      ...(relAt !== undefined ? { location: relAt - 1 } : {}),
    },
    null,
  );
  const inputCols = input.scope.star;
  for (const out of ['window_start', 'window_end']) {
    if (inputCols.some((c) => c.name === out)) {
      throw duplicateColumn(
        `${NAME} cannot add column "${out}": relation "${name}" already has a column of that name`,
        { position },
      );
    }
  }

  // The time column, a column of that relation.
  const ctx: ExprCtx = {
    binder,
    scope: input.scope,
    clause: 'functions in FROM',
    aggs: null,
    windows: null,
  };
  if (columnRefNames(args[1]!) === null) {
    throw usage(
      `the second argument of ${NAME} must be a column of "${name}"`,
      positionOf(args[1]!),
    );
  }
  const time = bindExpr(ctx, args[1]!);
  const timeType = typeName(time.type);
  if (timeType !== 'timestamp' && timeType !== 'timestamptz' && timeType !== 'date') {
    throw datatypeMismatch(
      `argument of ${NAME} must be type timestamp, timestamp with time zone or date, not type ${formatType(time.type)}`,
      { position: positionOf(args[1]!) },
    );
  }
  const windowType = timeType === 'timestamptz' ? T.timestamptz : T.timestamp;

  // The interval arguments: constant (they may not read the row), of type interval.
  const intervals = args.slice(2).map((node, i) => {
    const what = `${NAME} ${intervalNames[i]}`;
    const at = positionOf(node);
    let s = bindExpr(ctx, node);
    if (isUnknown(s.type)) s = coerceTo(ctx, s, T.interval, 'implicit', at);
    if (typeName(s.type) !== 'interval') {
      throw datatypeMismatch(`${what} must be type interval, not type ${formatType(s.type)}`, {
        position: at,
      });
    }
    visitScalar(s, (x) => {
      if (x.kind === 'column')
        throw featureNotSupported(`${what} must be a constant interval`, { position: at });
    });
    return s;
  });
  // Constants are checked now, so that a bad size fails the statement that names it; anything
  // else (an expression, a parameter) is checked as it is evaluated, row by row.
  const literals = intervals.map((s) =>
    s.kind === 'literal' && s.param === undefined ? s.value : undefined,
  );
  if (literals.every((v) => v !== undefined)) {
    try {
      makeSpec(kind, literals);
    } catch (e) {
      throw e instanceof EddyError ? e.withPosition(position) : e;
    }
  }

  const func: TableFunc = {
    name: kind,
    args: [time, ...intervals],
    columns: [
      { name: 'window_start', type: windowType },
      { name: 'window_end', type: windowType },
    ],
    impl: windowImpl(kind, timeType === 'date'),
    strict: false,
    ordinality: false,
  };
  const rel: Rel = { kind: 'flatMap', input: input.rel, func };
  const columns = [
    ...inputCols.map((c) => ({
      name: c.name,
      type: c.type,
      tableOid: c.tableOid,
      columnNumber: c.attnum,
    })),
    ...func.columns,
  ];
  return named(rel, columns, rf.alias ?? null, name, parent);
}

/** The names of a plain column reference (`a`, `a.b`), or null for anything else. */
function columnRefNames(node: Node): string[] | null {
  const [tag, body] = tagOf(node);
  if (tag !== 'ColumnRef') return null;
  const fields = names(body.fields as Node[] | undefined);
  return fields.includes('*') ? null : fields;
}

function typeName(t: SqlType): string | null {
  return t.kind === 'scalar' ? t.name : null;
}

function makeSpec(kind: WindowKind, intervals: readonly Datum[]): WindowSpec {
  const [a, b, c] = intervals;
  return kind === 'tumble'
    ? tumbleSpec(a ?? null, intervals.length > 1 ? (b ?? null) : undefined)
    : hopSpec(a ?? null, b ?? null, intervals.length > 2 ? (c ?? null) : undefined);
}

/** The rows of one input row: [window_start, window_end] per window containing its time. */
function windowImpl(kind: WindowKind, isDate: boolean): TableFunc['impl'] {
  // The interval arguments are almost always the same datums row after row: reuse the spec.
  let lastArgs: readonly Datum[] = [];
  let lastSpec: WindowSpec | null = null;
  return ([time, ...intervals]) => {
    if (time === null || time === undefined) return [];
    if (
      lastSpec === null ||
      intervals.length !== lastArgs.length ||
      intervals.some((v, i) => v !== lastArgs[i])
    ) {
      lastSpec = makeSpec(kind, intervals);
      lastArgs = intervals;
    }
    const t = isDate ? dateMicros(time as number) : (time as bigint);
    return t === null ? [] : windowsContaining(t, lastSpec);
  };
}

/** A date's midnight in microseconds; null for ±infinity. */
function dateMicros(days: number): bigint | null {
  return Number.isFinite(days) ? BigInt(days) * USECS_PER_DAY : null;
}
