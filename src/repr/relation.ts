// The shape of a relation: column names, types and nullability, positionally.
import type { SqlType } from './types.js';

export interface Column {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
}

export interface RelationDesc {
  readonly columns: readonly Column[];
}

export function relationDesc(columns: readonly Column[]): RelationDesc {
  return { columns };
}
