// Planning SQL in tests without a server: bind a SELECT against a hand-made catalog, then lower
// and optimize it as a view or a one-shot query would be (UTC, time 0).
import type { EvalContext } from '../../src/expr/signature.js';
import type { CatalogReader, CatalogRelation } from '../../src/sql/catalog-api.js';
import type { Rel } from '../../src/sql/hir.js';
import { Binder, Params } from '../../src/sql/binder.js';
import { bindQuery } from '../../src/sql/bind-select.js';
import { parseStatements } from '../../src/sql/parser.js';
import { tagOf } from '../../src/sql/ast.js';
import { Lowerer } from '../../src/planner/lower.js';
import { optimize } from '../../src/planner/optimize.js';

export const testEvalCtx: EvalContext = {
  timeZone: 'UTC',
  txnStart: 0n,
  statementStart: 0n,
  setting: () => undefined,
};

/** A catalog of these relations only, all in schema public of database eddy. */
export function stubCatalog(relations: readonly CatalogRelation[]): CatalogReader {
  const byName = new Map(relations.map((r) => [r.name, r]));
  return {
    resolveRelation: (_schema, name) => byName.get(name),
    schemaExists: () => true,
    relationByOid: () => undefined,
    currentDatabase: () => 'eddy',
    searchPath: () => ['public'],
  };
}

/** The optimized plan of one SELECT over `catalog`. */
export function planSql(catalog: CatalogReader, sql: string): Rel {
  const stmt = parseStatements(sql)[0]!;
  const q = bindQuery(new Binder(catalog, new Params([], [])), tagOf(stmt.ast)[1] as never, null);
  return optimize(new Lowerer(testEvalCtx).lower(q.rel));
}
