// How the materialized-view differential test runs statements and judges results: rows as the
// text forms the pg driver receives (no parsing, so floats and numerics compare exactly as the
// one-shot oracle test compares them), sorted canonically so results compare as multisets, and
// errors by SQLSTATE.
import type pg from 'pg';

export type Outcome =
  | { readonly ok: true; readonly rows: readonly string[]; readonly rowCount: number | null }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Runs `sql` and returns its rows (text forms, canonically sorted) or its error. */
export async function run(c: pg.Client, sql: string): Promise<Outcome> {
  try {
    const r = await c.query({
      text: sql,
      rowMode: 'array',
      types: { getTypeParser: () => (v: string) => v } as never,
    });
    const rows = (r.rows as unknown[][]).map((row) => JSON.stringify(row)).sort();
    return { ok: true, rows, rowCount: r.rowCount };
  } catch (err) {
    const x = err as { code?: string; message: string };
    return { ok: false, code: x.code ?? '?', message: x.message };
  }
}

export function show(o: Outcome, limit = 30): string {
  if (!o.ok) return `ERROR ${o.code}: ${o.message}`;
  const rows = o.rows.slice(0, limit).join('\n    ');
  const more = o.rows.length > limit ? `\n    ... (${o.rows.length - limit} more)` : '';
  return `${o.rows.length} row(s)${o.rows.length > 0 ? `:\n    ${rows}` : ''}${more}`;
}

/** Why `got` differs from PostgreSQL's `want` (undefined when they agree). */
export function differs(got: Outcome, want: Outcome): string | undefined {
  if (!want.ok) {
    if (got.ok) return `rows where PostgreSQL fails with ${want.code}`;
    return got.code === want.code ? undefined : `SQLSTATE ${got.code}, PostgreSQL ${want.code}`;
  }
  if (!got.ok) return `error ${got.code} where PostgreSQL returns rows`;
  if (got.rows.length !== want.rows.length)
    return `${got.rows.length} rows, PostgreSQL ${want.rows.length}`;
  const i = got.rows.findIndex((r, j) => r !== want.rows[j]);
  if (i < 0) return undefined;
  const extra = got.rows.filter((r) => !want.rows.includes(r));
  const missing = want.rows.filter((r) => !got.rows.includes(r));
  return `different rows (extra ${extra.join(' ') || '(duplicates)'}; missing ${missing.join(' ') || '(duplicates)'})`;
}

/** A DML statement's outcome on Eddy against PostgreSQL's: same row count, or same SQLSTATE. */
export function dmlDiffers(got: Outcome, want: Outcome): string | undefined {
  if (want.ok !== got.ok) return `Eddy: ${show(got, 0)}; PostgreSQL: ${show(want, 0)}`;
  if (!want.ok || !got.ok) {
    if (!want.ok && !got.ok && got.code !== want.code)
      return `Eddy: ERROR ${got.code} ${got.message}; PostgreSQL: ERROR ${want.code} ${want.message}`;
    return undefined;
  }
  return got.rowCount === want.rowCount
    ? undefined
    : `Eddy affected ${got.rowCount} rows, PostgreSQL ${want.rowCount}`;
}
