// EngineStore over the LMDB Store of src/storage.
import {
  Store,
  encodeKey,
  prefixEnd,
  type CatalogValue,
  type KeyRange,
  type Snapshot,
} from '../storage/index.js';
import type { CatalogRecord } from './catalog/objects.js';
import type { EngineStore, StoreSnapshot, StoreTxn } from './store-api.js';

const CATALOG_PREFIX = 'obj:';

export function openLmdbStore(dir: string): EngineStore {
  const store = Store.open(dir);
  const wrapSnapshot = (snap: Snapshot): StoreSnapshot => ({
    scan: (id) => (snap.hasTable(id) ? snap.scan(id) : []),
    get: (id, key) => (snap.hasTable(id) ? snap.get(id, key) : undefined),
    scanPrefix: (id, prefix) => (snap.hasTable(id) ? snap.scan(id, prefixRange(prefix)) : []),
    release: () => snap.release(),
  });
  return {
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
          deleteRow: (id, key) => {
            tx.delete(id, key);
          },
          hasRow: (id, key) => tx.hasTable(id) && tx.get(id, key) !== undefined,
          getRow: (id, key) => tx.get(id, key),
          scan: (id) => tx.scan(id),
          scanBelow: (id, end) => [...tx.scan(id, { end })],
          scanPrefix: (id, prefix) => [...tx.scan(id, prefixRange(prefix))],
          edge: (id, prefix, last) => {
            for (const entry of tx.scan(id, { ...prefixRange(prefix), reverse: last, limit: 1 }))
              return entry;
            return undefined;
          },
          setMeta: (key, value) => tx.metaPut(key, value),
        };
        fn(txn);
      });
    },
    snapshot: () => wrapSnapshot(store.snapshot()),
    encodeKey: (datums) => encodeKey(datums),
    close: () => store.close(),
  };
}

function prefixRange(prefix: Uint8Array): KeyRange {
  if (prefix.length === 0) return {};
  const end = prefixEnd(prefix);
  return end === null ? { start: prefix } : { start: prefix, end };
}
