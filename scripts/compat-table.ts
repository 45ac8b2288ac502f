// The client compatibility table in README.md, generated from test results, never written by
// hand. Each end-to-end client test (test/clients/*.test.ts) writes what it ran — tool, version,
// what it covers and every check with its outcome — to test/clients/results/<id>.json; this
// script renders those files as the Markdown table between `<!-- compat:start -->` and
// `<!-- compat:end -->` in README.md. Each client test also fails when the README's row for its
// tool differs from the row its own run produces, and test/clients/compat-table.test.ts fails
// when the README section differs from the result files, so the table cannot drift from what
// CI proved. Regenerate after a test run with `npm run compat:table` (it also formats README.md
// with prettier, which pads the table's columns; rows are compared without that padding).
import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

export interface CompatResult {
  /** File name under test/clients/results (without .json). */
  readonly id: string;
  readonly tool: string;
  readonly version: string;
  /** What the test covers, one line. */
  readonly tested: string;
  /** Every check, in the order it ran, and whether it passed. */
  readonly checks: Readonly<Record<string, boolean>>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS_DIR = join(ROOT, 'test', 'clients', 'results');
export const README = join(ROOT, 'README.md');
const START = '<!-- compat:start -->';
const END = '<!-- compat:end -->';

const HEADER = ['| Tool | Version | What is tested | Status |', '| --- | --- | --- | --- |'];

/** One table row: the status counts checks and names the failing ones. */
export function compatRow(r: CompatResult): string {
  const names = Object.keys(r.checks);
  const failed = names.filter((n) => !r.checks[n]);
  const status =
    failed.length === 0
      ? `pass (${names.length}/${names.length} checks)`
      : `FAIL (${names.length - failed.length}/${names.length} checks; failing: ${failed.join(', ')})`;
  const cell = (s: string): string => s.replaceAll('|', '\\|');
  return `| ${cell(r.tool)} | ${cell(r.version)} | ${cell(r.tested)} | ${status} |`;
}

export function renderTable(results: readonly CompatResult[]): string {
  const key = (r: CompatResult): string => r.tool.toLowerCase();
  const sorted = [...results].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return [...HEADER, ...sorted.map(compatRow)].join('\n');
}

/**
 * A table row with the padding prettier adds to align the columns removed, so rows compare by
 * content (README.md is kept prettier-formatted).
 */
export function normalizeRow(row: string): string {
  return row
    .split(/(?<!\\)\|/)
    .map((cell) => (/^\s*-+\s*$/.test(cell) ? '---' : cell.trim()))
    .join('|');
}

/** The table's rows, normalized. */
export function tableRows(table: string): string[] {
  return table.split('\n').map(normalizeRow);
}

export function readResults(dir = RESULTS_DIR): CompatResult[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CompatResult);
}

/** Writes a result file atomically (the table test may be reading the folder meanwhile). */
export function writeResult(r: CompatResult, dir = RESULTS_DIR): void {
  const tmp = join(dir, `.${r.id}.json.${process.pid}`);
  writeFileSync(tmp, `${JSON.stringify(r, null, 2)}\n`);
  renameSync(tmp, join(dir, `${r.id}.json`));
}

/** The README's table between the markers; throws if the markers are missing. */
export function readmeSection(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return readme.slice(a + START.length, b).trim();
}

export function withSection(readme: string, table: string): string {
  readmeSection(readme); // checks the markers
  const a = readme.indexOf(START) + START.length;
  return `${readme.slice(0, a)}\n${table}\n${readme.slice(readme.indexOf(END))}`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readme = readFileSync(README, 'utf8');
  const options = (await prettier.resolveConfig(README)) ?? {};
  const next = await prettier.format(withSection(readme, renderTable(readResults())), {
    ...options,
    filepath: README,
  });
  if (next !== readme) writeFileSync(README, next);
  console.log(
    next === readme
      ? 'README.md compatibility table is up to date'
      : 'README.md compatibility table rewritten',
  );
}
