// TUMBLE and HOP in FROM, end to end through node-postgres against a real Eddy server: window
// assignment (offsets, NULL and pre-epoch times, timestamptz aligned in UTC, dates), names and
// aliases, relations of every kind as input, aggregates over windows, EXPLAIN, and the errors with
// their SQLSTATEs. Expected windows are worked out by hand; a bulk check compares TUMBLE with
// date_bin and HOP with its definition over generated data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let c: pg.Client;

/** Every value as the text the server sent. */
const raw = { getTypeParser: () => (v: string) => v } as never;

beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
  await c.query(
    'CREATE TABLE bids (id int, price int, bid_time timestamp, tz timestamptz, d date)',
  );
  await c.query(`INSERT INTO bids VALUES
    (1, 10, '2024-05-01 10:01:30', '2024-05-01 10:01:30+00', '2024-05-01'),
    (2, 20, '2024-05-01 10:03:00', '2024-05-01 12:03:00+02', '2024-05-02'),
    (3, 30, '2024-05-01 10:04:59.999999', NULL, NULL),
    (4, 40, NULL, '1969-12-31 23:59:00+00', '1969-12-31'),
    (5, 50, '1969-12-31 23:58:30', NULL, NULL)`);
});

afterAll(async () => {
  await server?.stop();
});

async function rows(sql: string, values?: unknown[]): Promise<unknown[][]> {
  const r = await c.query({ text: sql, values, rowMode: 'array', types: raw });
  return r.rows as unknown[][];
}

async function error(sql: string): Promise<{ code: string; message: string; position?: string }> {
  try {
    await c.query(sql);
  } catch (e) {
    const err = e as { code: string; message: string; position?: string };
    return { code: err.code, message: err.message, position: err.position };
  }
  throw new Error(`expected an error from: ${sql}`);
}

describe('TUMBLE', () => {
  it('appends window_start and window_end to every column, one window per row', async () => {
    const r = await c.query({
      text: "SELECT * FROM TUMBLE(bids, bid_time, INTERVAL '2 minutes') ORDER BY id",
      rowMode: 'array',
      types: raw,
    });
    expect(r.fields.map((f) => f.name)).toEqual([
      'id',
      'price',
      'bid_time',
      'tz',
      'd',
      'window_start',
      'window_end',
    ]);
    expect(r.fields.slice(5).map((f) => f.dataTypeID)).toEqual([1114, 1114]);
    // Row 4 has a NULL time: no window, no row. Row 5 is before the epoch.
    expect(r.rows.map((x: unknown[]) => [x[0], x[5], x[6]])).toEqual([
      ['1', '2024-05-01 10:00:00', '2024-05-01 10:02:00'],
      ['2', '2024-05-01 10:02:00', '2024-05-01 10:04:00'],
      ['3', '2024-05-01 10:04:00', '2024-05-01 10:06:00'],
      ['5', '1969-12-31 23:58:00', '1970-01-01 00:00:00'],
    ]);
  });

  it('shifts the windows by an offset (negative, or larger than the size, too)', async () => {
    const q = (offset: string): Promise<unknown[][]> =>
      rows(
        `SELECT id, window_start, window_end FROM TUMBLE(bids, bid_time, INTERVAL '1 hour', INTERVAL '${offset}') ORDER BY id`,
      );
    const at15 = [
      ['1', '2024-05-01 09:15:00', '2024-05-01 10:15:00'],
      ['2', '2024-05-01 09:15:00', '2024-05-01 10:15:00'],
      ['3', '2024-05-01 09:15:00', '2024-05-01 10:15:00'],
      ['5', '1969-12-31 23:15:00', '1970-01-01 00:15:00'],
    ];
    expect(await q('15 minutes')).toEqual(at15);
    expect(await q('75 minutes')).toEqual(at15);
    expect(await q('-15 minutes')).toEqual([
      ['1', '2024-05-01 09:45:00', '2024-05-01 10:45:00'],
      ['2', '2024-05-01 09:45:00', '2024-05-01 10:45:00'],
      ['3', '2024-05-01 09:45:00', '2024-05-01 10:45:00'],
      ['5', '1969-12-31 23:45:00', '1970-01-01 00:45:00'],
    ]);
  });

  it('aligns timestamptz windows to the UTC epoch, whatever the session time zone', async () => {
    const sql = "SELECT id, window_start, window_end FROM TUMBLE(bids, tz, '1 hour') ORDER BY id";
    const r = await c.query({ text: sql, rowMode: 'array', types: raw });
    expect(r.fields.slice(1).map((f) => f.dataTypeID)).toEqual([1184, 1184]);
    expect(r.rows).toEqual([
      ['1', '2024-05-01 10:00:00+00', '2024-05-01 11:00:00+00'],
      ['2', '2024-05-01 10:00:00+00', '2024-05-01 11:00:00+00'],
      ['4', '1969-12-31 23:00:00+00', '1970-01-01 00:00:00+00'],
    ]);
    await c.query("SET TimeZone = 'Asia/Kolkata'");
    try {
      expect(await rows(sql)).toEqual([
        ['1', '2024-05-01 15:30:00+05:30', '2024-05-01 16:30:00+05:30'],
        ['2', '2024-05-01 15:30:00+05:30', '2024-05-01 16:30:00+05:30'],
        ['4', '1970-01-01 04:30:00+05:30', '1970-01-01 05:30:00+05:30'],
      ]);
    } finally {
      await c.query("SET TimeZone = 'UTC'");
    }
  });

  it('takes a date column, giving timestamp windows (7 days: from a Thursday, as 1970-01-01)', async () => {
    const r = await c.query({
      text: "SELECT id, window_start, window_end FROM TUMBLE(bids, d, INTERVAL '7 days') ORDER BY id",
      rowMode: 'array',
      types: raw,
    });
    expect(r.fields.slice(1).map((f) => f.dataTypeID)).toEqual([1114, 1114]);
    expect(r.rows).toEqual([
      ['1', '2024-04-25 00:00:00', '2024-05-02 00:00:00'],
      ['2', '2024-05-02 00:00:00', '2024-05-09 00:00:00'],
      ['4', '1969-12-25 00:00:00', '1970-01-01 00:00:00'],
    ]);
  });

  it('assigns infinite times to no window', async () => {
    await c.query('CREATE TABLE inf (id int, ts timestamp)');
    await c.query("INSERT INTO inf VALUES (1, 'infinity'), (2, '-infinity'), (3, '2000-01-01')");
    expect(await rows("SELECT id, window_start FROM TUMBLE(inf, ts, '1 day')")).toEqual([
      ['3', '2000-01-01 00:00:00'],
    ]);
  });

  it('aggregates per window', async () => {
    expect(
      await rows(
        "SELECT window_start, window_end, count(*), sum(price) FROM TUMBLE(bids, bid_time, INTERVAL '5 minutes') GROUP BY window_start, window_end ORDER BY 1",
      ),
    ).toEqual([
      ['1969-12-31 23:55:00', '1970-01-01 00:00:00', '1', '50'],
      ['2024-05-01 10:00:00', '2024-05-01 10:05:00', '3', '60'],
    ]);
  });
});

describe('HOP', () => {
  it('puts each row in size / slide overlapping windows, earliest first', async () => {
    expect(
      await rows(
        "SELECT id, window_start, window_end FROM HOP(bids, bid_time, INTERVAL '1 minute', INTERVAL '3 minutes') ORDER BY id, window_start",
      ),
    ).toEqual([
      ['1', '2024-05-01 09:59:00', '2024-05-01 10:02:00'],
      ['1', '2024-05-01 10:00:00', '2024-05-01 10:03:00'],
      ['1', '2024-05-01 10:01:00', '2024-05-01 10:04:00'],
      ['2', '2024-05-01 10:01:00', '2024-05-01 10:04:00'],
      ['2', '2024-05-01 10:02:00', '2024-05-01 10:05:00'],
      ['2', '2024-05-01 10:03:00', '2024-05-01 10:06:00'],
      ['3', '2024-05-01 10:02:00', '2024-05-01 10:05:00'],
      ['3', '2024-05-01 10:03:00', '2024-05-01 10:06:00'],
      ['3', '2024-05-01 10:04:00', '2024-05-01 10:07:00'],
      ['5', '1969-12-31 23:56:00', '1969-12-31 23:59:00'],
      ['5', '1969-12-31 23:57:00', '1970-01-01 00:00:00'],
      ['5', '1969-12-31 23:58:00', '1970-01-01 00:01:00'],
    ]);
  });

  it('aligns the window starts to the slide plus the offset', async () => {
    expect(
      await rows(
        "SELECT id, window_start, window_end FROM HOP(bids, bid_time, INTERVAL '2 minutes', INTERVAL '4 minutes', INTERVAL '30 seconds') WHERE id <= 2 ORDER BY id, window_start",
      ),
    ).toEqual([
      ['1', '2024-05-01 09:58:30', '2024-05-01 10:02:30'],
      ['1', '2024-05-01 10:00:30', '2024-05-01 10:04:30'],
      ['2', '2024-05-01 10:00:30', '2024-05-01 10:04:30'],
      ['2', '2024-05-01 10:02:30', '2024-05-01 10:06:30'],
    ]);
  });

  it('aggregates per sliding window', async () => {
    expect(
      await rows(
        "SELECT window_start, count(*), sum(price) FROM HOP(bids, bid_time, INTERVAL '1 minute', INTERVAL '3 minutes') WHERE id <= 3 GROUP BY window_start ORDER BY 1",
      ),
    ).toEqual([
      ['2024-05-01 09:59:00', '1', '10'],
      ['2024-05-01 10:00:00', '1', '10'],
      ['2024-05-01 10:01:00', '2', '30'],
      ['2024-05-01 10:02:00', '2', '50'],
      ['2024-05-01 10:03:00', '2', '50'],
      ['2024-05-01 10:04:00', '1', '30'],
    ]);
  });

  it('with slide = size is TUMBLE', async () => {
    expect(
      await rows(
        "SELECT id, window_start FROM HOP(bids, bid_time, '2 minutes', '2 minutes') EXCEPT ALL SELECT id, window_start FROM TUMBLE(bids, bid_time, '2 minutes')",
      ),
    ).toEqual([]);
    expect(
      await rows("SELECT count(*) FROM HOP(bids, bid_time, '2 minutes', '2 minutes')"),
    ).toEqual([['4']]);
  });
});

describe('against date_bin and the definition, over generated times', () => {
  beforeAll(async () => {
    await c.query('CREATE TABLE ev (id int, ts timestamp)');
    // Times spread over ±40 years around the epoch, at odd microseconds.
    await c.query(
      "INSERT INTO ev SELECT i, timestamp '1970-01-01' + (i * 7919 - 2000000) * interval '10 minutes 0.000613 seconds' FROM generate_series(1, 500) i",
    );
  });

  it('TUMBLE starts where date_bin puts the time', async () => {
    for (const [size, offset, origin] of [
      ['7 minutes', '0 seconds', '1970-01-01 00:00:00'],
      ['1 day 3 hours', '-5 hours', '1969-12-31 19:00:00'],
      ['13 seconds', '2 seconds', '1970-01-01 00:00:02'],
    ]) {
      expect(
        await rows(
          `SELECT count(*), count(*) FILTER (WHERE window_start = date_bin('${size}', ts, timestamp '${origin}') AND window_end = window_start + interval '${size}') FROM TUMBLE(ev, ts, '${size}', '${offset}')`,
        ),
      ).toEqual([['500', '500']]);
    }
  });

  it('HOP gives each time size / slide distinct aligned windows containing it', async () => {
    expect(
      await rows(`SELECT count(*), count(DISTINCT (id, window_start)),
          count(*) FILTER (WHERE window_start <= ts AND ts < window_end
            AND window_end = window_start + interval '45 minutes'
            AND mod(extract(epoch FROM window_start - timestamp '1970-01-01 00:05:00'), 900) = 0)
        FROM HOP(ev, ts, '15 minutes', '45 minutes', '5 minutes')`),
    ).toEqual([['1500', '1500', '1500']]);
  });
});

describe('names and inputs', () => {
  it('resolves columns unqualified, qualified by the alias, or by the relation name', async () => {
    expect(
      await rows(
        "SELECT t.id, window_start, t.window_end FROM TUMBLE(bids, bid_time, INTERVAL '1 hour') AS t WHERE t.id = 1",
      ),
    ).toEqual([['1', '2024-05-01 10:00:00', '2024-05-01 11:00:00']]);
    expect(
      await rows(
        "SELECT bids.window_start FROM TUMBLE(public.bids, bids.bid_time, '1 hour') WHERE bids.id = 2",
      ),
    ).toEqual([['2024-05-01 10:00:00']]);
    expect(
      await rows(
        "SELECT w.i, w.ws FROM TUMBLE(bids, bid_time, '1 hour') AS w(i, p, b, z, dd, ws, we) WHERE w.i = 3",
      ),
    ).toEqual([['3', '2024-05-01 10:00:00']]);
    const e = await error("SELECT tumble.id FROM TUMBLE(bids, bid_time, '1 hour') AS t");
    expect(e.code).toBe('42P01');
  });

  it('joins with other FROM items', async () => {
    expect(
      await rows(
        "SELECT t.id, b.price, t.window_start FROM TUMBLE(bids, bid_time, INTERVAL '1 hour') AS t JOIN bids b ON b.id = t.id + 1 ORDER BY 1",
      ),
    ).toEqual([
      ['1', '20', '2024-05-01 10:00:00'],
      ['2', '30', '2024-05-01 10:00:00'],
      ['3', '40', '2024-05-01 10:00:00'],
    ]);
  });

  it('reads a CTE or a view, and a view may be defined over it', async () => {
    expect(
      await rows(
        "WITH late AS (SELECT id, bid_time + interval '1 hour' AS ts FROM bids WHERE id <= 2) SELECT id, window_start FROM TUMBLE(late, ts, '1 day') ORDER BY id",
      ),
    ).toEqual([
      ['1', '2024-05-01 00:00:00'],
      ['2', '2024-05-01 00:00:00'],
    ]);
    await c.query(
      "CREATE VIEW recent AS SELECT id, bid_time FROM bids WHERE bid_time > '2000-01-01'",
    );
    expect(
      await rows("SELECT id, window_start FROM TUMBLE(recent, bid_time, '2 minutes') ORDER BY id"),
    ).toEqual([
      ['1', '2024-05-01 10:00:00'],
      ['2', '2024-05-01 10:02:00'],
      ['3', '2024-05-01 10:04:00'],
    ]);
    await c.query(
      "CREATE VIEW per_window AS SELECT window_start, count(*) AS n FROM TUMBLE(bids, bid_time, '5 minutes') GROUP BY window_start",
    );
    await c.query("INSERT INTO bids VALUES (6, 60, '2024-05-01 10:05:00', NULL, NULL)");
    await c.query('DELETE FROM bids WHERE id = 5');
    try {
      expect(await rows('SELECT * FROM per_window ORDER BY 1')).toEqual([
        ['2024-05-01 10:00:00', '3'],
        ['2024-05-01 10:05:00', '1'],
      ]);
    } finally {
      await c.query('DELETE FROM bids WHERE id = 6');
      await c.query("INSERT INTO bids VALUES (5, 50, '1969-12-31 23:58:30', NULL, NULL)");
    }
  });

  it('takes the intervals as parameters of a prepared statement', async () => {
    const r = await c.query({
      text: 'SELECT id, window_start FROM TUMBLE(bids, bid_time, $1, $2) WHERE id = 1',
      values: ['1 hour', '30 minutes'],
      rowMode: 'array',
      types: raw,
    });
    expect(r.rows).toEqual([['1', '2024-05-01 09:30:00']]);
    await expect(
      c.query({ text: 'SELECT * FROM TUMBLE(bids, bid_time, $1)', values: ['-1 hour'] }),
    ).rejects.toMatchObject({ code: '22023' });
  });

  it('EXPLAIN shows a FlatMap over the relation', async () => {
    const plan = (
      await rows(
        "EXPLAIN SELECT window_start, count(*) FROM HOP(bids, bid_time, INTERVAL '1 minute', INTERVAL '5 minutes') GROUP BY window_start",
      )
    )
      .map((r) => r[0])
      .join('\n');
    expect(plan).toContain('FlatMap hop(#2, 00:01:00, 00:05:00)\n');
    expect(plan).toMatch(/FlatMap hop\(#2, 00:01:00, 00:05:00\)\n\s+Get bids/);
  });
});

describe('errors', () => {
  const cases: [string, string, RegExp][] = [
    ["TUMBLE(bids, bid_time, INTERVAL '0 minutes')", '22023', /window size must be greater/],
    ["TUMBLE(bids, bid_time, INTERVAL '-1 hour')", '22023', /window size must be greater/],
    ["HOP(bids, bid_time, INTERVAL '0 seconds', '1 hour')", '22023', /window slide must be/],
    ["HOP(bids, bid_time, '1 minute', '-3 minutes')", '22023', /window size must be greater/],
    ["HOP(bids, bid_time, '2 minutes', '3 minutes')", '22023', /not a multiple of the window/],
    ["TUMBLE(bids, bid_time, INTERVAL '1 month')", '0A000', /cannot contain months or years/],
    ["TUMBLE(bids, bid_time, '1 hour', '1 year')", '0A000', /offset cannot contain months/],
    ['TUMBLE(bids, bid_time, NULL)', '22004', /window size must not be null/],
    ["HOP(bids, bid_time, '1 microsecond', '1 day')", '54000', /86400000000 windows/],
    ["TUMBLE(bids, price, '1 minute')", '42804', /must be type timestamp.*not type integer/],
    ['TUMBLE(bids, bid_time, 5)', '42804', /window size must be type interval/],
    ["TUMBLE(nope, bid_time, '1 minute')", '42P01', /relation "nope" does not exist/],
    ["TUMBLE(bids, nope, '1 minute')", '42703', /column "nope" does not exist/],
    ["TUMBLE(bids, other.bid_time, '1 minute')", '42P01', /missing FROM-clause entry/],
    ['TUMBLE(bids, bid_time)', '42883', /function tumble with 2 arguments does not exist/],
    ["HOP(bids, bid_time, '1 minute')", '42883', /function hop with 3 arguments/],
    ["TUMBLE('bids', bid_time, '1 minute')", '42883', /first argument of TUMBLE must name/],
    ["TUMBLE(bids, bid_time + '1 hour', '1 hour')", '42883', /second argument of TUMBLE/],
    ["TUMBLE(bids, bid_time, price * interval '1 hour')", '0A000', /must be a constant/],
    ["TUMBLE(bids, bid_time, '1 hour') WITH ORDINALITY", '0A000', /WITH ORDINALITY/],
  ];
  for (const [call, code, message] of cases) {
    it(`${call}: ${code}`, async () => {
      const e = await error(`SELECT * FROM ${call}`);
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
    });
  }

  it('points at the offending argument', async () => {
    const e = await error("SELECT * FROM TUMBLE(bids, price, '1 minute')");
    expect(e.position).toBe('28');
  });

  it('refuses an input that already has window_start or window_end', async () => {
    await c.query(
      "CREATE VIEW windowed AS SELECT * FROM TUMBLE(bids, bid_time, '1 hour') WHERE id = 1",
    );
    const e = await error("SELECT * FROM TUMBLE(windowed, bid_time, '1 day')");
    expect(e.code).toBe('42701');
    expect(e.message).toMatch(/"window_start"/);
  });

  it('raises timestamp out of range (22008) for a window past the end of time', async () => {
    await c.query('CREATE TABLE edge (ts timestamp)');
    await c.query("INSERT INTO edge VALUES ('294276-12-31 12:00')");
    const e = await error("SELECT * FROM TUMBLE(edge, ts, '1 day')");
    expect(e.code).toBe('22008');
    expect(await rows("SELECT window_start FROM TUMBLE(edge, ts, '1 hour')")).toEqual([
      ['294276-12-31 12:00:00'],
    ]);
  });
});
