// Turns fetched Kafka records into a source's row changes, by envelope:
//
//   NONE      every record appends one row; nothing is looked up. The records themselves are
//             stored, a chunk per partition (source-log.ts). A record with a null value (a
//             tombstone) has no row.
//   UPSERT    the decoded key is the row's primary key: a value replaces the key's row (the old
//             one is retracted from the views), a null value deletes it.
//   DEBEZIUM  the value's `after` replaces the row of the record's key, a null `after` deletes it;
//             tombstones (null values, which Debezium sends after a delete) change nothing.
//
// A record that cannot be decoded changes nothing and becomes a DecodeFailure (kept in the
// source's error table and counted); it never stops the source.
import type { Datum, Row } from '../../repr/index.js';
import { Jsonb, type JsonNode } from '../../repr/index.js';
import { encodeKey, MAX_KEY_BYTES } from '../../storage/index.js';
import type { SourceColumn } from '../catalog/objects.js';
import type { TxnWrites } from '../txn.js';
import { chunkKey, chunksOf, encodeChunk } from './source-log.js';
import type { DecodeFailure } from './source-state.js';

/** One Kafka record as fetched. */
export interface IngestRecord {
  readonly partition: number;
  readonly offset: bigint;
  /** Milliseconds since the epoch. */
  readonly timestamp: bigint;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly (readonly [string, Uint8Array | null])[];
}

/**
 * Decodes bytes into the datums of its columns; throws (any Error) if it cannot; null for a
 * record that carries no row (the header line of a CSV source).
 */
export interface RowDecoder {
  decode(bytes: Uint8Array): Row | null;
}

export interface SourceDecoders {
  readonly key: RowDecoder | null;
  readonly value: RowDecoder;
  /** ENVELOPE DEBEZIUM: the value's before and after rows. */
  readonly debezium?: (bytes: Uint8Array) => { before: Row | null; after: Row | null };
}

export interface IngestPlan {
  readonly sourceId: string;
  readonly envelope: 'none' | 'upsert' | 'debezium';
  readonly layout: readonly SourceColumn[];
  /** The layout is the value's columns, in order: a decoded value row is the row as it is. */
  readonly rowIsValue: boolean;
  /** Positions (in the row) of the key's columns, in key order (UPSERT: the primary key). */
  readonly keyColumns: readonly number[];
  readonly decoders: SourceDecoders;
}

export interface IngestTotals {
  records: number;
  bytes: number;
  updates: number;
  readonly failures: DecodeFailure[];
}

const utf8 = new TextDecoder('utf-8');
const EPOCH_MICROS_PER_MS = 1000n;

/** Stages the changes of `records` in `writes`; adds to `totals`. */
export function ingest(
  plan: IngestPlan,
  records: readonly IngestRecord[],
  writes: TxnWrites,
  totals: IngestTotals,
): void {
  const now = BigInt(Date.now()) * EPOCH_MICROS_PER_MS;
  // ENVELOPE NONE: the records that made rows, by partition, and their rows.
  const stored = new Map<number, IngestRecord[]>();
  const rows: Row[] = [];
  for (const r of records) {
    totals.records++;
    totals.bytes += (r.key?.length ?? 0) + (r.value?.length ?? 0);
    try {
      if (plan.envelope !== 'none') {
        totals.updates += apply(plan, r, writes);
        continue;
      }
      const row = appendedRow(plan, r);
      if (row === null) continue;
      let list = stored.get(r.partition);
      if (list === undefined) stored.set(r.partition, (list = []));
      list.push(r);
      rows.push(row);
      totals.updates++;
    } catch (e) {
      totals.failures.push({
        partition: r.partition,
        offset: r.offset,
        message: e instanceof Error ? e.message : String(e),
        key: r.key,
        value: r.value,
        at: now,
      });
    }
  }
  if (rows.length === 0) return;
  const chunks: { key: Uint8Array; bytes: Uint8Array }[] = [];
  for (const [partition, list] of stored) {
    for (const chunk of chunksOf(list))
      chunks.push({ key: chunkKey(partition, chunk[0]!.offset), bytes: encodeChunk(chunk) });
  }
  writes.append(plan.sourceId, rows, chunks);
}

/**
 * The row an ENVELOPE NONE record appends, or null if it has none (a tombstone, a CSV header
 * line); throws if it cannot be decoded. Also how stored records are read back (source-log.ts).
 */
export function appendedRow(plan: IngestPlan, r: IngestRecord): Row | null {
  if (r.value === null) return null;
  const keyRow = plan.keyColumns.length > 0 ? decodeKey(plan, r) : null;
  const valueRow = plan.decoders.value.decode(r.value);
  if (valueRow === null) return null;
  return assemble(plan, r, keyRow, valueRow);
}

/** Applies one keyed (UPSERT or DEBEZIUM) record; returns how many row changes it staged. */
function apply(plan: IngestPlan, r: IngestRecord, writes: TxnWrites): number {
  const id = plan.sourceId;
  if (plan.envelope === 'upsert') {
    const keyRow = decodeKey(plan, r);
    if (r.key === null || keyRow === null)
      throw new Error('record with a NULL key in an UPSERT source');
    const key = storageKey(plan.keyColumns.map((_, i) => keyRow[i] ?? null));
    if (r.value === null) {
      writes.delete(id, key);
      return 1;
    }
    const valueRow = plan.decoders.value.decode(r.value);
    if (valueRow === null) return 0;
    writes.put(id, key, assemble(plan, r, keyRow, valueRow));
    return 1;
  }
  // DEBEZIUM
  if (r.value === null) return 0;
  if (r.key === null) throw new Error('record with a NULL key in a DEBEZIUM source');
  const key = storageKey([r.key]);
  const { after } = plan.decoders.debezium!(r.value);
  if (after === null) writes.delete(id, key);
  else writes.put(id, key, assemble(plan, r, null, after));
  return 1;
}

function decodeKey(plan: IngestPlan, r: IngestRecord): Row | null {
  if (r.key === null) return null;
  if (plan.decoders.key === null) throw new Error('the source has no KEY FORMAT');
  return plan.decoders.key.decode(r.key);
}

function storageKey(datums: readonly Datum[]): Uint8Array {
  const key = encodeKey(datums as Datum[]);
  if (key.length > MAX_KEY_BYTES)
    throw new Error(`key of ${key.length} bytes exceeds the maximum of ${MAX_KEY_BYTES}`);
  return key;
}

/** The row of a record: its decoded key and value columns and its metadata, by layout. */
function assemble(plan: IngestPlan, r: IngestRecord, keyRow: Row | null, valueRow: Row): Row {
  if (plan.rowIsValue) return valueRow;
  const layout = plan.layout;
  const row: Datum[] = new Array<Datum>(layout.length);
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    switch (c.from) {
      case 'value':
        row[i] = valueRow[c.index] ?? null;
        break;
      case 'key':
        row[i] = keyRow === null ? null : (keyRow[c.index] ?? null);
        break;
      case 'partition':
        row[i] = r.partition;
        break;
      case 'offset':
        row[i] = r.offset;
        break;
      case 'timestamp':
        // Kafka timestamps are milliseconds; `timestamp` datums are microseconds.
        row[i] = r.timestamp * EPOCH_MICROS_PER_MS;
        break;
      case 'headers':
        row[i] = headersJson(r.headers);
        break;
      case 'header':
        row[i] = headerValue(r.headers, c.key, c.bytes);
        break;
    }
  }
  return row;
}

/** INCLUDE HEADERS: `[{"key": k, "value": text or null}, ...]` in record order. */
function headersJson(headers: IngestRecord['headers']): Jsonb {
  const list: JsonNode[] = headers.map(
    ([k, v]) =>
      new Map<string, JsonNode>([
        ['key', k],
        ['value', v === null ? null : utf8.decode(v)],
      ]),
  );
  return new Jsonb(list);
}

/** INCLUDE HEADER 'k' AS name [BYTES]: the last header with that key. */
function headerValue(headers: IngestRecord['headers'], key: string, bytes: boolean): Datum {
  for (let i = headers.length - 1; i >= 0; i--) {
    const [k, v] = headers[i]!;
    if (k !== key) continue;
    if (v === null) return null;
    if (bytes) return v;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(v);
    } catch {
      throw new Error(`header "${key}" is not valid UTF-8`);
    }
  }
  return null;
}
