// Built-in functions: array (being written).
import type { FunctionModule } from '../registry.js';

export const module: FunctionModule = {};
