// deparse (view definitions are stored as SQL text and bound again from it, at every restart):
// what pgsql-deparser leaves out — FETCH FIRST ... WITH TIES — comes back with the same meaning.
import { describe, expect, it } from 'vitest';
import { deparse, parseStatements } from '../../src/sql/parser.js';

const again = (sql: string): string => deparse(parseStatements(sql)[0]!.ast);

describe('deparse', () => {
  it('keeps WITH TIES, with OFFSET, at any level', () => {
    const one = again('SELECT a FROM t ORDER BY a DESC OFFSET 1 FETCH FIRST 2 ROWS WITH TIES');
    expect(one).toBe(
      'SELECT a FROM t ORDER BY a DESC OFFSET (1) ROWS FETCH FIRST (2) ROWS WITH TIES',
    );
    const nested = again(
      'SELECT * FROM (SELECT a FROM t ORDER BY a FETCH FIRST ROW WITH TIES) s ORDER BY a LIMIT 3',
    );
    expect(nested).toContain('FETCH FIRST (1) ROWS WITH TIES');
    expect(nested).toContain('LIMIT 3');
    // Text written this way parses to the same statement.
    expect(again(one)).toBe(one);
  });
});
