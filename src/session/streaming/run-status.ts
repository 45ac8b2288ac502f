// The status of a running source or sink, as mz_internal.mz_source_statuses and
// mz_sink_statuses show it: starting → running ⇄ stalled (with the reason) → dropped, and when
// it last changed. Entering `stalled` is logged once, not at every retry.
export type RunState = 'starting' | 'running' | 'stalled' | 'dropped';

export class RunStatus {
  state: RunState = 'starting';
  error: string | null = null;
  changedAt = new Date();

  constructor(private readonly log: (msg: string) => void) {}

  set(state: RunState, error: string | null = null): void {
    if (this.state === 'dropped') return;
    if (state !== this.state || error !== this.error) this.changedAt = new Date();
    if (state === 'stalled' && this.state !== 'stalled') this.log(`stalled: ${error}`);
    this.state = state;
    this.error = error;
  }
}
