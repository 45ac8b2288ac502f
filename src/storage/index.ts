// storage: Eddy's durable state in LMDB — the row and key codecs, and the Store with its
// one-transaction-per-tick writes and snapshot reads. Imports only repr, errors and lmdb.
export { encodeRow, decodeRow, encodeDatum, decodeDatum } from './row-codec.js';
export { encodeKey, decodeKey, prefixEnd, MAX_KEY_BYTES, type KeyDirections } from './key-codec.js';
export { rowIdKey, rowIdOf } from './row-id.js';
export { writeAscii } from './bytes.js';
export { FreshKeys } from './fresh-keys.js';
export { StoreReader, type KeyInput, type KeyRange } from './reader.js';
export { WriteTxn } from './write-txn.js';
export { Store, Snapshot, type StoreOptions } from './store.js';
export type { CatalogValue } from './state.js';
