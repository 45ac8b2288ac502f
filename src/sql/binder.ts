// The binder's shared state and the entry points other modules use: the catalog, parameter types
// (declared, or inferred from how a `$n` is used), CTEs in scope, and the evaluation context for
// constant-time functions.
import type { Datum, SqlType } from '../repr/index.js';
import { T } from '../repr/index.js';
import { undefinedParameter } from '../errors/index.js';
import type { SelectStmt } from '@pgsql/types';
import { EddyError } from '../errors/index.js';
import type { CatalogReader, CatalogRelation } from './catalog-api.js';
import { tagOf } from './ast.js';
import { parseStatements } from './parser.js';
import { bindQueryRel } from './bind-select.js';

const viewAsts = new Map<string, SelectStmt>();
import type { Rel } from './hir.js';

export interface CteBinding {
  readonly name: string;
  readonly rel: Rel;
  readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
}

export class Params {
  constructor(
    /** Declared or inferred types; null = not yet known. */
    readonly types: (SqlType | null)[],
    /** Values at execution; null while preparing. */
    readonly values: readonly Datum[] | null,
  ) {}

  typeOf(n: number, position?: number): SqlType | null {
    if (n < 1 || n > 65535) throw undefinedParameter(`there is no parameter $${n}`, { position });
    if (this.values !== null && n > this.values.length) {
      throw undefinedParameter(`there is no parameter $${n}`, { position });
    }
    while (this.types.length < n) this.types.push(null);
    return this.types[n - 1] ?? null;
  }

  infer(n: number, type: SqlType): void {
    while (this.types.length < n) this.types.push(null);
    if (this.types[n - 1] === null) this.types[n - 1] = type;
  }

  value(n: number): Datum {
    return this.values === null ? null : (this.values[n - 1] ?? null);
  }

  /** Final types: anything still unknown is text (PostgreSQL would refuse; drivers rely on it). */
  resolved(): SqlType[] {
    return this.types.map((t) => t ?? T.text);
  }
}

export class Binder {
  constructor(
    readonly catalog: CatalogReader,
    readonly params: Params,
    private readonly cteStack: Map<string, CteBinding>[] = [],
  ) {}

  withCtes(ctes: Map<string, CteBinding>): Binder {
    return new Binder(this.catalog, this.params, [...this.cteStack, ctes]);
  }

  /** Binds a view's stored query (as PostgreSQL's rewriter would inline it). */
  bindView(view: Extract<CatalogRelation, { kind: 'view' }>): Rel {
    let ast = viewAsts.get(view.sql);
    if (ast === undefined) {
      const stmts = parseStatements(view.sql);
      const first = stmts[0];
      if (first === undefined || stmts.length !== 1)
        throw new EddyError('XX000', `invalid view definition for "${view.name}"`);
      ast = tagOf(first.ast)[1] as SelectStmt;
      viewAsts.set(view.sql, ast);
    }
    const root = new Binder(this.catalog, new Params([], []), []);
    const q = bindQueryRel(root, ast, null);
    return q.rel;
  }

  cte(name: string): CteBinding | undefined {
    for (let i = this.cteStack.length - 1; i >= 0; i--) {
      const c = this.cteStack[i]!.get(name);
      if (c !== undefined) return c;
    }
    return undefined;
  }
}
