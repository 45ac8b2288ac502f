// Built-in aggregates: the general ones (count, min/max, string_agg, array_agg, bool/bit, jsonb)
// in ./agg-general.ts, the numeric ones (sum, avg, variance, stddev) in ./agg-numeric.ts and the
// ordered-set ones (percentile_cont/disc, mode) in ./agg-ordered-set.ts.
import type { FunctionModule } from '../registry.js';
import { generalAggregates } from './agg-general.js';
import { numericAggregates } from './agg-numeric.js';
import { orderedSetAggregates } from './agg-ordered-set.js';

export const module: FunctionModule = {
  aggregates: [...generalAggregates, ...numericAggregates, ...orderedSetAggregates],
};
