// Randomized differential test of materialized views: per seeded case, views from templates and
// from the one-shot oracle's query generator are created on Eddy over tables t1..t4, random
// INSERT / UPDATE / DELETE batches (single statements or BEGIN ... COMMIT/ROLLBACK) go to Eddy
// and to PostgreSQL alike, and after every batch each view's maintained contents must equal, as
// a multiset, Eddy's one-shot recomputation of its query and PostgreSQL's answer to that query
// (or fail with the same SQLSTATE). A failure prints the seed, the view, the history so far and a
// minimized reproduction.
//
// EDDY_VIEW_SEEDS: number of cases (default sized for ~2-3 minutes); EDDY_VIEW_SEED: the base
// seed (case i uses base + i); EDDY_VIEW_BATCHES: batches per case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../oracle/generator.js';
import { startOracle, type Oracle } from '../support/oracle.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeScript } from './dml.js';
import { Stats, dropCase, runCase, type Servers } from './runner.js';
import { report, shrink } from './shrink.js';
import { makeViews } from './templates.js';

const SEEDS = Number(process.env.EDDY_VIEW_SEEDS ?? 300);
const BASE_SEED = Number(process.env.EDDY_VIEW_SEED ?? 7_040_000);
const BATCHES = Number(process.env.EDDY_VIEW_BATCHES ?? 14);
const SHRINK_BUDGET_MS = 60_000;

let eddy: TestServer;
let oracle: Oracle;
let servers: Servers;
const stats = new Stats();

beforeAll(async () => {
  [eddy, oracle] = await Promise.all([startTestServer(), startOracle()]);
  servers = { eddy: await eddy.client(), pg: await oracle.client() };
}, 180_000);

afterAll(async () => {
  const labels = [...stats.byLabel].sort(([a], [b]) => a.localeCompare(b));
  console.log(
    `materialized-view differential: ${stats.comparisons} (view, batch) comparisons in ${SEEDS} cases ` +
      `(${stats.errorComparisons} where the query fails, ${stats.recoveries} recoveries from an error; ` +
      `${stats.refusedByBoth} views refused by both, ${stats.unsupportedByPg} not supported by PostgreSQL)\n` +
      labels.map(([l, n]) => `  ${l}: ${n}`).join('\n'),
  );
  await Promise.all([eddy?.stop(), oracle?.stop()]);
});

describe('materialized views against recomputation and PostgreSQL', () => {
  for (let i = 0; i < SEEDS; i++) {
    const seed = BASE_SEED + i;
    it(`seed ${seed}`, { timeout: 150_000 }, async () => {
      const rng = new Rng(seed);
      const views = makeViews(rng, rng.int(4, 6), rng.int(1, 2), BATCHES);
      const script = makeScript(rng, BATCHES);
      const schema = `vd_${seed}`;
      const history: string[] = [];
      const before = stats.comparisons;
      let failure;
      try {
        failure = await runCase(servers, schema, views, script, stats, { lines: history });
      } finally {
        await dropCase(servers, schema);
      }
      if (failure !== undefined) {
        const repro = await shrink(servers, schema, views, script, failure, SHRINK_BUDGET_MS);
        expect.fail(report(seed, views, failure, history, repro));
      }
      // The first view family exists from the start: it was compared before and after every batch.
      expect(stats.comparisons - before).toBeGreaterThanOrEqual(BATCHES + 1);
    });
  }
});
