// Two-variable statistics over float8 pairs (Y, X), as PostgreSQL computes them: corr,
// covar_pop, covar_samp and the regr_* family. Rows where either value is NULL are skipped.
// The sums are PostgreSQL's float8_regr_accum (Youngs-Cramer): N, Sx, Sy and the centred Sxx,
// Syy, Sxy, updated per input in order, so that results agree with PostgreSQL's to the bit
// for inputs in the same order.
import { T, type Datum } from '../../repr/index.js';
import { numericValueOutOfRange } from '../../errors/index.js';
import type { AggInput, AggregateFunc } from '../signature.js';

interface Sums {
  n: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}

function accumulate(inputs: readonly AggInput[]): Sums {
  const s: Sums = { n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
  for (const [args, diff] of inputs) {
    const y = args[0] ?? null;
    const x = args[1] ?? null;
    if (x === null || y === null) continue;
    for (let i = 0; i < diff; i++) add(s, x as number, y as number);
  }
  return s;
}

function add(s: Sums, x: number, y: number): void {
  const before = s.n;
  const [sx0, sy0] = [s.sx, s.sy];
  s.n += 1;
  s.sx += x;
  s.sy += y;
  if (before > 0) {
    const tx = x * s.n - s.sx;
    const ty = y * s.n - s.sy;
    const scale = 1 / (s.n * before);
    s.sxx += tx * tx * scale;
    s.syy += ty * ty * scale;
    s.sxy += tx * ty * scale;
    // A sum gone infinite from finite inputs is an overflow; from an infinite input it is NaN.
    const finiteX = !isInf(sx0) && !isInf(x);
    const finiteY = !isInf(sy0) && !isInf(y);
    if (isInf(s.sx) || isInf(s.sxx)) s.sxx = overflowOr(finiteX);
    if (isInf(s.sy) || isInf(s.syy)) s.syy = overflowOr(finiteY);
    if (isInf(s.sxy)) s.sxy = overflowOr(finiteX && finiteY);
  } else {
    // An infinite or NaN first input makes the dependent sums NaN.
    if (!Number.isFinite(x)) s.sxx = s.sxy = NaN;
    if (!Number.isFinite(y)) s.syy = s.sxy = NaN;
  }
}

const isInf = (v: number): boolean => Math.abs(v) === Infinity;

function overflowOr(fromFinite: boolean): number {
  if (fromFinite) throw numericValueOutOfRange('value out of range: overflow');
  return NaN;
}

function stat(name: string, finish: (s: Sums) => Datum, ret = T.float8): AggregateFunc {
  return {
    name,
    args: ['float8', 'float8'],
    ret,
    strict: true,
    apply: (inputs) => finish(accumulate(inputs)),
  };
}

const some =
  (f: (s: Sums) => Datum) =>
  (s: Sums): Datum =>
    s.n < 1 ? null : f(s);

export const regressionAggregates: AggregateFunc[] = [
  stat('regr_count', (s) => BigInt(s.n), T.int8),
  stat(
    'regr_sxx',
    some((s) => s.sxx),
  ),
  stat(
    'regr_syy',
    some((s) => s.syy),
  ),
  stat(
    'regr_sxy',
    some((s) => s.sxy),
  ),
  stat(
    'regr_avgx',
    some((s) => s.sx / s.n),
  ),
  stat(
    'regr_avgy',
    some((s) => s.sy / s.n),
  ),
  stat(
    'covar_pop',
    some((s) => s.sxy / s.n),
  ),
  stat('covar_samp', (s) => (s.n < 2 ? null : s.sxy / (s.n - 1))),
  stat(
    'corr',
    some((s) => (s.sxx === 0 || s.syy === 0 ? null : s.sxy / Math.sqrt(s.sxx * s.syy))),
  ),
  stat(
    'regr_r2',
    some((s) => (s.sxx === 0 ? null : s.syy === 0 ? 1 : (s.sxy * s.sxy) / (s.sxx * s.syy))),
  ),
  stat(
    'regr_slope',
    some((s) => (s.sxx === 0 ? null : s.sxy / s.sxx)),
  ),
  stat(
    'regr_intercept',
    some((s) => (s.sxx === 0 ? null : (s.sy - (s.sx * s.sxy) / s.sxx) / s.n)),
  ),
];
