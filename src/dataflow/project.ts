// project: keeps the given columns, in the given order (columns may repeat). Stateless; a map.
import type { Row } from '../repr/index.js';
import type { Collection } from './graph.js';
import { map } from './map.js';

export function project(input: Collection, columns: readonly number[]): Collection {
  return map(input, (row: Row) => columns.map((c) => row[c] ?? null), 'project');
}
