// The catalog of built-in scalar functions, operators and aggregates, gathered from the modules
// in ./functions. The binder looks candidates up here by name (operators by their symbol) and
// resolves overloads with PostgreSQL's rules.
import type { AggregateFunc, ScalarFunc, TableFunc } from './signature.js';
import { module as aggregates } from './functions/aggregates.js';
import { module as arith } from './functions/arith.js';
import { module as array } from './functions/array.js';
import { module as compare } from './functions/compare.js';
import { module as datetime } from './functions/datetime.js';
import { module as jsonb } from './functions/jsonb.js';
import { module as math } from './functions/math.js';
import { module as pattern } from './functions/pattern.js';
import { module as string } from './functions/string.js';

/** What each module in ./functions exports as `module`. */
export interface FunctionModule {
  readonly scalars?: readonly ScalarFunc[];
  /** Operators: `name` is the symbol ('+', '||', '->>', '~~'); one or two arguments. */
  readonly operators?: readonly ScalarFunc[];
  readonly aggregates?: readonly AggregateFunc[];
  /** Set-returning functions usable in FROM. */
  readonly tables?: readonly TableFunc[];
}

const modules: readonly FunctionModule[] = [
  compare,
  arith,
  math,
  string,
  pattern,
  datetime,
  jsonb,
  array,
  aggregates,
];

function index<F extends { readonly name: string }>(list: readonly F[]): Map<string, F[]> {
  const out = new Map<string, F[]>();
  for (const f of list) {
    const key = f.name.toLowerCase();
    const at = out.get(key);
    if (at === undefined) out.set(key, [f]);
    else at.push(f);
  }
  return out;
}

const scalarIndex = index(modules.flatMap((m) => m.scalars ?? []));
const operatorIndex = index(modules.flatMap((m) => m.operators ?? []));
const aggregateIndex = index(modules.flatMap((m) => m.aggregates ?? []));
const tableIndex = index(modules.flatMap((m) => m.tables ?? []));

/** Extra scalar functions registered by higher layers (session-aware ones such as version()). */
export function registerScalars(list: readonly ScalarFunc[]): void {
  for (const f of list) {
    const key = f.name.toLowerCase();
    const at = scalarIndex.get(key);
    if (at === undefined) scalarIndex.set(key, [f]);
    else at.push(f);
  }
}

export function scalarCandidates(name: string): readonly ScalarFunc[] {
  return scalarIndex.get(name.toLowerCase()) ?? [];
}

export function operatorCandidates(symbol: string): readonly ScalarFunc[] {
  return operatorIndex.get(symbol.toLowerCase()) ?? [];
}

export function aggregateCandidates(name: string): readonly AggregateFunc[] {
  return aggregateIndex.get(name.toLowerCase()) ?? [];
}

export function tableCandidates(name: string): readonly TableFunc[] {
  return tableIndex.get(name.toLowerCase()) ?? [];
}

export function allScalars(): readonly ScalarFunc[] {
  return [...scalarIndex.values()].flat();
}

export function allAggregates(): readonly AggregateFunc[] {
  return [...aggregateIndex.values()].flat();
}
