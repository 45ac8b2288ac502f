// The engine of a reader process: serves read-only sessions from the writer's LMDB environment,
// beside the writer (LMDB serves any number of reader processes alongside one writer). Every
// statement first takes in what the writer committed (EngineStore.catchUp): a SELECT sees every
// commit the writer acknowledged before the statement started, and the catalog as of it. Writes,
// DDL and nextval are refused as in a read-only transaction (25006); SUBSCRIBE, which follows
// the writer's change feed, is served by the writer only.
import { readOnlySqlTransaction } from '../../errors/index.js';
import { Catalog } from '../catalog/catalog.js';
import { EngineBase, type SessionEngine } from '../engine.js';
import { Sequences } from '../sequences.js';
import { ChangeFeed } from '../subscribe/feed.js';
import { sourceLog } from '../streaming/source-log-reader.js';
import type { Session, StartupParams } from '../api.js';
import type { EngineStore, StoreTxn } from '../store-api.js';

const refuse = (): never => {
  throw readOnlySqlTransaction('cannot execute this statement in a read-only transaction');
};

export class ReplicaEngine extends EngineBase implements SessionEngine {
  readonly readOnly = true;
  readonly catalog: Catalog;
  /** No view is hydrated here: the statements that wait for one are refused before. */
  readonly views = { whenReady: (): Promise<void> => Promise.resolve() };
  readonly streaming = null;
  /** Never published to: SUBSCRIBE is refused here. */
  readonly feed = new ChangeFeed();
  readonly startedAt = new Date();
  /** Sequence positions as the writer stored them, read again after each commit. */
  sequences: Sequences;

  constructor(
    store: EngineStore,
    makeSession: (engine: SessionEngine, params: StartupParams) => Session,
  ) {
    super(store, makeSession);
    this.catalog = new Catalog(store.loadCatalog());
    store.readLogsWith(sourceLog(this.catalog));
    store.catchUp();
    this.sequences = this.readSequences();
  }

  private readSequences(): Sequences {
    return new Sequences({ meta: (key) => this.store.meta(key), writeAux: refuse });
  }

  statementStart(): void {
    const changed = this.store.catchUp();
    if (changed === 'none') return;
    if (changed === 'catalog') this.catalog.replace(this.store.loadCatalog());
    // (The writer stores positions through its own transactions: one is a commit.)
    this.sequences = this.readSequences();
  }

  get sealedTick(): number {
    return Number(this.store.meta('lastTick') ?? 0);
  }

  newRowId(): number {
    return refuse();
  }

  commitWrites(): Promise<number> {
    return Promise.resolve().then(refuse);
  }

  commit(): number {
    return refuse();
  }

  writeAux(_fn: (txn: StoreTxn) => void): void {
    refuse();
  }

  async close(): Promise<void> {
    this.closeSessions();
    await this.store.close();
  }
}
