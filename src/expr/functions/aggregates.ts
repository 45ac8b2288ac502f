// Built-in aggregates: the general ones (count, min/max, string_agg, array_agg, bool/bit, jsonb)
// in ./agg-general.ts and the numeric ones (sum, avg, variance, stddev) in ./agg-numeric.ts.
import type { FunctionModule } from '../registry.js';
import { generalAggregates } from './agg-general.js';
import { numericAggregates } from './agg-numeric.js';

export const module: FunctionModule = {
  aggregates: [...generalAggregates, ...numericAggregates],
};
