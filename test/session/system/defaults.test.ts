// Column defaults as pg_get_expr prints them: the cases below are what PostgreSQL 15 printed for
// the same DEFAULT clauses (CREATE TABLE ... (a text DEFAULT 'x', ...) then pg_get_expr(adbin)).
import { describe, expect, it } from 'vitest';
import { T, scalar } from '../../../src/repr/index.js';
import { deparsedDefault } from '../../../src/session/system/defaults.js';

describe('deparsedDefault', () => {
  it('labels string literals of text columns with their type', () => {
    expect(deparsedDefault("'x'", T.text)).toBe("'x'::text");
    expect(deparsedDefault("'it''s'", T.text)).toBe("'it''s'::text");
    expect(deparsedDefault("'y'", scalar('varchar', 9))).toBe("'y'::character varying");
    expect(deparsedDefault("'z'", scalar('bpchar', 6))).toBe("'z'::bpchar");
  });

  it('quotes negative numbers with their type', () => {
    expect(deparsedDefault('-1', T.int4)).toBe("'-1'::integer");
    expect(deparsedDefault('-7', T.int8)).toBe("'-7'::integer");
    expect(deparsedDefault('-2.5', T.numeric)).toBe("'-2.5'::numeric");
  });

  it('keeps other expressions as written', () => {
    expect(deparsedDefault('42', T.numeric)).toBe('42');
    expect(deparsedDefault('1.5', T.float8)).toBe('1.5');
    expect(deparsedDefault('true', T.bool)).toBe('true');
    expect(deparsedDefault('now()', T.timestamptz)).toBe('now()');
  });
});
