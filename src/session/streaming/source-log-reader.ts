// Which tables the store keeps as chunks of records — the append-only (ENVELOPE NONE) sources —
// and how their rows are read back: each chunk's records decoded again by the source's ingest
// plan (source-log.ts says why and how).
import type { Catalog } from '../catalog/catalog.js';
import type { TableRecord } from '../catalog/objects.js';
import type { LogTables } from '../store-api.js';
import { ingestPlan } from './codecs.js';
import { appendedRow } from './source-ingest.js';
import { chunkRows } from './source-log.js';

type Expand = NonNullable<ReturnType<LogTables>>;

/** The LogTables of a catalog: its ENVELOPE NONE sources (plans built once per record). */
export function sourceLog(catalog: Catalog): LogTables {
  const readers = new WeakMap<TableRecord, Expand>();
  return (tableId) => {
    const record = catalog.get(tableId);
    if (record?.kind !== 'table' || record.source?.envelope !== 'none') return undefined;
    let expand = readers.get(record);
    if (expand === undefined) {
      const plan = ingestPlan(record);
      expand = (chunks) => chunkRows(chunks, (r) => appendedRow(plan, r));
      readers.set(record, expand);
    }
    return expand;
  };
}
