// Operator state in LMDB, for maintained views: every arrangement and value map of one dataflow
// lives in one byte-keyed database, read and written through the write transaction of the tick
// being processed (bind() before runTick, unbind() after). Nothing is cached between ticks, so
// the JS heap holds only the working set of the tick, and state commits or rolls back with it.
//
// Key layout (all parts self-delimiting, so a key's entries form one contiguous key range):
//   [state id: u16] [keyPart(key)]                   value map entry → the value row
//   [state id: u16] [keyPart(key)] [part(exactRowKey)]    arrangement entry → [diff, ...row]
//   [state id: u16] [keyPart(key)]     keyed or mixed arrangement entry → rows of the key (see
//                                      LmdbArrangement), its layout in [state id: u16] 0xFE
// part(s) = 0x00, u16 length, UTF-8 bytes for strings up to 1,024 bytes; longer ones are
// 0x01 + MD5 of the UTF-8 (the key must fit LMDB's key limit; the full row is in the value).
import { createHash } from 'node:crypto';
import { internalError } from '../errors/index.js';
import { exactRowKey, sameExactRow, type Datum, type Diff, type Row } from '../repr/index.js';
import { encodeKey, FreshKeys, writeAscii } from '../storage/index.js';
import {
  groupByKey,
  type Arrangement,
  type Entry,
  type KeyedUpdate,
  type KeySet,
} from './arrangement.js';
import type { OrderedValues, StateBackend, ValueSlot, ValueState } from './state.js';

/** Byte-keyed rows in one LMDB database, inside the current write transaction. */
export interface StateTxn {
  get(key: Uint8Array): Row | undefined;
  put(key: Uint8Array, row: Row): void;
  /** put if the key has no entry; false (nothing written) if it has one. */
  putIfAbsent(key: Uint8Array, row: Row): boolean;
  delete(key: Uint8Array): void;
  /** Every entry whose key starts with `prefix`, in key order. */
  scanPrefix(prefix: Uint8Array): (readonly [Uint8Array, Row])[];
  /** The first (or, with `last`, the last) entry whose key starts with `prefix`. */
  edge(prefix: Uint8Array, last: boolean): readonly [Uint8Array, Row] | undefined;
}

const MAX_RAW = 1024;

/** A string as a self-delimiting key part of bounded length (see the file comment). */
export function keyPart(s: string): Buffer {
  return prefixedPart(EMPTY, s);
}

const EMPTY = Buffer.alloc(0);

/** `prefix` followed by keyPart(s), built in one buffer (this runs for every state access). */
export function prefixedPart(prefix: Buffer, s: string): Buffer {
  return (s.length <= SHORT ? asciiPart(prefix, s) : null) ?? utf8Part(prefix, s);
}

/** Strings up to this long are first tried as ASCII (a JS loop, no native calls). */
const SHORT = 128;

/** prefixedPart of an ASCII string (its UTF-8 is its char codes), or null if s is not ASCII. */
function asciiPart(prefix: Buffer, s: string): Buffer | null {
  const n = s.length;
  const at = prefix.length + 3;
  const out = Buffer.allocUnsafe(at + n);
  if (!writeAscii(out, at, s)) return null;
  for (let i = 0; i < prefix.length; i++) out[i] = prefix[i]!;
  out[at - 3] = 0;
  out[at - 2] = n >> 8;
  out[at - 1] = n & 0xff;
  return out;
}

function utf8Part(prefix: Buffer, s: string): Buffer {
  const n = Buffer.byteLength(s, 'utf8');
  if (n > MAX_RAW) {
    const digest = createHash('md5').update(s, 'utf8').digest();
    return Buffer.concat([prefix, Buffer.from([1]), digest]);
  }
  const out = Buffer.allocUnsafe(prefix.length + 3 + n);
  prefix.copy(out, 0);
  out[prefix.length] = 0;
  out.writeUInt16BE(n, prefix.length + 1);
  out.write(s, prefix.length + 3, 'utf8');
  return out;
}

function idPrefix(id: number): Buffer {
  if (id > 0xffff) throw internalError('too many operator states in one dataflow');
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(id, 0);
  return b;
}

export class LmdbState implements StateBackend {
  private txn: StateTxn | null = null;
  /** Counts bind() calls: what was read through one transaction is not trusted in the next. */
  generation = 0;

  /** Makes state reads and writes go through `txn` until unbind(). */
  bind(txn: StateTxn): void {
    this.txn = txn;
    this.generation++;
  }

  unbind(): void {
    this.txn = null;
  }

  current(): StateTxn {
    if (this.txn === null) throw internalError('operator state used outside a tick');
    return this.txn;
  }

  arrangement(id: number, fewPerKey = false): Arrangement {
    return new LmdbArrangement(this, idPrefix(id), fewPerKey);
  }

  values(id: number): ValueState {
    return new LmdbValues(this, idPrefix(id));
  }

  ordered(id: number): OrderedValues {
    return new LmdbOrdered(this, idPrefix(id));
  }
}

/**
 * Ordered value multisets: [id] [keyPart(group)] [encodeKey([value])] [part(exactRowKey)] →
 * [count, value]. The key codec orders values as compareDatum does, so a group's first and last
 * entries are its smallest and largest values: one cursor step, whatever the group's size. The
 * exact key keeps values that compare equal but print differently (1.5, 1.50) apart.
 */
class LmdbOrdered implements OrderedValues {
  private readonly fresh = new FreshKeys();

  constructor(
    private readonly state: LmdbState,
    private readonly prefix: Buffer,
  ) {}

  private group(group: string): Buffer {
    return prefixedPart(this.prefix, group);
  }

  add(group: string, value: Datum, diff: number): void {
    if (diff === 0) return;
    const txn = this.state.current();
    const k = Buffer.concat([this.group(group), encodeKey([value]), keyPart(exactRowKey([value]))]);
    addCount(txn, k, [value], diff, this.fresh);
  }

  edge(group: string, last: boolean): Datum | undefined {
    const e = this.state.current().edge(this.group(group), last);
    return e === undefined ? undefined : e[1][1];
  }
}

class LmdbValues implements ValueState {
  constructor(
    private readonly state: LmdbState,
    private readonly prefix: Buffer,
  ) {}

  private key(key: string): Buffer {
    return prefixedPart(this.prefix, key);
  }

  get(key: string): Row | undefined {
    return this.state.current().get(this.key(key));
  }

  set(key: string, value: Row): void {
    this.state.current().put(this.key(key), value);
  }

  delete(key: string): void {
    this.state.current().delete(this.key(key));
  }

  slot(key: string): ValueSlot {
    return new LmdbSlot(this.state, this.key(key));
  }
}

class LmdbSlot implements ValueSlot {
  constructor(
    private readonly state: LmdbState,
    private readonly key: Buffer,
  ) {}

  get(): Row | undefined {
    return this.state.current().get(this.key);
  }

  set(value: Row): void {
    this.state.current().put(this.key, value);
  }

  delete(): void {
    this.state.current().delete(this.key);
  }
}

/** The marker entry of an arrangement that records its layout: [id] 0xFE (no key part starts so). */
const LAYOUT_MARK = Buffer.from([0xfe]);

/** Rows of one key kept in its entry in the mixed layout; a key with more spills to row entries. */
export const MIXED_ROWS_PER_KEY = 8;

type Layout = 'rows' | 'keyed' | 'mixed';

/**
 * A keyed multiset of rows in one of three layouts:
 *   rows   [id] [keyPart(key)] [part(exactRowKey)] → [diff, ...row]                one entry per row
 *   keyed  [id] [keyPart(key)] → [diff, width, ...row, diff, width, ...row, ...]   one entry per key
 *   mixed  a key with at most MIXED_ROWS_PER_KEY rows as in keyed; a key with more "spills": its
 *          entry holds an empty row and its rows are entries of their own as in rows
 * In the keyed layout a probe is one get instead of a range scan (a cursor per probed key) and an
 * update one read and one write, whatever the number of rows per key (between the steps of a tick
 * a key may hold an old and a new row): it is for a join side unique on the join key (hinted
 * `fewPerKey`). Any other arrangement takes the mixed layout, which keeps that for keys with few
 * rows (most join keys; a probe that finds nothing is one get too) and bounds the cost of an
 * update of a key with many rows: a spilled key's update reads and writes its changed rows only,
 * and its entry goes once it has no rows left.
 * The layout is chosen when the arrangement is first used empty, and recorded in a marker entry
 * so that the choice survives restarts and later builds. An arrangement with rows and no marker
 * (made before the keyed and mixed layouts existed) keeps the rows layout.
 * Key entries named by readAgain() are kept (as last read or written) for the rest of the
 * generation: a join that probes a side's key and then updates it, or updates it and then probes
 * it, reads it from LMDB once. Only those: rows kept past a young-generation collection cost more
 * than the reads they save.
 */
class LmdbArrangement implements Arrangement {
  /** The generation of LmdbState in which `kind` was decided. */
  private decidedIn = -1;
  private kind: Layout = 'rows';
  /** Entries of the keys named by readAgain() in `generation`; null: the key has none. */
  private kept: {
    readonly keys: KeySet;
    readonly entries: Map<string, Row | null>;
    readonly generation: number;
  } | null = null;
  private readonly fresh = new FreshKeys();

  constructor(
    private readonly state: LmdbState,
    private readonly prefix: Buffer,
    private readonly fewPerKey: boolean,
  ) {}

  private layout(txn: StateTxn): Layout {
    if (this.decidedIn === this.state.generation) return this.kind;
    const marker = Buffer.concat([this.prefix, LAYOUT_MARK]);
    const recorded = txn.get(marker);
    let kind: Layout;
    if (recorded !== undefined) kind = recorded[0] === 'mixed' ? 'mixed' : 'keyed';
    else if (txn.edge(this.prefix, false) === undefined) {
      kind = this.fewPerKey ? 'keyed' : 'mixed';
      txn.put(marker, [kind]);
    } else kind = 'rows';
    this.decidedIn = this.state.generation;
    this.kind = kind;
    return kind;
  }

  get(key: string): readonly Entry[] {
    const txn = this.state.current();
    const k = prefixedPart(this.prefix, key);
    const layout = this.layout(txn);
    if (layout === 'rows') return rowEntries(txn, k);
    const stored = this.stored(txn, key, k);
    if (layout === 'mixed' && stored?.length === 0) return rowEntries(txn, k);
    return unpackEntries(stored);
  }

  readAgain(keys: KeySet): void {
    this.kept = { keys, entries: new Map(), generation: this.state.generation };
  }

  /** Where the key's entry is kept, if readAgain() named it in this generation. */
  private keptFor(key: string): Map<string, Row | null> | undefined {
    const kept = this.kept;
    if (kept === null) return undefined;
    if (kept.generation !== this.state.generation) {
      this.kept = null;
      return undefined;
    }
    return kept.keys.has(key) ? kept.entries : undefined;
  }

  /** The key's entry (keyed and mixed layouts). */
  private stored(txn: StateTxn, key: string, k: Buffer): Row | undefined {
    const kept = this.keptFor(key);
    const seen = kept?.get(key);
    if (seen !== undefined) return seen ?? undefined;
    const stored = txn.get(k);
    kept?.set(key, stored ?? null);
    return stored;
  }

  apply(updates: readonly KeyedUpdate[]): string[] {
    const txn = this.state.current();
    const layout = this.layout(txn);
    const byKey = groupByKey(updates);
    for (const [key, list] of byKey) {
      const k = prefixedPart(this.prefix, key);
      if (layout === 'rows') {
        applyRows(txn, k, list, this.fresh);
        continue;
      }
      if (this.putFresh(txn, key, k, list, layout)) continue;
      const stored = this.stored(txn, key, k);
      if (layout === 'mixed' && stored?.length === 0) {
        applyRows(txn, k, list, this.fresh);
        // The last entry under the key's prefix is its own (empty) one: no rows are left.
        const last = txn.edge(k, true);
        if (last !== undefined && last[0].length === k.length) {
          txn.delete(k);
          this.keptFor(key)?.set(key, null);
        }
        continue;
      }
      const live = merged(unpackEntries(stored), list);
      let next: Row | null;
      if (live.length === 0) {
        if (stored !== undefined) txn.delete(k);
        next = null;
      } else if (layout === 'keyed' || live.length <= MIXED_ROWS_PER_KEY) {
        next = packEntries(live);
        txn.put(k, next);
      } else {
        for (const [row, diff] of live) txn.put(prefixedPart(k, exactRowKey(row)), [diff, ...row]);
        next = [];
        txn.put(k, next);
      }
      this.keptFor(key)?.set(key, next);
    }
    return [...byKey.keys()];
  }

  /**
   * Writes the entry of a key that had none without reading it first, when FreshKeys says so
   * and the key's updates only add rows that fit its entry; false if not written (the key's
   * entry is known, or it has one, or the updates do not qualify).
   */
  private putFresh(
    txn: StateTxn,
    key: string,
    k: Buffer,
    list: readonly Entry[],
    layout: Layout,
  ): boolean {
    const kept = this.keptFor(key);
    if (kept?.has(key) === true || !this.fresh.worthTrying()) return false;
    const live = merged([], list);
    if (live.length === 0 || live.some(([, d]) => d < 0)) return false;
    if (layout === 'mixed' && live.length > MIXED_ROWS_PER_KEY) return false;
    const next = packEntries(live);
    const written = txn.putIfAbsent(k, next);
    this.fresh.note(written);
    if (written) kept?.set(key, next);
    return written;
  }
}

/** `entries` with `updates` added (rows compared exactly), without the rows left at zero. */
function merged(entries: [Row, Diff][], updates: readonly Entry[]): [Row, Diff][] {
  for (const [row, diff] of updates) {
    if (diff === 0) continue;
    const e = entries.find(([r]) => sameExactRow(r, row));
    if (e === undefined) entries.push([row, diff]);
    else e[1] += diff;
  }
  return entries.filter(([, d]) => d !== 0);
}

/** The row entries under a key's entry `k` (rows layout, or a spilled key of the mixed one). */
function rowEntries(txn: StateTxn, k: Buffer): Entry[] {
  const out: Entry[] = [];
  for (const [key, v] of txn.scanPrefix(k)) {
    if (key.length > k.length) out.push([v.slice(1), v[0] as Diff]);
  }
  return out;
}

/** Adds updates of one key to its row entries. */
function applyRows(txn: StateTxn, k: Buffer, updates: readonly Entry[], fresh: FreshKeys): void {
  for (const [row, diff] of updates) {
    if (diff !== 0) addCount(txn, prefixedPart(k, exactRowKey(row)), row, diff, fresh);
  }
}

/**
 * Adds `diff` to the count of the entry [count, ...row] under `k` (gone at zero); returns the
 * change in entries with a count > 0. With `fresh`, an addition is first tried as the key's first
 * entry (see FreshKeys).
 */
export function addCount(
  txn: StateTxn,
  k: Uint8Array,
  row: Row,
  diff: Diff,
  fresh?: FreshKeys,
): number {
  if (diff > 0 && fresh?.worthTrying() === true) {
    const written = txn.putIfAbsent(k, [diff, ...row]);
    fresh.note(written);
    if (written) return 1;
  }
  const cur = txn.get(k);
  const before = cur === undefined ? 0 : (cur[0] as Diff);
  const next = before + diff;
  if (next === 0) txn.delete(k);
  else txn.put(k, [next, ...row]);
  return (next > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
}

function packEntries(entries: readonly Entry[]): Datum[] {
  const out: Datum[] = [];
  for (const [row, diff] of entries) {
    out.push(diff, row.length);
    for (const d of row) out.push(d);
  }
  return out;
}

function unpackEntries(value: Row | undefined): [Row, Diff][] {
  const out: [Row, Diff][] = [];
  if (value === undefined) return out;
  for (let i = 0; i < value.length;) {
    const n = value[i + 1] as number;
    out.push([value.slice(i + 2, i + 2 + n), value[i] as Diff]);
    i += 2 + n;
  }
  return out;
}
