// repr: the values and shapes every layer shares. Imports nothing outside itself.
export * from './types.js';
export * from './numeric.js';
export * from './datum.js';
export * from './update.js';
export * from './relation.js';
