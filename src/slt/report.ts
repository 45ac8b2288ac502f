// Human-readable reporting of sqllogictest results: one line per file, the first few failures
// with file:line, SQL, expected and actual values, and the closing `N passed, N failed` line.
import type { SltFailure, SltResult } from './runner.js';

const MAX_LINES = 20;

function indentList(title: string, lines: readonly string[] | undefined): string[] {
  if (lines === undefined) return [];
  const shown = lines.slice(0, MAX_LINES).map((l) => `      ${l}`);
  if (lines.length > MAX_LINES) shown.push(`      ... (${lines.length - MAX_LINES} more)`);
  return [`    ${title}:`, ...shown];
}

export function formatFailure(f: SltFailure): string {
  const sql = f.sql === '' ? [] : ['    sql:', ...f.sql.split('\n').map((l) => `      ${l}`)];
  return [
    `  ${f.file}:${f.line}: ${f.message}`,
    ...sql,
    ...indentList('expected', f.expected),
    ...indentList('actual', f.actual),
  ].join('\n');
}

/** The summary of one file plus its first `maxFailures` failures. */
export function formatFileResult(r: SltResult, maxFailures: number, elapsedMs?: number): string {
  const status = r.failed === 0 ? 'PASS' : 'FAIL';
  const halted = r.halted ? ' (halted)' : '';
  const time = elapsedMs === undefined ? '' : ` [${elapsedMs} ms]`;
  const head = `${status} ${r.file}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${halted}${time}`;
  const shown = r.failures.slice(0, maxFailures).map(formatFailure);
  if (r.failures.length > maxFailures)
    shown.push(`  ... ${r.failures.length - maxFailures} more failures`);
  return [head, ...shown].join('\n');
}

/** The closing line, in the plain `N passed, N failed` form CI tools read. */
export function formatTotals(results: readonly SltResult[]): string {
  const sum = (pick: (r: SltResult) => number): number => results.reduce((n, r) => n + pick(r), 0);
  return `${sum((r) => r.passed)} passed, ${sum((r) => r.failed)} failed, ${sum((r) => r.skipped)} skipped`;
}
