// Built-in functions: pattern (being written).
import type { FunctionModule } from '../registry.js';

export const module: FunctionModule = {};
