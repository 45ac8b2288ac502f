// The README compatibility table is what the client tests' result files say
// (scripts/compat-table.ts): this fails when someone edits the table by hand or commits new
// results without regenerating it (`npm run compat:table`). Each client test checks its own row
// against its own run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  README,
  readResults,
  readmeSection,
  renderTable,
  tableRows,
} from '../../scripts/compat-table.js';

describe('README compatibility table', () => {
  it('lists every client test result file, rendered', () => {
    const results = readResults();
    expect(results.map((r) => r.id).sort()).toEqual([
      'pgjdbc',
      'pgx',
      'postgres-js',
      'psycopg',
      'sqlalchemy',
      'sqllogictest-bin',
      'tool-dbeaver',
      'tool-grafana',
      'tool-metabase',
      'tool-npgsql',
    ]);
    expect(tableRows(readmeSection(readFileSync(README, 'utf8')))).toEqual(
      tableRows(renderTable(results)),
    );
  });
});
