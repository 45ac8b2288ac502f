// A prepared statement: the parsed AST plus what Describe reports (parameter and result types),
// and, for a SELECT executed more than once, its recorded bound query (see ./plan-cache.ts).
import type { SqlType } from '../repr/index.js';
import type { Node } from '../sql/ast.js';
import type { PreparedStatement, ResultColumn } from './api.js';
import type { CachedBinding } from './plan-cache.js';

export class Prepared implements PreparedStatement {
  /** How many times the statement has been bound for execution (see plan-cache.ts). */
  executions = 0;
  /** The recorded bound query of a SELECT, if any (see plan-cache.ts). */
  binding: CachedBinding | undefined = undefined;

  constructor(
    readonly sql: string,
    readonly ast: Node,
    readonly tag: string,
    readonly paramTypes: readonly SqlType[],
    readonly columns: readonly ResultColumn[] | null,
  ) {}
}
