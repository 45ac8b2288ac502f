// Date/time core shared by I/O and the date/time functions (date_trunc, extract, age, +interval).
export * from './calendar.js';
export * from './fields.js';
export * from './timezone.js';
export * from './input.js';
export * from './format.js';
export * from './range.js';
export * from './interval-input.js';
export * from './interval-output.js';
export { decodeDateTime, type DateOrder, type Decoded, type ZoneSpec } from './decode.js';
export { dateTimeError, DtError } from './tokenize.js';
