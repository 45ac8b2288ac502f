// Whether to write an entry as new before reading it. Adding to a counted entry is a get and a
// put: two B-tree searches. When the key is new (rows arriving for the first time: most inserts
// into a join or a view), LMDB's no-overwrite put does it in one, and fails without writing when
// the key holds an entry (then it is read and written as before: three searches). The guess
// follows the recent outcomes of the tries so it stops trying where keys mostly exist (groups
// being updated), and tries again now and then.
export class FreshKeys {
  private tries = 0;
  private fresh = 0;
  private skipped = 0;
  /** The try about to be noted is a sample taken while not trusting. */
  private sampling = false;

  /** Whether a try is worth making: at least half the recent tries found the key new. */
  worthTrying(): boolean {
    if (this.fresh * 2 >= this.tries) return true;
    // Sample again every RETRY_EVERY skipped keys, in case the stream changed.
    if (++this.skipped < RETRY_EVERY) return false;
    this.skipped = 0;
    this.sampling = true;
    return true;
  }

  /** Records a try's outcome (true: the key was new and the entry was written). */
  note(fresh: boolean): void {
    if (this.sampling) {
      this.sampling = false;
      // A sample that found the key new starts over trusting (two failures stop it again).
      if (fresh) {
        this.tries = 1;
        this.fresh = 1;
        return;
      }
    }
    if (this.tries >= WINDOW) {
      this.tries >>= 1;
      this.fresh >>= 1;
    }
    this.tries++;
    if (fresh) this.fresh++;
  }
}

const RETRY_EVERY = 32;
/** Outcomes weigh less as they age: the counts are halved once they reach this many tries. */
const WINDOW = 64;
