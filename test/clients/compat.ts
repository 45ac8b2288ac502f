// Recording what a client test proved, for the README compatibility table
// (scripts/compat-table.ts): a Checks collects each check's outcome, save() writes the result
// file, and readmeRowMismatch() says how the README's row differs from this run's (null: same).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  README,
  compatRow,
  normalizeRow,
  readmeSection,
  tableRows,
  writeResult,
  type CompatResult,
} from '../../scripts/compat-table.js';
import { describeFailure, type CheckResult } from './drivers.js';

export class Checks {
  private readonly outcomes: Record<string, boolean> = {};

  constructor(
    private readonly id: string,
    private readonly tool: string,
    private readonly tested: string,
  ) {}

  version = '';

  record(name: string, ok: boolean): void {
    this.outcomes[name] = ok;
  }

  result(): CompatResult {
    return {
      id: this.id,
      tool: this.tool,
      version: this.version,
      tested: this.tested,
      checks: { ...this.outcomes },
    };
  }

  save(): void {
    writeResult(this.result());
  }

  /** null if README.md has exactly this run's row for the tool, else what to do about it. */
  readmeRowMismatch(): string | null {
    const want = normalizeRow(compatRow(this.result()));
    const rows = tableRows(readmeSection(readFileSync(README, 'utf8')));
    if (rows.includes(want)) return null;
    const have = rows.find((r) => r.startsWith(`|${this.tool}|`)) ?? '(no row)';
    return (
      `README.md compatibility row for ${this.tool} differs from this run:\n` +
      `  README: ${have}\n  run:    ${want}\n` +
      'Run `npm run compat:table` after the client tests to regenerate it.'
    );
  }
}

/**
 * The tests every script-driven client test makes (call inside its describe): each `passing`
 * check passed; the script ran exactly the checks listed (`passing` plus `others`, those the file
 * asserts in its own way); the README's row for the tool equals this run.
 */
export function scriptChecks(
  passing: readonly string[],
  results: () => Readonly<Record<string, CheckResult>>,
  compat: Checks,
  others: readonly string[] = [],
): void {
  it.each([...passing])('%s', (name) => {
    const result = results()[name];
    expect(result?.ok, describeFailure(name, result)).toBe(true);
  });

  it('runs every check, each listed', () => {
    const listed = new Set([...passing, ...others]);
    expect(Object.keys(results()).sort()).toEqual([...listed].sort());
  });

  it('README compatibility row matches this run', () => {
    expect(compat.readmeRowMismatch()).toBeNull();
  });
}
