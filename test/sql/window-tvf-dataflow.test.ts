// TUMBLE and HOP maintained incrementally: queries are bound, lowered and rendered into a dataflow
// once, then fed random inserts and retractions tick after tick. After every tick the maintained
// output must equal (a) a fresh rendering run over the current contents in one go, and (b) for the
// plain window assignment, windows computed here by brute force from the definition. Errors raised
// while maintaining (a window past the end of time) travel as data and go away with their input.
import { beforeAll, describe, expect, it } from 'vitest';
import { T, type Datum, type Diff, type Row } from '../../src/repr/index.js';
import type { Rel } from '../../src/sql/hir.js';
import { planSql, stubCatalog, testEvalCtx } from '../support/plan.js';
import { initParser } from '../../src/sql/parser.js';
import { render } from '../../src/planner/render.js';
import { norm, prng } from '../dataflow/helpers.js';

const evalCtx = testEvalCtx;

const catalog = stubCatalog([
  {
    kind: 'table',
    id: 'bids',
    oid: 16_400,
    schema: 'public',
    name: 'bids',
    primaryKey: [],
    columns: [
      { name: 'id', type: T.int4, nullable: true, defaultSql: null },
      { name: 'v', type: T.int4, nullable: true, defaultSql: null },
      { name: 'ts', type: T.timestamp, nullable: true, defaultSql: null },
    ],
  },
]);

function plan(sql: string): Rel {
  return planSql(catalog, sql);
}

/** Runs `rel` once over `rows`: the non-incremental twin. */
function oneShot(rel: Rel, rows: readonly Row[]): [string, Diff][] {
  const r = render(rel, evalCtx);
  const cap = r.output.capture();
  r.dataflow.runTick(1, { bids: rows.map((row) => [row, 1] as const) });
  return norm(cap.accumulated());
}

const MINUTE = 60_000_000n;
const BASE = 1_714_557_690_000_000n; // 2024-05-01 10:01:30
const END_OF_TIME = 9_224_318_016_000_000_000n; // 294277-01-01 00:00

/** Windows [start, end) with start ≡ offset (mod hop) containing t, by scanning candidates. */
function bruteForce(t: bigint, hop: bigint, size: bigint, offset: bigint): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  let s = t - size - 2n * hop;
  s -= (((s - offset) % hop) + hop) % hop; // an aligned start well before t
  for (; s <= t; s += hop) if (s <= t && t < s + size) out.push([s, s + size]);
  return out;
}

beforeAll(async () => {
  await initParser();
});

describe('TUMBLE and HOP, maintained', () => {
  const queries = [
    "SELECT id, v, ts, window_start, window_end FROM HOP(bids, ts, '10 minutes', '30 minutes', '-3 minutes')",
    "SELECT window_start, count(*), sum(v) FROM TUMBLE(bids, ts, '1 hour', '15 minutes') GROUP BY window_start",
    "SELECT window_start, window_end, max(v), count(DISTINCT id) FROM HOP(bids, ts, '7 minutes', '21 minutes') GROUP BY window_start, window_end",
  ];

  for (const [qi, sql] of queries.entries()) {
    it(`agrees with a recomputation after every tick: query ${qi + 1}`, () => {
      const rel = plan(sql);
      const maintained = render(rel, evalCtx);
      const cap = maintained.output.capture();
      const rnd = prng(1000 + qi);
      const live: Row[] = [];
      let nextId = 1;
      for (let tick = 1; tick <= 60; tick++) {
        const updates: (readonly [Row, Diff])[] = [];
        for (let n = rnd.int(5); n >= 0; n--) {
          if (live.length > 0 && rnd.next() < 0.35) {
            const [gone] = live.splice(rnd.int(live.length), 1);
            updates.push([gone!, -1]);
          } else {
            const ts =
              rnd.next() < 0.1
                ? null
                : BASE + BigInt(rnd.int(400) - 200) * MINUTE + BigInt(rnd.int(7));
            const row: Row = [nextId++, rnd.int(100), ts];
            live.push(row);
            updates.push([row, 1]);
          }
        }
        maintained.dataflow.runTick(tick, { bids: updates });
        expect(norm(cap.accumulated()), `tick ${tick}`).toEqual(oneShot(rel, live));
      }
      expect(cap.accumulated().length).toBeGreaterThan(5);
      if (qi === 0) {
        const expected = live.flatMap((row) =>
          row[2] === null
            ? []
            : bruteForce(row[2] as bigint, 10n * MINUTE, 30n * MINUTE, -3n * MINUTE).map(
                ([s, e]) => [[...row, s, e] as Row, 1] as const,
              ),
        );
        expect(norm(cap.accumulated())).toEqual(norm(expected));
      }
    });
  }

  it('keeps an error raised for one row as data until the row is retracted', () => {
    const rel = plan("SELECT window_start, count(*) FROM TUMBLE(bids, ts, '1 day') GROUP BY 1");
    const r = render(rel, evalCtx);
    const cap = r.output.capture();
    const ok: Row = [1, 1, BASE];
    // 294276-12-31 12:00: its window would end on 294277-01-01, the first invalid timestamp.
    const edge: Row = [2, 2, END_OF_TIME - 12n * 60n * MINUTE];
    r.dataflow.runTick(1, { bids: [[ok, 1]] });
    expect(r.dataflow.liveErrors()).toEqual([]);
    r.dataflow.runTick(2, { bids: [[edge, 1]] });
    const errors = r.dataflow.liveErrors().map(([e, diff]) => [e.code, e.message, diff]);
    expect(errors).toEqual([['22008', 'timestamp out of range', 1]]);
    const day = BASE - (BASE % 86_400_000_000n);
    expect(norm(cap.accumulated())).toEqual(norm([[[day, 1n] as Datum[], 1]]));
    r.dataflow.runTick(3, { bids: [[edge, -1]] });
    expect(r.dataflow.liveErrors()).toEqual([]);
  });
});
