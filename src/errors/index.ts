// Errors: one class with a SQLSTATE, plus the factories that raise it.
export * from './error.js';
export * from './factories.js';
export * from './abortable.js';
