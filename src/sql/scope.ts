// Name resolution: which input column a (possibly qualified) column reference means, searching
// the FROM items of the current query, then those of enclosing queries (correlation).
import { EddyError, ambiguousColumn, undefinedColumn } from '../errors/index.js';
import type { SqlType } from '../repr/index.js';

export interface ScopeCol {
  readonly name: string;
  readonly index: number;
  readonly type: SqlType;
  readonly tableOid: number;
  readonly attnum: number;
}

export interface ScopeItem {
  /** Table name or alias; null for an unaliased subquery or join. */
  readonly alias: string | null;
  readonly cols: readonly ScopeCol[];
  /** System columns (tableoid): found by name, but not part of `*`. */
  readonly system?: readonly ScopeCol[];
  /** A function in FROM returning a scalar: a whole-row reference to it is its one column. */
  readonly scalar?: boolean;
}

export class Scope {
  constructor(
    readonly items: readonly ScopeItem[],
    /** Columns found by unqualified names (USING columns appear once). */
    readonly unqualified: readonly ScopeCol[],
    /** Columns `*` expands to, in order. */
    readonly star: readonly ScopeCol[],
    readonly parent: Scope | null,
  ) {}

  static empty(parent: Scope | null): Scope {
    return new Scope([], [], [], parent);
  }

  static of(items: readonly ScopeItem[], parent: Scope | null): Scope {
    const all = items.flatMap((i) => i.cols);
    const named = items.flatMap((i) => [...i.cols, ...(i.system ?? [])]);
    return new Scope(items, named, all, parent);
  }

  withParent(parent: Scope | null): Scope {
    return new Scope(this.items, this.unqualified, this.star, parent);
  }

  /** Resolves a column reference; level 0 = this scope, 1 = enclosing query, ... */
  resolve(fields: readonly string[], position?: number): { level: number; col: ScopeCol } {
    let level = 0;
    let tableSeen = false;
    for (const scope of this.chain()) {
      const hit = scope.find(fields, position);
      if (hit === 'table-only') tableSeen = true;
      else if (hit !== null) return { level, col: hit };
      level++;
    }
    const name = fields[fields.length - 1]!;
    if (fields.length >= 2 && !tableSeen) {
      const table = fields[fields.length - 2]!;
      throw new EddyError('42P01', `missing FROM-clause entry for table "${table}"`, { position });
    }
    if (fields.length >= 2) {
      throw undefinedColumn(`${fields[fields.length - 2]}.${name}`, position);
    }
    throw undefinedColumn(name, position);
  }

  /** Finds a column in this scope only; 'table-only' when the qualifier exists but not the column. */
  private find(fields: readonly string[], position?: number): ScopeCol | null | 'table-only' {
    if (fields.length === 1) {
      const name = fields[0]!;
      const hits = this.unqualified.filter((c) => c.name === name);
      if (hits.length > 1 && !hits.every((h) => h.index === hits[0]!.index)) {
        throw ambiguousColumn(`column reference "${name}" is ambiguous`, { position });
      }
      return hits[0] ?? null;
    }
    const name = fields[fields.length - 1]!;
    const table = fields[fields.length - 2]!;
    const items = this.items.filter((i) => i.alias === table);
    if (items.length === 0) return null;
    if (items.length > 1) {
      throw ambiguousColumn(`table reference "${table}" is ambiguous`, { position });
    }
    const item = items[0]!;
    const hits = [...item.cols, ...(item.system ?? [])].filter((c) => c.name === name);
    if (hits.length > 1)
      throw ambiguousColumn(`column reference "${name}" is ambiguous`, { position });
    return hits[0] ?? 'table-only';
  }

  /** A table name used as a whole-row value: its columns and how many queries out it is. */
  resolveWholeRow(
    alias: string,
  ): { level: number; cols: readonly ScopeCol[]; scalar: boolean } | undefined {
    let level = 0;
    for (const scope of this.chain()) {
      const item = scope.items.find((i) => i.alias === alias);
      if (item !== undefined) return { level, cols: item.cols, scalar: item.scalar === true };
      level++;
    }
    return undefined;
  }

  /** Columns of `alias.*`; undefined if no such item in this query. */
  starOf(alias: string): readonly ScopeCol[] | undefined {
    return this.items.find((i) => i.alias === alias)?.cols;
  }

  /** This scope, then the enclosing ones. */
  private *chain(): Iterable<Scope> {
    yield this;
    if (this.parent !== null) yield* this.parent.chain();
  }
}
