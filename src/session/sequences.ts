// The positions of sequences (CREATE SEQUENCE, serial columns): nextval / setval, kept durably
// outside the timeline as PostgreSQL keeps them — not transactional (a rolled-back transaction
// does not give its values back) and never handing out a value twice, also across a crash.
// Like PostgreSQL, which logs 32 values ahead of the one handed out, a write to LMDB reserves the
// next RESERVE values, so that only one nextval in RESERVE writes; after a crash the sequence
// goes on after what was reserved (the values in between are skipped, as in PostgreSQL). A clean
// shutdown (flush) keeps the exact position. A restart (ALTER SEQUENCE RESTART, TRUNCATE ...
// RESTART IDENTITY) is the exception, transactional as in PostgreSQL: the transaction works on a
// position of its own (TxnWrites.sequences), which its commit puts in place.
import { EddyError, numericValueOutOfRange } from '../errors/index.js';
import type { SequenceRecord } from './catalog/objects.js';
import type { StoreTxn } from './store-api.js';

/** Values reserved per durable write. */
const RESERVE = 32n;

export interface SequencePosition {
  /** The last value handed out, or (called false) the value the next nextval returns. */
  last: bigint;
  called: boolean;
}

interface Position extends SequencePosition {
  readonly increment: bigint;
  /** How far the stored position lets nextval go without writing (inclusive). */
  reserved: bigint;
}

/** Where the engine keeps a sequence's position. */
export interface SequenceStorage {
  meta(key: string): number | string | undefined;
  writeAux(fn: (txn: StoreTxn) => void): void;
}

const metaKey = (q: SequenceRecord): string => `sequence:${q.id}`;

export class Sequences {
  private readonly positions = new Map<string, Position>();

  constructor(private readonly storage: SequenceStorage) {}

  /** The next value of `q`: nextval. */
  next(q: SequenceRecord): bigint {
    const p = this.position(q);
    const { value, wrapped } = advance(q, p);
    const inc = BigInt(q.increment);
    if (wrapped || (inc > 0n ? value > p.reserved : value < p.reserved)) {
      // Reserve ahead, within the bounds (as PostgreSQL's prefetch stops at them).
      const ahead = value + inc * RESERVE;
      const max = BigInt(q.max);
      const min = BigInt(q.min);
      p.reserved = ahead > max ? max : ahead < min ? min : ahead;
      this.store(q, { last: p.reserved, called: true });
    }
    return value;
  }

  /**
   * nextval on a position a transaction holds of its own: a sequence it restarted (ALTER
   * SEQUENCE RESTART, TRUNCATE ... RESTART IDENTITY), which as in PostgreSQL is a new sequence
   * state that the transaction's commit puts in place and its rollback discards.
   */
  nextOf(q: SequenceRecord, at: SequencePosition): bigint {
    return advance(q, at).value;
  }

  /** setval on a transaction's own position (see nextOf). */
  setOf(q: SequenceRecord, at: SequencePosition, value: bigint, called: boolean): void {
    checkBounds(q, value);
    at.last = value;
    at.called = called;
  }

  /** Writes a committing transaction's own position of `q` in its write transaction. */
  commitIn(txn: StoreTxn, q: SequenceRecord, at: SequencePosition): void {
    txn.setMeta(metaKey(q), encode(at));
  }

  /** After that commit: the position in place. */
  committed(q: SequenceRecord, at: SequencePosition): void {
    const p = this.position(q);
    p.last = at.last;
    p.called = at.called;
    p.reserved = storedReach(BigInt(q.increment), at);
  }

  /** setval: the sequence's last value (`called`), or the value nextval returns next. */
  set(q: SequenceRecord, value: bigint, called: boolean): void {
    checkBounds(q, value);
    const p = this.position(q);
    p.last = value;
    p.called = called;
    p.reserved = storedReach(BigInt(q.increment), p);
    this.store(q, { last: value, called });
  }

  /** The row SELECT * FROM a sequence shows: last_value, log_cnt, is_called. */
  row(q: SequenceRecord, own?: SequencePosition): [bigint, bigint, boolean] {
    if (own !== undefined) return [own.last, 0n, own.called];
    const p = this.position(q);
    const inc = BigInt(q.increment);
    const left = p.called ? (p.reserved - p.last) / inc : 0n;
    return [p.last, left > 0n ? left : 0n, p.called];
  }

  /** Writes every exact position (at a clean shutdown). */
  flush(): void {
    if (this.positions.size === 0) return;
    this.storage.writeAux((txn) => {
      for (const [key, p] of this.positions) {
        txn.setMeta(key, encode({ last: p.last, called: p.called }));
        p.reserved = storedReach(p.increment, p);
      }
    });
  }

  /** Forgets a dropped sequence's position (in the dropping transaction). */
  dropped(q: SequenceRecord, txn: StoreTxn): void {
    txn.deleteMeta(metaKey(q));
    this.positions.delete(metaKey(q));
  }

  private position(q: SequenceRecord): Position {
    const key = metaKey(q);
    let p = this.positions.get(key);
    if (p === undefined) {
      const stored = this.storage.meta(key);
      const at =
        typeof stored === 'string' ? decode(stored) : { last: BigInt(q.start), called: false };
      const increment = BigInt(q.increment);
      p = { ...at, increment, reserved: storedReach(increment, at) };
      this.positions.set(key, p);
    }
    return p;
  }

  private store(q: SequenceRecord, at: { last: bigint; called: boolean }): void {
    this.storage.writeAux((txn) => txn.setMeta(metaKey(q), encode(at)));
  }
}

/** Moves `p` to the next value of `q` (nextval's arithmetic); wrapped: a CYCLE went round. */
function advance(q: SequenceRecord, p: SequencePosition): { value: bigint; wrapped: boolean } {
  if (!p.called) {
    p.called = true;
    return { value: p.last, wrapped: false };
  }
  const inc = BigInt(q.increment);
  const max = BigInt(q.max);
  const min = BigInt(q.min);
  let value = p.last + inc;
  let wrapped = false;
  if (value > max || value < min) {
    if (!q.cycle)
      throw new EddyError(
        '2200H',
        `nextval: reached ${inc > 0n ? 'maximum' : 'minimum'} value of sequence "${q.name}" (${inc > 0n ? q.max : q.min})`,
      );
    value = inc > 0n ? min : max;
    wrapped = true;
  }
  p.last = value;
  return { value, wrapped };
}

/**
 * How far nextval may go without writing when `at` is the stored position: up to its last value
 * if that was handed out (called), else to the one before it (the next nextval hands it out and
 * must be stored first, or a crash would hand it out again).
 */
function storedReach(increment: bigint, at: SequencePosition): bigint {
  return at.called ? at.last : at.last - increment;
}

function checkBounds(q: SequenceRecord, value: bigint): void {
  if (value < BigInt(q.min) || value > BigInt(q.max))
    throw numericValueOutOfRange(
      `setval: value ${value} is out of bounds for sequence "${q.name}" (${q.min}..${q.max})`,
    );
}

const encode = (p: { last: bigint; called: boolean }): string => `${p.last}:${p.called ? 1 : 0}`;

function decode(s: string): { last: bigint; called: boolean } {
  const [last, called] = s.split(':');
  return { last: BigInt(last!), called: called === '1' };
}
