// An append-only source's stored records (src/session/streaming/source-log.ts): chunks give back
// exactly the records packed into them, and every read of a table kept as chunks (scan, key
// ranges, get, first/last) sees the rows a table of rows would, under the same keys.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Row } from '../../../src/repr/index.js';
import { openLmdbStore } from '../../../src/session/lmdb-store.js';
import type { IngestRecord } from '../../../src/session/streaming/source-ingest.js';
import {
  chunkKey,
  chunkRows,
  chunksOf,
  decodeChunk,
  encodeChunk,
} from '../../../src/session/streaming/source-log.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | null): string | null =>
  b === null ? null : Buffer.from(b).toString('utf8');

function record(partition: number, offset: bigint, value: string, extra = {}): IngestRecord {
  return {
    partition,
    offset,
    timestamp: 1_700_000_000_000n + offset,
    key: null,
    value: bytes(value),
    headers: [],
    ...extra,
  };
}

/** A record as plain data, to compare. */
const plain = (r: IngestRecord) => ({
  partition: r.partition,
  offset: r.offset,
  timestamp: r.timestamp,
  key: text(r.key),
  value: text(r.value),
  headers: r.headers.map(([k, v]) => [k, text(v)]),
});

describe('chunks', () => {
  it('give back every field of every record, in order', () => {
    const records = [
      record(3, 17n, '{"a":1}', {
        key: bytes('k1'),
        headers: [
          ['h', bytes('x')],
          ['é', null],
        ],
      }),
      record(3, 18n, ''),
      record(3, 40n, 'ünïcode', { key: new Uint8Array(0), timestamp: -1n }),
    ];
    const chunk = encodeChunk(records);
    const back = [...decodeChunk(chunkKey(3, 17n), chunk)];
    expect(back.map(plain)).toEqual(records.map(plain));
  });

  it('split where offsets span more than 32 bits', () => {
    const far = 17n + 0x1_0000_0000n;
    const records = [record(0, 17n, 'a'), record(0, 18n, 'b'), record(0, far, 'c')];
    const chunks = chunksOf(records);
    expect(chunks.map((c) => c.map((r) => r.offset))).toEqual([[17n, 18n], [far]]);
    const back = chunks.flatMap((c) => [...decodeChunk(chunkKey(0, c[0]!.offset), encodeChunk(c))]);
    expect(back.map(plain)).toEqual(records.map(plain));
  });
});

describe('a table kept as chunks', () => {
  // Rows: [partition, offset, value]; a value 'skip' makes no row (as a CSV header line).
  const rowOf = (r: IngestRecord): Row | null =>
    text(r.value) === 'skip' ? null : [r.partition, r.offset, text(r.value)];
  const dir = mkdtempSync(join(tmpdir(), 'eddy-source-log-'));
  dirs.push(dir);
  const store = openLmdbStore(dir);
  afterAll(() => store.close());
  store.readLogsWith((id) => (id === 'log' ? (chunks) => chunkRows(chunks, rowOf) : undefined));
  const parts: [number, bigint[]][] = [
    [0, [5n, 6n, 7n]],
    [0, [8n, 20n]],
    [1, [0n, 1n]],
    [2, [100n]],
  ];
  store.write((txn) => {
    txn.createTable('log');
    for (const [p, offsets] of parts) {
      const records = offsets.map((o) => record(p, o, o === 6n ? 'skip' : `v${p}.${o}`));
      txn.putChunk('log', chunkKey(p, offsets[0]!), encodeChunk(records));
    }
  });
  const expected = parts
    .flatMap(([p, offsets]) => offsets.map((o): Row => [p, o, `v${p}.${o}`]))
    .filter((r) => r[1] !== 6n);
  const keys = (rows: Iterable<readonly [Uint8Array, Row]>) =>
    [...rows].map(([k, row]) => {
      expect(Buffer.compare(k, chunkKey(row[0] as number, row[1] as bigint))).toBe(0);
      return row;
    });

  it('scans every row in key order, each under its own key', () => {
    const snap = store.snapshot();
    expect(keys(snap.scan('log'))).toEqual(expected);
    snap.release();
    store.write((txn) => expect(keys(txn.scan('log'))).toEqual(expected));
  });

  it('reads key ranges, single keys and the first or last row of a prefix', () => {
    const p0 = new Uint8Array([0, 0, 0, 0]);
    const snap = store.snapshot();
    expect(keys(snap.scanPrefix('log', p0))).toEqual(expected.filter((r) => r[0] === 0));
    expect(snap.get('log', chunkKey(0, 8n))).toEqual([0, 8n, 'v0.8']);
    expect(snap.get('log', chunkKey(0, 20n))).toEqual([0, 20n, 'v0.20']);
    expect(snap.get('log', chunkKey(0, 6n))).toBeUndefined();
    expect(snap.get('log', chunkKey(1, 2n))).toBeUndefined();
    snap.release();
    store.write((txn) => {
      expect(txn.scanBelow('log', chunkKey(0, 8n)).map(([, r]) => r)).toEqual([
        [0, 5n, 'v0.5'],
        [0, 7n, 'v0.7'],
      ]);
      expect(txn.edge('log', p0, true)?.[1]).toEqual([0, 20n, 'v0.20']);
      expect(txn.edge('log', new Uint8Array([0, 0, 0, 1]), false)?.[1]).toEqual([1, 0n, 'v1.0']);
      expect(txn.hasRow('log', chunkKey(2, 100n))).toBe(true);
      expect(txn.getRow('log', chunkKey(2, 101n))).toBeUndefined();
    });
  });
});
