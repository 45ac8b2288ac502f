// SUBSCRIBE [TO] name | (query) [WITH (SNAPSHOT, PROGRESS)] [UP TO n], and
// COPY (SUBSCRIBE ...) TO STDOUT: a streaming result that never ends on its own (unless UP TO),
// fed by a Subscription (../subscribe/subscription.ts). The client's CancelRequest, closing the
// connection or the portal ends it and frees what it holds.
import { quoteIdent } from '../system/quote.js';
import type { SelectStmt } from '@pgsql/types';
import { EddyError, featureNotSupported, syntaxError } from '../../errors/index.js';
import { compareDatum, exactRowKey, T, type Row, type SqlType } from '../../repr/index.js';
import type { StoreSnapshot } from '../store-api.js';
import type { TickChanges } from '../subscribe/feed.js';
import { historyAfter, historySince } from '../views/history.js';
import { readView } from '../views/storage.js';
import { formatText } from '../../repr/io/text.js';
import { Lowerer } from '../../planner/lower.js';
import { optimize, withoutLookups } from '../../planner/optimize.js';
import { render } from '../../planner/render.js';
import { tagOf } from '../../sql/ast.js';
import { Binder, Params } from '../../sql/binder.js';
import { bindQueryRel } from '../../sql/bind-select.js';
import type { EddySubscribe } from '../../sql/extensions.js';
import { parseStatements } from '../../sql/parser.js';
import type { ResultColumn, StatementResult } from '../api.js';
import type { EddySession } from '../session.js';
import { Subscription, type SubscribeOptions } from '../subscribe/subscription.js';
import { checkMaintainable, maintainedCatalog } from '../views/maintained.js';
import { defaultOptions, formatRow } from './copy-format.js';
import { column } from './rows.js';

function bindSubscribe(s: EddySession, sub: EddySubscribe) {
  const sql = sub.query ?? `SELECT * FROM ${sub.name!.map(quoteIdent).join('.')}`;
  const stmts = parseStatements(sql);
  const [tag, body] = stmts.length === 1 ? tagOf(stmts[0]!.ast) : ['', {}];
  if (tag !== 'SelectStmt') throw syntaxError('SUBSCRIBE needs a relation name or a (SELECT ...)');
  const reader = s.catalogReader();
  const q = bindQueryRel(
    new Binder(maintainedCatalog(reader), new Params([], [])),
    body as SelectStmt,
    null,
  );
  checkMaintainable(q.rel);
  return { rel: q.rel, columns: q.columns, reads: [...reader.touched] };
}

/** ENVELOPE UPSERT's key and value column positions in the relation. */
function upsertShape(
  sub: EddySubscribe,
  columns: readonly { name: string }[],
): { key: number[]; value: number[] } | undefined {
  if (sub.upsertKey === undefined) return undefined;
  const key = sub.upsertKey.map((k) => {
    const i = columns.findIndex((c) => c.name === k);
    if (i < 0) throw new EddyError('42703', `column "${k}" does not exist`);
    return i;
  });
  const value = columns.map((_, i) => i).filter((i) => !key.includes(i));
  return { key, value };
}

function resultColumns(
  sub: EddySubscribe,
  columns: readonly { name: string; type: SqlType }[],
): ResultColumn[] {
  const head = [
    column('mz_timestamp', T.numeric),
    ...(sub.progress ? [column('mz_progressed', T.bool)] : []),
  ];
  const shape = upsertShape(sub, columns);
  if (shape === undefined)
    return [...head, column('mz_diff', T.int8), ...columns.map((c) => column(c.name, c.type))];
  return [
    ...head,
    column('mz_state', T.text),
    ...[...shape.key, ...shape.value].map((i) => column(columns[i]!.name, columns[i]!.type)),
  ];
}

/** WITHIN TIMESTAMP ORDER BY as a comparator of output rows. */
function orderWithin(
  sub: EddySubscribe,
  columns: readonly ResultColumn[],
): ((a: Row, b: Row) => number) | undefined {
  if (sub.orderWithin === undefined) return undefined;
  const keys = sub.orderWithin.map(({ column: name, desc }) => {
    const i = columns.findIndex((c) => c.name === name);
    if (i < 0) throw new EddyError('42703', `column "${name}" does not exist`);
    return [i, desc ? -1 : 1] as const;
  });
  return (a, b) => {
    for (const [i, sign] of keys) {
      const c = compareDatum(a[i] ?? null, b[i] ?? null);
      if (c !== 0) return sign * c;
    }
    return 0;
  };
}

export function describeSubscribe(s: EddySession, sub: EddySubscribe): ResultColumn[] {
  return resultColumns(sub, bindSubscribe(s, sub).columns);
}

/** Starts the subscription: snapshot at the latest sealed tick, then every tick after it. */
async function start(
  s: EddySession,
  sub: EddySubscribe,
  signal: AbortSignal,
): Promise<{ subscription: Subscription; columns: ResultColumn[] }> {
  const bound = bindSubscribe(s, sub);
  for (const id of bound.reads) await s.engine.views.whenReady(id);
  const snapshot = s.engine.snapshot();
  const env = s.execEnv(snapshot, signal);
  const lowered = withoutLookups(optimize(new Lowerer(env.evalCtx).lower(bound.rel)));
  const r = render(lowered, env.evalCtx, 'subscribe');
  const feed = s.engine.feed;
  const columns = resultColumns(sub, bound.columns);
  const upsert = upsertShape(sub, bound.columns);
  const order = orderWithin(sub, columns);
  const options: SubscribeOptions = {
    snapshot: sub.snapshot,
    progress: sub.progress,
    maxBacklog: Number(s.settings.get('subscribe_backlog_rows') ?? '1000000'),
    ...(sub.upTo === undefined ? {} : { upTo: sub.upTo }),
    ...(upsert === undefined ? {} : { upsert }),
    ...(order === undefined ? {} : { orderWithin: order }),
    passthrough: lowered.kind === 'get' && lowered.lookup === undefined && r.reads.size === 1,
  };
  const subscription: Subscription = new Subscription(r, bound.columns.length, options, () =>
    feed.remove(subscription),
  );
  // Same turn as the snapshot: every tick after it reaches the subscription.
  const at = s.engine.sealedTick;
  feed.add(subscription);
  let start = at;
  let rows = (id: string): Iterable<Row> => s.readRelation(snapshot, id);
  if (sub.asOf !== undefined && sub.asOf < at) {
    try {
      const past = asOf(s, snapshot, bound.reads, sub.asOf);
      subscription.replay(past.ticks);
      start = sub.asOf;
      rows = () => past.rows;
    } catch (e) {
      feed.remove(subscription);
      snapshot.release();
      throw e;
    }
  }
  void subscription
    .hydrate(start, rows)
    .catch((e: unknown) => subscription.fail(e as never))
    .finally(() => snapshot.release());
  return { subscription, columns };
}

/**
 * AS OF a past tick: the view's rows at that tick (its rows now minus the changes since, from its
 * retained history) and the history's ticks after it, up to the snapshot.
 */
function asOf(
  s: EddySession,
  snapshot: StoreSnapshot,
  reads: readonly string[],
  tick: number,
): { rows: Row[]; ticks: [number, TickChanges][] } {
  const rec = reads.length === 1 ? s.engine.catalog.get(reads[0]!) : undefined;
  if (rec?.kind !== 'materialized-view' || rec.retainHistoryMs === undefined)
    throw featureNotSupported(
      'SUBSCRIBE ... AS OF needs a materialized view created WITH (RETAIN HISTORY FOR ...)',
    );
  const since = historySince(snapshot, rec.id);
  if (since === null || tick < since)
    throw new EddyError(
      '55000',
      `Timestamp (${tick}) is not valid for all inputs: [${since ?? ''}]`,
    );
  const history = historyAfter(snapshot, rec.id, tick);
  const counts = new Map<string, [Row, number]>();
  const add = (row: Row, d: number): void => {
    const k = exactRowKey(row);
    const n = (counts.get(k)?.[1] ?? 0) + d;
    if (n === 0) counts.delete(k);
    else counts.set(k, [row, n]);
  };
  for (const row of readView(snapshot, rec.id, rec.columns.length)) add(row, 1);
  for (const [, changes] of history) for (const [row, d] of changes) add(row, -d);
  const rows: Row[] = [];
  for (const [row, n] of counts.values()) for (let i = 0; i < n; i++) rows.push(row);
  const ticks = history.map(([t, changes]): [number, TickChanges] => [
    t,
    new Map([[rec.id, { rows: changes, errors: [] }]]),
  ]);
  return { rows, ticks };
}

/** SUBSCRIBE as a row result, streamed as the rows come. */
export async function executeSubscribe(
  s: EddySession,
  sub: EddySubscribe,
  signal: AbortSignal,
): Promise<StatementResult> {
  const { subscription, columns } = await start(s, sub, signal);
  const never = new AbortController().signal;
  return {
    kind: 'rows',
    columns,
    rows: {
      fetch: (max) => subscription.fetch(max, never),
      fetchWithin: (max, waitMs) => subscription.fetch(max, never, waitMs),
      close: () => subscription.close(),
      streaming: true,
    },
    tag: (n) => `SUBSCRIBE ${n}`,
  };
}

/** COPY (SUBSCRIBE ...) TO STDOUT: the same rows as COPY text lines, one CopyData per batch. */
export async function executeCopySubscribe(
  s: EddySession,
  sub: EddySubscribe,
  signal: AbortSignal,
): Promise<StatementResult> {
  const { subscription, columns } = await start(s, sub, signal);
  const never = new AbortController().signal;
  const io = s.settings.io();
  const o = defaultOptions('text');
  let sent = 0;
  const line = (row: Row): string =>
    formatRow(
      row.map((d, i) => (d === null ? null : formatText(d, columns[i]!.type, io))),
      o,
    );
  return {
    kind: 'copyOut',
    format: 0,
    columnFormats: columns.map(() => 0 as const),
    streaming: true,
    next: async () => {
      const { rows, done } = await subscription.fetch(1000, never);
      if (rows.length === 0 && done) return null;
      sent += rows.length;
      return Buffer.from(rows.map(line).join(''));
    },
    tag: () => `COPY ${sent}`,
    close: () => subscription.close(),
  };
}
