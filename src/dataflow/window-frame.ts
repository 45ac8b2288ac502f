// Window frames: which rows of a sorted partition a frame-using window function sees for each
// current row — ROWS / RANGE / GROUPS between UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW,
// n FOLLOWING, UNBOUNDED FOLLOWING, with EXCLUDE CURRENT ROW / GROUP / TIES. Stateless.
//
// Offsets for ROWS and GROUPS are plain counts (the planner evaluates and validates them:
// PostgreSQL rejects NULL and negative offsets). RANGE with an offset depends on values and
// types, so the planner passes a `range` bound with a test over (candidate, current) rows:
// for a start bound, "candidate is at or after the frame start"; for an end bound, "candidate is
// at or before the frame end". Over the sorted partition the test must be monotone (false…true
// for a start, true…false for an end); it implements PostgreSQL's in_range, sort direction and
// NULL placement.
import { internalError } from '../errors/index.js';
import { assertNever, type Row } from '../repr/index.js';

export type FrameBound =
  | { readonly kind: 'unboundedPreceding' }
  | { readonly kind: 'preceding'; readonly offset: number }
  | { readonly kind: 'currentRow' }
  | { readonly kind: 'following'; readonly offset: number }
  | { readonly kind: 'unboundedFollowing' }
  | { readonly kind: 'range'; readonly test: (candidate: Row, current: Row) => boolean };

export interface WindowFrame {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: FrameBound;
  readonly end: FrameBound;
  readonly exclude: 'noOthers' | 'currentRow' | 'group' | 'ties';
}

/** PostgreSQL's default: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW (with peers). */
export const DEFAULT_FRAME: WindowFrame = {
  mode: 'range',
  start: { kind: 'unboundedPreceding' },
  end: { kind: 'currentRow' },
  exclude: 'noOthers',
};

/** A partition sorted by the window's ORDER BY, one element per row copy, with its peers. */
export interface SortedPartition {
  readonly rows: readonly Row[];
  /** Peer group index of each row. */
  readonly group: readonly number[];
  /** First and last row index of each peer group. */
  readonly groupStart: readonly number[];
  readonly groupEnd: readonly number[];
}

/** Inclusive index ranges, ascending. */
export type FrameRanges = readonly (readonly [from: number, to: number])[];

/** The rows (as index ranges) of `frame` for the current row `i`. */
export function frameRanges(frame: WindowFrame, p: SortedPartition, i: number): FrameRanges {
  const n = p.rows.length;
  const s = Math.max(0, Math.min(n, startIndex(frame, p, i)));
  const e = Math.max(-1, Math.min(n - 1, endIndex(frame, p, i)));
  if (s > e) return [];
  const g = p.group[i]!;
  const ps = p.groupStart[g]!;
  const pe = p.groupEnd[g]!;
  const out: [number, number][] = [];
  const add = (a: number, b: number): void => {
    if (a <= b) out.push([a, b]);
  };
  switch (frame.exclude) {
    case 'noOthers':
      add(s, e);
      break;
    case 'currentRow':
      add(s, Math.min(e, i - 1));
      add(Math.max(s, i + 1), e);
      break;
    case 'group':
      add(s, Math.min(e, ps - 1));
      add(Math.max(s, pe + 1), e);
      break;
    case 'ties':
      add(s, Math.min(e, ps - 1));
      if (s <= i && i <= e) add(i, i);
      add(Math.max(s, pe + 1), e);
      break;
    default:
      return assertNever(frame.exclude);
  }
  return out;
}

function startIndex(frame: WindowFrame, p: SortedPartition, i: number): number {
  const b = frame.start;
  const g = p.group[i]!;
  switch (b.kind) {
    case 'unboundedPreceding':
      return 0;
    case 'unboundedFollowing':
      return p.rows.length;
    case 'currentRow':
      return frame.mode === 'rows' ? i : p.groupStart[g]!;
    case 'preceding':
      if (frame.mode === 'rows') return i - b.offset;
      if (frame.mode === 'groups') return p.groupStart[Math.max(0, g - b.offset)]!;
      throw internalError('RANGE frame offsets need a range bound');
    case 'following':
      if (frame.mode === 'rows') return i + b.offset;
      if (frame.mode === 'groups') {
        return g + b.offset < p.groupStart.length ? p.groupStart[g + b.offset]! : p.rows.length;
      }
      throw internalError('RANGE frame offsets need a range bound');
    case 'range': {
      // First index where the test holds (false…true).
      let lo = 0;
      let hi = p.rows.length;
      const cur = p.rows[i]!;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (b.test(p.rows[mid]!, cur)) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    }
    default:
      return assertNever(b);
  }
}

function endIndex(frame: WindowFrame, p: SortedPartition, i: number): number {
  const b = frame.end;
  const g = p.group[i]!;
  const lastGroup = p.groupStart.length - 1;
  switch (b.kind) {
    case 'unboundedPreceding':
      return -1;
    case 'unboundedFollowing':
      return p.rows.length - 1;
    case 'currentRow':
      return frame.mode === 'rows' ? i : p.groupEnd[g]!;
    case 'preceding':
      if (frame.mode === 'rows') return i - b.offset;
      if (frame.mode === 'groups') return g - b.offset >= 0 ? p.groupEnd[g - b.offset]! : -1;
      throw internalError('RANGE frame offsets need a range bound');
    case 'following':
      if (frame.mode === 'rows') return i + b.offset;
      if (frame.mode === 'groups') return p.groupEnd[Math.min(lastGroup, g + b.offset)]!;
      throw internalError('RANGE frame offsets need a range bound');
    case 'range': {
      // Last index where the test holds (true…false).
      let lo = 0;
      let hi = p.rows.length;
      const cur = p.rows[i]!;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (b.test(p.rows[mid]!, cur)) lo = mid + 1;
        else hi = mid;
      }
      return lo - 1;
    }
    default:
      return assertNever(b);
  }
}
