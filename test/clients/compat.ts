// Recording what a client test proved, for the README compatibility table
// (scripts/compat-table.ts): a Checks collects each check's outcome, save() writes the result
// file, and readmeRowMismatch() says how the README's row differs from this run's (null: same).
import { readFileSync } from 'node:fs';
import {
  README,
  compatRow,
  normalizeRow,
  readmeSection,
  tableRows,
  writeResult,
  type CompatResult,
} from '../../scripts/compat-table.js';

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
