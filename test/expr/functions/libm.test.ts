// libm: correctly rounded values where V8's Math functions are a unit off (checked against 80-digit
// references), and the edges — subnormals, overflow, huge arguments — where the double-double
// arithmetic must not overflow into NaN.
import { describe, expect, it } from 'vitest';
import * as libm from '../../../src/expr/functions/libm/index.js';

describe('libm', () => {
  it('rounds correctly where V8 does not', () => {
    expect(libm.log(3)).toBe(1.0986122886681098);
    // (glibc, and so PostgreSQL, gives 0.4871876750070059 and 0.7510270550472058 here)
    expect(libm.cos(200)).toBe(0.48718767500700594);
    expect(libm.sin(692)).toBe(0.7510270550472057);
    expect(libm.exp(-312.60714285714283)).toBe(1.7236252738282094e-136);
    expect(libm.acos(0.5157484251574842)).toBe(1.0289153338287724);
    // sin of a huge argument needs the exact reduction: the known value of sin(1e22)
    expect(libm.sin(1e22)).toBe(-0.8522008497671888);
  });

  it('keeps exact results exact', () => {
    expect(libm.log10(1000)).toBe(3);
    expect(libm.log10(1e-310)).toBe(-310);
    expect(libm.log(1)).toBe(0);
    expect(libm.exp(0)).toBe(1);
    expect(libm.pow(2, 10)).toBe(1024);
    expect(libm.pow(-2, 3)).toBe(-8);
    expect(libm.pow(10, 15)).toBe(1e15);
    expect(libm.pow(4, 0.5)).toBe(2);
    expect(libm.pow(2, -1074)).toBe(5e-324);
  });

  it('handles the edges without NaN', () => {
    expect(libm.log(5e-324)).toBe(-744.4400719213812);
    expect(libm.log10(5e-324)).toBe(-323.3062153431158);
    expect(libm.exp(710)).toBe(Infinity);
    expect(libm.exp(-746)).toBe(0);
    expect(libm.pow(1.0000001, 1e300)).toBe(Infinity);
    expect(libm.pow(1.0000001, -1e300)).toBe(0);
    expect(libm.pow(-2, 1e20)).toBe(Infinity);
    expect(libm.pow(-8, 1 / 3)).toBeNaN();
    expect(libm.atan(1e308)).toBe(Math.PI / 2);
    expect(libm.atan(-1e200)).toBe(-Math.PI / 2);
    expect(libm.atan2(1e308, 1e-308)).toBe(Math.PI / 2);
    expect(libm.atan2(1e-308, -1e308)).toBe(Math.PI);
    expect(libm.atan2(7.08677695746957e303, -3.3)).toBe(Math.atan2(7.08677695746957e303, -3.3));
    // (PostgreSQL's values, in the overflow region's formula)
    expect(libm.sinh(-710.4189991950989)).toBe(-1.698326530445695e308);
    expect(libm.cosh(-710)).toBe(1.1169973830808557e308);
    expect(libm.sinh(-711)).toBe(-Infinity);
    for (const x of [1e300, -1.8485760953404718e187, 3.339713278760357e135, 4.76e52]) {
      expect(Math.abs(libm.sin(x))).toBeLessThanOrEqual(1);
      expect(Math.abs(libm.cos(x))).toBeLessThanOrEqual(1);
      expect(Number.isFinite(libm.tan(x))).toBe(true);
      expect(Math.abs(libm.sin(x) - Math.sin(x))).toBeLessThan(1e-15);
    }
  });
});
