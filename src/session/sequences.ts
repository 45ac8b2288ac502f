// The positions of sequences (CREATE SEQUENCE, serial columns): nextval / setval, kept durably
// outside the timeline as PostgreSQL keeps them — not transactional (a rolled-back transaction
// does not give its values back) and never handing out a value twice, also across a crash.
// Like PostgreSQL, which logs 32 values ahead of the one handed out, a write to LMDB reserves the
// next RESERVE values, so that only one nextval in RESERVE writes; after a crash the sequence
// goes on after what was reserved (the values in between are skipped, as in PostgreSQL). A clean
// shutdown (flush) keeps the exact position.
import { EddyError, numericValueOutOfRange } from '../errors/index.js';
import type { SequenceRecord } from './catalog/objects.js';
import type { StoreTxn } from './store-api.js';

/** Values reserved per durable write. */
const RESERVE = 32n;

interface Position {
  /** The last value handed out, or (called false) the value the next nextval returns. */
  last: bigint;
  called: boolean;
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
    const inc = BigInt(q.increment);
    const max = BigInt(q.max);
    const min = BigInt(q.min);
    let value: bigint;
    let wrapped = false;
    if (!p.called) value = p.last;
    else {
      value = p.last + inc;
      if (value > max || value < min) {
        if (!q.cycle)
          throw new EddyError(
            '2200H',
            `nextval: reached ${inc > 0n ? 'maximum' : 'minimum'} value of sequence "${q.name}" (${inc > 0n ? q.max : q.min})`,
          );
        value = inc > 0n ? min : max;
        wrapped = true;
      }
    }
    p.last = value;
    p.called = true;
    if (wrapped || (inc > 0n ? value > p.reserved : value < p.reserved)) {
      // Reserve ahead, within the bounds (as PostgreSQL's prefetch stops at them).
      const ahead = value + inc * RESERVE;
      p.reserved = ahead > max ? max : ahead < min ? min : ahead;
      this.store(q, { last: p.reserved, called: true });
    }
    return value;
  }

  /** setval: the sequence's last value (`called`), or the value nextval returns next. */
  set(q: SequenceRecord, value: bigint, called: boolean): void {
    if (value < BigInt(q.min) || value > BigInt(q.max))
      throw numericValueOutOfRange(
        `setval: value ${value} is out of bounds for sequence "${q.name}" (${q.min}..${q.max})`,
      );
    const p = this.position(q);
    p.last = value;
    p.called = called;
    p.reserved = value;
    this.store(q, { last: value, called });
  }

  /** The row SELECT * FROM a sequence shows: last_value, log_cnt, is_called. */
  row(q: SequenceRecord): [bigint, bigint, boolean] {
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
        p.reserved = p.last;
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
      const at = typeof stored === 'string' ? decode(stored) : undefined;
      p =
        at !== undefined
          ? { ...at, reserved: at.last }
          : {
              last: BigInt(q.start),
              called: false,
              reserved: BigInt(q.start) - BigInt(q.increment),
            };
      this.positions.set(key, p);
    }
    return p;
  }

  private store(q: SequenceRecord, at: { last: bigint; called: boolean }): void {
    this.storage.writeAux((txn) => txn.setMeta(metaKey(q), encode(at)));
  }
}

const encode = (p: { last: bigint; called: boolean }): string => `${p.last}:${p.called ? 1 : 0}`;

function decode(s: string): { last: bigint; called: boolean } {
  const [last, called] = s.split(':');
  return { last: BigInt(last!), called: called === '1' };
}
