// Numeric arithmetic with PostgreSQL's exact result scales: the entry point other layers import.
export * from './basic.js';
export * from './transcendental.js';
export { nbaseView, checkNumericRange } from './digits.js';
