// Calls with named arguments (make_interval(days => 3), jsonb_set(..., create_if_missing =>
// false)): PostgreSQL matches them to the function's declared parameter names and fills the
// parameters left out with their defaults. These are the names and defaults of the functions
// Eddy has that PostgreSQL declares with names; a call becomes the positional call it stands for.
import { T } from '../repr/index.js';
import type { Scalar } from './hir.js';

interface Params {
  readonly names: readonly string[];
  /** How many of the first parameters a call must give (the others have defaults or overloads). */
  readonly required: number;
  /** Defaults of the parameters after the required ones, for those left out before a later one. */
  readonly defaults: readonly Scalar[];
}

const int = (value: number): Scalar => ({ kind: 'literal', value, type: T.int4 });
const INTERVAL_PARTS = ['years', 'months', 'weeks', 'days', 'hours', 'mins', 'secs'];

const PARAMS: ReadonlyMap<string, Params> = new Map<string, Params>([
  [
    'make_interval',
    {
      names: INTERVAL_PARTS,
      required: 0,
      defaults: [
        ...INTERVAL_PARTS.slice(1).map(() => int(0)),
        { kind: 'literal', value: 0, type: T.float8 },
      ],
    },
  ],
  ['make_date', { names: ['year', 'month', 'day'], required: 3, defaults: [] }],
  ['make_time', { names: ['hour', 'min', 'sec'], required: 3, defaults: [] }],
  [
    'make_timestamp',
    { names: ['year', 'month', 'mday', 'hour', 'min', 'sec'], required: 6, defaults: [] },
  ],
  // (Two functions in PostgreSQL: with and without the last parameter.)
  [
    'make_timestamptz',
    {
      names: ['year', 'month', 'mday', 'hour', 'min', 'sec', 'timezone'],
      required: 6,
      defaults: [],
    },
  ],
  [
    'jsonb_set',
    {
      names: ['jsonb_in', 'path', 'replacement', 'create_if_missing'],
      required: 3,
      defaults: [{ kind: 'literal', value: true, type: T.bool }],
    },
  ],
  [
    'jsonb_insert',
    {
      names: ['jsonb_in', 'path', 'replacement', 'insert_after'],
      required: 3,
      defaults: [{ kind: 'literal', value: false, type: T.bool }],
    },
  ],
]);

/**
 * The positional arguments of a call of `name` with `positional` arguments and then `named`
 * ones; null when the names do not fit the function (no such parameter, one given twice, or a
 * parameter without a default left out), which is then "function ... does not exist".
 */
export function positionalArgs(
  name: string,
  positional: readonly Scalar[],
  named: readonly { readonly name: string; readonly arg: Scalar }[],
): Scalar[] | null {
  const p = PARAMS.get(name);
  if (p === undefined) return null;
  const out: (Scalar | undefined)[] = [...positional];
  for (const n of named) {
    const i = p.names.indexOf(n.name);
    if (i < 0 || out[i] !== undefined) return null;
    out[i] = n.arg;
  }
  if (out.length < p.required) return null;
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== undefined) continue;
    const d = i < p.required ? undefined : p.defaults[i - p.required];
    if (d === undefined) return null;
    out[i] = d;
  }
  return out as Scalar[];
}
