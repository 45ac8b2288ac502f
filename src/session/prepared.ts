// A prepared statement: the parsed AST plus what Describe reports (parameter and result types).
import type { SqlType } from '../repr/index.js';
import type { Node } from '../sql/ast.js';
import type { PreparedStatement, ResultColumn } from './api.js';

export class Prepared implements PreparedStatement {
  constructor(
    readonly sql: string,
    readonly ast: Node,
    readonly tag: string,
    readonly paramTypes: readonly SqlType[],
    readonly columns: readonly ResultColumn[] | null,
  ) {}
}
