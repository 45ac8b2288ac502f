// Constraint violations as PostgreSQL reports them (the failing key or row in the detail).
import { uniqueViolation, type EddyError } from '../errors/index.js';
import type { Row } from '../repr/index.js';
import { formatText } from '../repr/io/text.js';
import { DEFAULT_IO_SETTINGS } from '../repr/io/settings.js';
import type { TableRecord } from './catalog/objects.js';

/** A row as PostgreSQL prints it in "Failing row contains (...)". */
export function describeRow(row: Row, table: TableRecord): string {
  return row
    .map((d, i) =>
      d === null ? 'null' : formatText(d, table.columns[i]!.type, DEFAULT_IO_SETTINGS),
    )
    .join(', ');
}

/** 23505 for a primary key that is already taken. */
export function duplicateKey(table: TableRecord, row: Row): EddyError {
  const cols = table.primaryKey.map((i) => table.columns[i]!.name).join(', ');
  const vals = table.primaryKey
    .map((i) => formatText(row[i]!, table.columns[i]!.type, DEFAULT_IO_SETTINGS))
    .join(', ');
  return uniqueViolation(
    `duplicate key value violates unique constraint "${table.pkeyName ?? `${table.name}_pkey`}"`,
    {
      detail: `Key (${cols})=(${vals}) already exists.`,
    },
  );
}
