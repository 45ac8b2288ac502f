// Built-in functions: jsonb (being written).
import type { FunctionModule } from '../registry.js';

export const module: FunctionModule = {};
