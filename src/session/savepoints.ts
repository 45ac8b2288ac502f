// The savepoints of one transaction block (SAVEPOINT name / RELEASE [SAVEPOINT] name /
// ROLLBACK TO [SAVEPOINT] name), innermost last, each with the pending writes as they were when it
// was set. ROLLBACK TO puts those writes back and keeps the savepoint (it can be rolled back to
// again); RELEASE forgets it and every later one, keeping the writes. A name may be reused: the
// latest savepoint of that name is the one found, as in PostgreSQL. Discarded with the
// transaction.
import { invalidSavepointSpecification } from '../errors/index.js';
import type { TxnMark } from './txn.js';

interface Savepoint {
  readonly name: string;
  readonly mark: TxnMark;
}

export class Savepoints {
  private readonly stack: Savepoint[] = [];

  get isEmpty(): boolean {
    return this.stack.length === 0;
  }

  push(name: string, mark: TxnMark): void {
    this.stack.push({ name, mark });
  }

  /** RELEASE: drops the savepoint and those set after it. */
  release(name: string): void {
    this.stack.length = this.find(name);
  }

  /** ROLLBACK TO: drops the savepoints set after it; returns the writes to restore. */
  rollbackTo(name: string): TxnMark {
    const at = this.find(name);
    this.stack.length = at + 1;
    return this.stack[at]!.mark;
  }

  private find(name: string): number {
    for (let i = this.stack.length - 1; i >= 0; i--) if (this.stack[i]!.name === name) return i;
    throw invalidSavepointSpecification(`savepoint "${name}" does not exist`);
  }
}
