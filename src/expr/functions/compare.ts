// Comparison operators = <> < <= > >= for every built-in type, with the cross-type pairs
// PostgreSQL defines (int2/int4/int8, float4/float8, text/name, date/timestamp/timestamptz) and
// anyarray. Ordering is PostgreSQL's (compareDatum): NaN is equal to itself and above all
// numbers, char(n) ignores trailing blanks, text uses the C collation. Also num_nulls and
// num_nonnulls (how many of the arguments are NULL, or not).
import { compareDatum, compareText, type Datum } from '../../repr/datum.js';
import { scalar, T, type ScalarName } from '../../repr/types.js';
import type { EvalContext, ParamType, ScalarFunc } from '../signature.js';
import type { FunctionModule } from '../registry.js';
import { castDatum } from '../cast.js';
import { fn, INT_NAMES } from './core-util.js';

type Cmp = (a: Datum, b: Datum, ctx: EvalContext) => number;

const TESTS: readonly (readonly [string, (c: number) => boolean])[] = [
  ['=', (c) => c === 0],
  ['<>', (c) => c !== 0],
  ['<', (c) => c < 0],
  ['<=', (c) => c <= 0],
  ['>', (c) => c > 0],
  ['>=', (c) => c >= 0],
];

function family(l: ParamType, r: ParamType, cmp: Cmp): ScalarFunc[] {
  return TESTS.map(([op, test]) => fn(op, [l, r], T.bool, ([a, b], ctx) => test(cmp(a!, b!, ctx))));
}

const generic: Cmp = (a, b) => compareDatum(a, b);

const SAME_TYPE: readonly ScalarName[] = [
  'bool',
  'int2',
  'int4',
  'int8',
  'float4',
  'float8',
  'numeric',
  'text',
  'name',
  'char',
  'bytea',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'interval',
  'uuid',
  'jsonb',
  'oid',
];

const rtrim = (s: string): string => s.replace(/ +$/, '');
const bpcharCmp: Cmp = (a, b) => compareText(rtrim(a as string), rtrim(b as string));

/** Mixed-width integers: compare exactly as bigint when either side is int8. */
const intCmp: Cmp = (a, b) => {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === 'bigint' ? a : BigInt(a as number);
  const y = typeof b === 'bigint' ? b : BigInt(b as number);
  return x < y ? -1 : x > y ? 1 : 0;
};

function crossInts(): ScalarFunc[] {
  const out: ScalarFunc[] = [];
  for (const l of INT_NAMES)
    for (const r of INT_NAMES) if (l !== r) out.push(...family(l, r, intCmp));
  return out;
}

/** date/timestamp/timestamptz pairs: both sides promoted to the later type of the list. */
const DT: readonly ScalarName[] = ['date', 'timestamp', 'timestamptz'];

function crossDatetime(): ScalarFunc[] {
  const out: ScalarFunc[] = [];
  for (const l of DT) {
    for (const r of DT) {
      if (l === r) continue;
      const to = DT.indexOf(l) > DT.indexOf(r) ? l : r;
      const cmp: Cmp = (a, b, ctx) =>
        compareDatum(
          castDatum(a, scalar(l), scalar(to), ctx, 'implicit'),
          castDatum(b, scalar(r), scalar(to), ctx, 'implicit'),
        );
      out.push(...family(l, r, cmp));
    }
  }
  return out;
}

/** num_nulls / num_nonnulls(VARIADIC "any"): counts NULL (or non-NULL) arguments. */
const countNulls = (name: string, nulls: boolean): ScalarFunc =>
  fn(name, ['any'], T.int4, (args) => args.filter((a) => (a === null) === nulls).length, {
    strict: false,
    variadic: true,
  });

export const module: FunctionModule = {
  scalars: [countNulls('num_nulls', true), countNulls('num_nonnulls', false)],
  operators: [
    ...SAME_TYPE.flatMap((t) => family(t, t, generic)),
    ...family('bpchar', 'bpchar', bpcharCmp),
    ...crossInts(),
    ...family('float4', 'float8', generic),
    ...family('float8', 'float4', generic),
    ...family('text', 'name', generic),
    ...family('name', 'text', generic),
    ...crossDatetime(),
    ...family('anyarray', 'anyarray', generic),
  ],
};
