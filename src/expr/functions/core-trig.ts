// Trigonometric functions on float8, in radians and in degrees. The degree variants follow
// PostgreSQL's float.c so that exact angles give exact results (sind(30) = 0.5, tand(45) = 1).
import { numericValueOutOfRange } from '../../errors/index.js';
import * as libm from './libm/index.js';

const RADIANS_PER_DEGREE = 0.0174532925199432957692;

function outOfRange(): never {
  throw numericValueOutOfRange('input is out of range');
}

function overflowCheck(r: number): number {
  if (r === Infinity || r === -Infinity)
    throw numericValueOutOfRange('value out of range: overflow');
  return r;
}

const sin30 = libm.sin(30 * RADIANS_PER_DEGREE);
const oneMinusCos60 = 1 - libm.cos(60 * RADIANS_PER_DEGREE);
const asin05 = libm.asin(0.5);
const acos05 = libm.acos(0.5);
const atan1 = libm.atan(1);

const sind0to30 = (x: number): number => libm.sin(x * RADIANS_PER_DEGREE) / sin30 / 2;
const cosd0to60 = (x: number): number =>
  1 - (1 - libm.cos(x * RADIANS_PER_DEGREE)) / oneMinusCos60 / 2;
const sindQ1 = (x: number): number => (x <= 30 ? sind0to30(x) : cosd0to60(90 - x));
const cosdQ1 = (x: number): number => (x <= 60 ? cosd0to60(x) : sind0to30(90 - x));
const tan45 = sindQ1(45) / cosdQ1(45);
const cot45 = cosdQ1(45) / sindQ1(45);

function radianArg(x: number): number {
  if (x === Infinity || x === -Infinity) outOfRange();
  return x;
}

export const trig = {
  sin: (x: number): number => libm.sin(radianArg(x)),
  cos: (x: number): number => libm.cos(radianArg(x)),
  tan: (x: number): number => libm.tan(radianArg(x)),
  cot: (x: number): number => overflowCheck(1 / libm.tan(radianArg(x))),
  asin: (x: number): number => (x < -1 || x > 1 ? outOfRange() : libm.asin(x)),
  acos: (x: number): number => (x < -1 || x > 1 ? outOfRange() : libm.acos(x)),
  atan: (x: number): number => libm.atan(x),
  atan2: (y: number, x: number): number => libm.atan2(y, x),
  sinh: (x: number): number => libm.sinh(x),
  cosh: (x: number): number => libm.cosh(x),
  tanh: (x: number): number => Math.tanh(x),
  asinh: (x: number): number => libm.asinh(x),
  acosh: (x: number): number => (x < 1 ? outOfRange() : libm.acosh(x)),
  atanh: (x: number): number => (x < -1 || x > 1 ? outOfRange() : Math.atanh(x)),
  degrees: (x: number): number => overflowCheck(x / RADIANS_PER_DEGREE),
  radians: (x: number): number => x * RADIANS_PER_DEGREE,
};

function sind(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) outOfRange();
  let a = x % 360;
  let sign = 1;
  if (a < 0) {
    a = -a;
    sign = -sign;
  }
  if (a > 180) {
    a = 360 - a;
    sign = -sign;
  }
  if (a > 90) a = 180 - a;
  return sign * sindQ1(a);
}

function cosd(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) outOfRange();
  let a = x % 360;
  let sign = 1;
  if (a < 0) a = -a;
  if (a > 180) a = 360 - a;
  if (a > 90) {
    a = 180 - a;
    sign = -sign;
  }
  return sign * cosdQ1(a);
}

function tanOrCotd(x: number, cot: boolean): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) outOfRange();
  let a = x % 360;
  let sign = 1;
  if (a < 0) {
    a = -a;
    sign = -sign;
  }
  if (a > 180) {
    a = 360 - a;
    sign = -sign;
  }
  if (a > 90) {
    a = 180 - a;
    sign = -sign;
  }
  const r = cot ? sign * (cosdQ1(a) / sindQ1(a) / cot45) : sign * (sindQ1(a) / cosdQ1(a) / tan45);
  return r === 0 ? 0 : r;
}

const asindQ1 = (x: number): number =>
  x <= 0.5 ? (libm.asin(x) / asin05) * 30 : 90 - (libm.acos(x) / acos05) * 60;
const acosdQ1 = (x: number): number =>
  x <= 0.5 ? 90 - (libm.asin(x) / asin05) * 30 : (libm.acos(x) / acos05) * 60;

export const trigd = {
  sind,
  cosd,
  tand: (x: number): number => tanOrCotd(x, false),
  cotd: (x: number): number => tanOrCotd(x, true),
  asind: (x: number): number => {
    if (Number.isNaN(x)) return NaN;
    if (x < -1 || x > 1) outOfRange();
    return x >= 0 ? asindQ1(x) : -asindQ1(-x);
  },
  acosd: (x: number): number => {
    if (Number.isNaN(x)) return NaN;
    if (x < -1 || x > 1) outOfRange();
    return x >= 0 ? acosdQ1(x) : 90 + asindQ1(-x);
  },
  atand: (x: number): number => (Number.isNaN(x) ? NaN : (libm.atan(x) / atan1) * 45),
  atan2d: (y: number, x: number): number =>
    Number.isNaN(x) || Number.isNaN(y) ? NaN : (libm.atan2(y, x) / atan1) * 45,
};
