// Built-in aggregates: the general ones (count, min/max, string_agg, array_agg, bool/bit, jsonb)
// in ./agg-general.ts, the numeric ones (sum, avg, variance, stddev) in ./agg-numeric.ts and the
// ordered-set ones (percentile_cont/disc, mode) in ./agg-ordered-set.ts, the two-variable
// statistics (corr, covar_*, regr_*) in ./agg-regression.ts.
import type { FunctionModule } from '../registry.js';
import { generalAggregates } from './agg-general.js';
import { numericAggregates } from './agg-numeric.js';
import { orderedSetAggregates } from './agg-ordered-set.js';
import { regressionAggregates } from './agg-regression.js';

export const module: FunctionModule = {
  aggregates: [
    ...generalAggregates,
    ...numericAggregates,
    ...orderedSetAggregates,
    ...regressionAggregates,
  ],
};
