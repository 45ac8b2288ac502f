// The loop that feeds one source: fetch records from where the source's committed progress says,
// turn them into row changes (source-ingest.ts) and commit them through the engine's group commit
// together with the new offsets and any decode errors — one LMDB transaction, one tick.
//
// Back-pressure: a source holds at most two batches — the one committing and the next one,
// fetched meanwhile — and a fetch returns at most a few MiB, so memory stays bounded however fast
// its topic grows: when the dataflow falls behind, fetching waits. Failures (broker down, topic
// deleted) mark the source stalled with the reason and are retried with a growing delay; the
// committed offsets make the retry exact.
import { TxnWrites } from '../txn.js';
import type { Engine } from '../engine.js';
import { ingest, type IngestPlan, type IngestRecord, type IngestTotals } from './source-ingest.js';
import { RunStatus } from './run-status.js';
import { keepErrors, writeProgress, type SourceProgress } from './source-state.js';

/** What a source reads records with (implemented over src/kafka by kafka-reader.ts). */
export interface RecordReader {
  /** The topic's partitions (new ones appear as the topic grows). */
  partitions(): Promise<number[]>;
  /** Where reading a partition starts when the source has no offset for it yet. */
  startOffsets(partitions: readonly number[]): Promise<Map<number, bigint>>;
  fetch(
    positions: ReadonlyMap<number, bigint>,
    signal: AbortSignal,
  ): Promise<{
    readonly records: readonly IngestRecord[];
    /** The next offset to read, by partition (past control records too). */
    readonly next: ReadonlyMap<number, bigint>;
    readonly highWatermarks: ReadonlyMap<number, bigint>;
  }>;
  close(): Promise<void>;
}

/** How often the partition list is refreshed (partitions added to a topic are then followed). */
const PARTITION_REFRESH_MS = 5_000;
const MAX_BACKOFF_MS = 5_000;

type Batch = Awaited<ReturnType<RecordReader['fetch']>>;

export class SourceRunner {
  readonly status: RunStatus;
  progress: SourceProgress;
  readonly highWatermarks = new Map<number, bigint>();
  private readonly abort = new AbortController();
  private stopped = false;
  private finished: Promise<void> = Promise.resolve();
  private reader: RecordReader | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly plan: IngestPlan,
    initial: SourceProgress,
    private readonly connect: () => Promise<RecordReader>,
    log: (msg: string) => void,
  ) {
    this.progress = initial;
    this.status = new RunStatus(log);
  }

  start(): void {
    this.finished = this.run();
  }

  /** Stops fetching; resolves once no commit of this source is in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.status.set('dropped', null);
    await this.finished;
  }

  private async run(): Promise<void> {
    let backoff = 100;
    let partitionsAt = 0;
    // The next batch, fetched while the current one commits (at most one batch ahead).
    let ahead: Promise<Batch> | null = null;
    while (!this.stopped) {
      try {
        this.reader ??= await this.connect();
        const reader = this.reader;
        if (ahead === null && Date.now() - partitionsAt > PARTITION_REFRESH_MS) {
          await this.followPartitions(reader);
          partitionsAt = Date.now();
        }
        const batch = await (ahead ?? reader.fetch(this.progress.offsets, this.abort.signal));
        ahead = null;
        if (this.stopped) break;
        for (const [p, hw] of batch.highWatermarks) this.highWatermarks.set(p, hw);
        const moved = movedPast(this.progress.offsets, batch.next);
        if (moved && Date.now() - partitionsAt <= PARTITION_REFRESH_MS) {
          ahead = reader.fetch(advance(this.progress.offsets, batch.next), this.abort.signal);
          // Its failure is seen when it is awaited; never an unhandled rejection meanwhile.
          ahead.catch(() => undefined);
        }
        if (batch.records.length > 0 || moved) await this.commit(batch.records, batch.next);
        this.status.set('running', null);
        backoff = 100;
      } catch (e) {
        ahead = null;
        if (this.stopped) break;
        this.status.set('stalled', e instanceof Error ? e.message : String(e));
        const r = this.reader;
        this.reader = null;
        partitionsAt = 0;
        await r?.close().catch(() => undefined);
        await sleep(backoff, this.abort.signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
    await ahead?.catch(() => undefined);
    await this.reader?.close().catch(() => undefined);
    this.reader = null;
  }

  /** Partitions the source has no offset for yet start where the source starts reading. */
  private async followPartitions(reader: RecordReader): Promise<void> {
    const all = await reader.partitions();
    const fresh = all.filter((p) => !this.progress.offsets.has(p));
    if (fresh.length === 0) return;
    const start = await reader.startOffsets(fresh);
    const offsets = new Map(this.progress.offsets);
    for (const p of fresh) offsets.set(p, start.get(p) ?? 0n);
    this.progress = { ...this.progress, offsets };
  }

  /** Commits a batch's row changes, offsets and errors in one tick. */
  private async commit(
    records: readonly IngestRecord[],
    next: ReadonlyMap<number, bigint>,
  ): Promise<void> {
    const writes = new TxnWrites();
    const totals: IngestTotals = { records: 0, bytes: 0, updates: 0, failures: [] };
    ingest(this.plan, records, writes, totals);
    const offsets = advance(this.progress.offsets, next);
    const before = this.progress;
    const after: SourceProgress = {
      offsets,
      records: before.records + totals.records,
      bytes: before.bytes + totals.bytes,
      errors: before.errors + totals.failures.length,
      updates: before.updates + totals.updates,
    };
    const id = this.plan.sourceId;
    await this.engine.commitWrites(writes, (txn) => {
      if (this.engine.catalog.get(id) === undefined) return; // dropped meanwhile
      if (totals.failures.length > 0) keepErrors(txn, id, before.errors, totals.failures);
      writeProgress(txn, id, after);
    });
    this.progress = after;
  }
}

/** The offsets after a batch: each partition's next offset, never going back. */
function advance(
  offsets: ReadonlyMap<number, bigint>,
  next: ReadonlyMap<number, bigint>,
): Map<number, bigint> {
  const out = new Map(offsets);
  for (const [p, o] of next) if (o > (out.get(p) ?? -1n)) out.set(p, o);
  return out;
}

function movedPast(
  offsets: ReadonlyMap<number, bigint>,
  next: ReadonlyMap<number, bigint>,
): boolean {
  for (const [p, o] of next) if (o > (offsets.get(p) ?? -1n)) return true;
  return false;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
