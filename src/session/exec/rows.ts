// Helpers for statement results.
import type { Row, SqlType } from '../../repr/index.js';
import type { ResultColumn, RowSource, StatementResult } from '../api.js';

export function arraySource(rows: readonly Row[]): RowSource {
  let at = 0;
  const take = (max: number): { rows: Row[]; done: boolean } => {
    const n = max <= 0 ? rows.length - at : Math.min(max, rows.length - at);
    const out = rows.slice(at, at + n);
    at += n;
    return { rows: out, done: at >= rows.length };
  };
  return {
    fetch: (max) => Promise.resolve(take(max)),
    take,
    close: () => {
      at = rows.length;
    },
  };
}

export function column(name: string, type: SqlType): ResultColumn {
  return { name, type, tableOid: 0, columnNumber: 0 };
}

export function rowsResult(
  columns: readonly ResultColumn[],
  rows: readonly Row[],
  tag: (n: number) => string = (n) => `SELECT ${n}`,
): StatementResult {
  return { kind: 'rows', columns, rows: arraySource(rows), tag };
}

export function command(
  tag: string,
  extra: Partial<{ notices: StatementResult['notices'] }> = {},
): StatementResult {
  return { kind: 'command', tag, ...extra };
}
