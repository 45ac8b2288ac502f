// SQL-standard value functions without parentheses: CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_USER,
// CURRENT_SCHEMA, ... bound as calls of the corresponding functions.
import type { SQLValueFunction } from '@pgsql/types';
import { featureNotSupported } from '../errors/index.js';
import { bindScalarCall } from './bind-func.js';
import { lit, type ExprCtx } from './bind-expr.js';
import type { Scalar } from './hir.js';
import { T } from '../repr/index.js';

const FUNCS: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'now',
  SVFOP_CURRENT_TIMESTAMP_N: 'now',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_ROLE: 'current_user',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'current_user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_CURRENT_CATALOG: 'current_database',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

export function bindSqlValueFunction(ctx: ExprCtx, f: SQLValueFunction): Scalar {
  const op = f.op ?? '';
  const name = FUNCS[op];
  if (name === undefined) throw featureNotSupported(`${op} is not supported`);
  const position = f.location !== undefined ? f.location + 1 : undefined;
  const call = bindScalarCall(ctx, name, [], position);
  if (f.typmod !== undefined && f.typmod >= 0 && call.type.kind === 'scalar') {
    return {
      kind: 'call',
      func: roundFunc(ctx, call.type.name),
      args: [call, lit(f.typmod, T.int4)],
      type: call.type,
    } as Scalar;
  }
  return call;
}

import type { ScalarFunc } from '../expr/signature.js';
import { castDatum } from '../expr/cast.js';
function roundFunc(_ctx: ExprCtx, name: string): ScalarFunc {
  return {
    name: 'round_precision',
    args: [name as never, 'int4'],
    ret: T.timestamptz,
    strict: true,
    volatility: 'stable',
    impl: (args, c, types) =>
      castDatum(
        args[0]!,
        types[0]!,
        {
          kind: 'scalar',
          name: types[0]!.kind === 'scalar' ? types[0]!.name : 'timestamptz',
          typmod: args[1] as number,
        },
        c,
        'explicit',
      ),
  };
}
