// Elementary float8 functions that return what PostgreSQL returns. PostgreSQL calls the C
// library (glibc), whose exp, log, pow and trigonometric functions are correctly rounded in all
// but rare cases; V8's Math functions are a unit off in the last place for a few percent of
// arguments (ln 3 = 1.0986122886681098 there, 1.0986122886681096 in V8), which the shortest
// round-trip output shows. Here they are computed in double-double arithmetic (about 106 bits)
// and rounded once (exp-log.ts, trig.ts over double-double.ts); glibc's own error bound is slightly
// above half a unit, so for a few arguments in 1,000 near a rounding midpoint it rounds the other
// way and the last digit differs. log10, sinh, cosh, asinh and acosh follow glibc's formulas.
export { acosh, asinh, cosh, exp, log, log10, pow, sinh } from './exp-log.js';
export { acos, asin, atan, atan2, cos, sin, tan } from './trig.js';
