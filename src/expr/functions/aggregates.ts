// Built-in functions: aggregates (being written).
import type { FunctionModule } from '../registry.js';

export const module: FunctionModule = {};
