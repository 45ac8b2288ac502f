// EngineStore over the LMDB Store of src/storage.
import {
  Store,
  encodeKey,
  prefixEnd,
  type CatalogValue,
  type KeyRange,
  type StoreReader,
} from '../storage/index.js';
import type { Row } from '../repr/index.js';
import { serializationFailure } from '../errors/index.js';
import type { CatalogRecord } from './catalog/objects.js';
import type { EngineStore, LogTables, StoreSnapshot, StoreTxn } from './store-api.js';

const CATALOG_PREFIX = 'obj:';

type Entry = readonly [Uint8Array, Row];

/** The writer's store; `reader` opens it read-only beside a running writer (another process). */
export function openLmdbStore(dir: string, opts: { reader?: boolean } = {}): EngineStore {
  const reader = opts.reader === true;
  const store = reader ? Store.openReader(dir) : Store.open(dir);
  let logs: LogTables = () => undefined;
  const rows = rowReads(() => logs);
  return {
    readLogsWith: (l) => {
      logs = l;
    },
    loadCatalog: () =>
      store.catalog.scan(CATALOG_PREFIX).map(([, v]) => v as unknown as CatalogRecord),
    meta: (key) => {
      const v = store.read((s) => s.metaGet(key));
      return typeof v === 'number' || typeof v === 'string' ? v : undefined;
    },
    write: (fn) => {
      store.write((tx) => {
        const txn: StoreTxn = {
          putCatalog: (r) => tx.catalogPut(CATALOG_PREFIX + r.id, r as unknown as CatalogValue),
          deleteCatalog: (r) => {
            tx.catalogDelete(CATALOG_PREFIX + r.id);
          },
          createTable: (id) => tx.createTableData(id),
          dropTable: (id) => tx.dropTableData(id),
          putRow: (id, key, row) => tx.put(id, key, row),
          putNewRow: (id, key, row) => tx.putNew(id, key, row),
          putRowIfAbsent: (id, key, row) => tx.putIfAbsent(id, key, row),
          putChunk: (id, key, chunk) => tx.putBytes(id, key, chunk),
          deleteRow: (id, key) => {
            tx.delete(id, key);
          },
          hasRow: (id, key) => tx.hasTable(id) && rows.get(tx, id, key) !== undefined,
          getRow: (id, key) => rows.get(tx, id, key),
          scan: (id) => rows.scan(tx, id, {}),
          scanBelow: (id, end) => [...rows.scan(tx, id, { end })],
          scanPrefix: (id, prefix) => [...rows.scan(tx, id, prefixRange(prefix))],
          edge: (id, prefix, last) => {
            const range = { ...prefixRange(prefix), reverse: last, limit: 1 };
            for (const entry of rows.scan(tx, id, range)) return entry;
            return undefined;
          },
          setMeta: (key, value) => tx.metaPut(key, value),
          deleteMeta: (key) => void tx.metaDelete(key),
        };
        fn(txn);
      });
    },
    snapshot: (): StoreSnapshot => {
      const snap = store.snapshot();
      if (reader && !store.catalogCurrent(snap)) {
        snap.release();
        // As a PostgreSQL standby cancels a query that conflicts with what it replays.
        throw serializationFailure('canceling statement due to conflict with recovery', {
          detail: 'The catalog changed while the statement was being planned.',
          hint: 'Run the statement again.',
        });
      }
      return {
        scan: (id) => (snap.hasTable(id) ? rows.scan(snap, id, {}) : []),
        get: (id, key) => (snap.hasTable(id) ? rows.get(snap, id, key) : undefined),
        scanPrefix: (id, prefix) =>
          snap.hasTable(id) ? rows.scan(snap, id, prefixRange(prefix)) : [],
        memo: (key, compute) => snap.memo(key, compute),
        release: () => snap.release(),
      };
    },
    encodeKey: (datums) => encodeKey(datums),
    catchUp: () => (reader ? store.catchUp() : 'none'),
    close: () => store.close(),
  };
}

/**
 * Reads of a table's rows, whether it is kept as rows or as chunks of records. A chunk's key is
 * its first row's key, and its rows' keys share the chunk key's first PARTITION_BYTES (the
 * partition): a range of row keys is read from the chunks starting in [start's partition, end),
 * whose rows are then filtered.
 */
function rowReads(logs: () => LogTables) {
  const PARTITION_BYTES = 4;
  const scan = (r: StoreReader, id: string, range: KeyRange): Iterable<Entry> => {
    const expand = logs()(id);
    if (expand === undefined) return r.scan(id, range);
    const lo = range.start as Uint8Array | undefined;
    const hi = range.end as Uint8Array | undefined;
    const chunks = r.scanBytes(id, {
      start: lo?.subarray(0, Math.min(lo.length, PARTITION_BYTES)),
      end: hi,
    });
    return within(expand(chunks), lo, hi, range.reverse === true, range.limit);
  };
  return {
    scan,
    get(r: StoreReader, id: string, key: Uint8Array): Row | undefined {
      if (logs()(id) === undefined) return r.get(id, key);
      const end = prefixEnd(key) ?? undefined;
      for (const [k, row] of scan(r, id, { start: key, end }))
        if (Buffer.compare(k, key) === 0) return row;
      return undefined;
    },
  };
}

/** The entries with keys in [lo, hi), reversed and limited as asked. */
function* within(
  entries: Iterable<Entry>,
  lo: Uint8Array | undefined,
  hi: Uint8Array | undefined,
  reverse: boolean,
  limit: number | undefined,
): Generator<Entry> {
  const inRange = (k: Uint8Array): boolean =>
    (lo === undefined || Buffer.compare(k, lo) >= 0) &&
    (hi === undefined || Buffer.compare(k, hi) < 0);
  if (reverse) {
    const all = [...entries].filter(([k]) => inRange(k)).reverse();
    yield* limit === undefined ? all : all.slice(0, limit);
    return;
  }
  let n = 0;
  for (const e of entries) {
    if (limit !== undefined && n >= limit) return;
    if (!inRange(e[0])) continue;
    n++;
    yield e;
  }
}

function prefixRange(prefix: Uint8Array): KeyRange {
  if (prefix.length === 0) return {};
  const end = prefixEnd(prefix);
  return end === null ? { start: prefix } : { start: prefix, end };
}
