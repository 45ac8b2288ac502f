// Fills in the expected results of a sqllogictest file by running it against a server — use it
// with PostgreSQL, so that the expectations are PostgreSQL's answers:
//   npx tsx scripts/slt-complete.ts postgres://postgres@127.0.0.1:5432/postgres FILE...
// Statements are executed; each query's result lines (after `----`) are replaced by what the
// server returned, one value per line. Query errors are written as `query error` expectations.
import { readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { normalizeRows, sortedValues } from '../src/slt/values.js';
import type { ColumnType, SortMode } from '../src/slt/record.js';

const raw = { getTypeParser: () => (v: string) => v } as never;

async function complete(file: string, client: pg.Client): Promise<void> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const q = /^query\s+([IRT]+)\s*(nosort|rowsort|valuesort)?/.exec(line);
    const st = /^statement\s+(ok|error)/.exec(line);
    if (q === null && st === null) {
      out.push(line);
      i++;
      continue;
    }
    out.push(line);
    i++;
    const sql: string[] = [];
    while (i < lines.length && lines[i] !== '----' && lines[i]!.trim() !== '')
      sql.push(lines[i++]!);
    out.push(...sql);
    if (lines[i] === '----') {
      i++;
      while (i < lines.length && lines[i]!.trim() !== '') i++;
    }
    const text = sql.join('\n');
    if (st !== null) {
      try {
        await client.query(text);
      } catch (e) {
        if (st[1] === 'ok')
          throw new Error(`${file}: statement failed: ${text}: ${(e as Error).message}`);
      }
      continue;
    }
    const types = q![1]!.split('') as ColumnType[];
    const sort = (q![2] ?? 'nosort') as SortMode;
    const r = await client.query({ text, rowMode: 'array', types: raw });
    const rows = normalizeRows(r.rows as (string | null)[][], types);
    out.push('----', ...sortedValues(rows, sort));
  }
  writeFileSync(file, out.join('\n'));
}

const [url, ...files] = process.argv.slice(2);
if (url === undefined || files.length === 0) {
  console.error('usage: tsx scripts/slt-complete.ts URL FILE...');
  process.exit(2);
}
const client = new pg.Client(url);
await client.connect();
for (const f of files) await complete(f, client);
await client.end();
