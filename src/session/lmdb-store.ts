// EngineStore over the LMDB Store of src/storage.
import { Store, encodeKey, type CatalogValue, type Snapshot } from '../storage/index.js';
import type { CatalogRecord } from './catalog/objects.js';
import type { EngineStore, StoreSnapshot, StoreTxn } from './store-api.js';

const CATALOG_PREFIX = 'obj:';

export function openLmdbStore(dir: string): EngineStore {
  const store = Store.open(dir);
  const wrapSnapshot = (snap: Snapshot): StoreSnapshot => ({
    scan: (id) => (snap.hasTable(id) ? snap.scan(id) : []),
    get: (id, key) => (snap.hasTable(id) ? snap.get(id, key) : undefined),
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
