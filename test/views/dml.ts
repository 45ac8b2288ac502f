// Seeded DML for the materialized-view differential test: the tables (t1..t4 of the one-shot
// oracle's generator, so its random queries apply), their initial rows, and batches of INSERT /
// UPDATE / DELETE. Value domains are small so joins and groups collide, with NULLs and duplicate
// rows; UPDATEs move rows between groups; DELETEs remove a group's current MIN/MAX, its last
// member, or a whole table. The rare int value 6 makes the error views fail (`10 / (b - 6)`,
// `b * 400000000`) until it is updated or deleted away.
import { Rng, TABLES, type Table } from '../oracle/generator.js';

/** One write step: a single autocommit statement, or BEGIN; stmts; COMMIT (or ROLLBACK). */
export interface Batch {
  readonly stmts: readonly string[];
  readonly txn: 'none' | 'commit' | 'rollback';
}

/** What a case writes: rows inserted before any view exists, then batches. */
export interface Script {
  readonly initial: readonly string[];
  readonly batches: readonly Batch[];
}

type ColType = Table['cols'][number]['type'];

const TEXTS = ['a', 'b', 'ab', 'B', '', "O'Neil", 'x y'];
const NUMERICS = ['0', '1.5', '2.25', '-3.1', '10', '0.5'];
/** The int value that makes error views fail. */
export const RARE = 6;

export function createTables(): string[] {
  return TABLES.map((t) => {
    const pk = t.primaryKey === undefined ? '' : `, PRIMARY KEY (${t.primaryKey})`;
    return `CREATE TABLE ${t.name} (${t.cols.map((c) => `${c.name} ${c.type}`).join(', ')}${pk})`;
  });
}

function value(rng: Rng, type: ColType): string {
  if (rng.chance(0.1)) return 'NULL';
  switch (type) {
    case 'int':
      return rng.chance(0.12) ? String(RARE) : String(rng.int(0, 5));
    case 'text':
      return `'${rng.pick(TEXTS).replaceAll("'", "''")}'`;
    case 'numeric':
      return rng.pick(NUMERICS);
    case 'bool':
      return rng.pick(['true', 'false']);
  }
}

const keyOf = (t: Table): string | undefined => t.primaryKey;

export class DmlGen {
  /** Rows generated so far per table, reused to make duplicates. */
  private readonly seen = new Map<string, string[]>();

  constructor(private readonly rng: Rng) {}

  private row(t: Table): string {
    const prev = this.seen.get(t.name) ?? [];
    if (prev.length > 0 && keyOf(t) === undefined && this.rng.chance(0.25))
      return this.rng.pick(prev);
    const vals = t.cols.map((c) =>
      c.name === keyOf(t) ? String(this.rng.int(0, 7)) : value(this.rng, c.type),
    );
    const row = `(${vals.join(', ')})`;
    prev.push(row);
    this.seen.set(t.name, prev.slice(-12));
    return row;
  }

  insert(t: Table): string {
    const n = this.rng.int(1, 3);
    if (keyOf(t) === undefined)
      return `INSERT INTO ${t.name} VALUES ${Array.from({ length: n }, () => this.row(t)).join(', ')}`;
    // Distinct keys within the statement (ON CONFLICT DO UPDATE refuses to touch a row twice).
    const rows = new Map<string, string>();
    for (let i = 0; i < n; i++) {
      const r = this.row(t);
      rows.set(/^\((-?\d+)/.exec(r)?.[1] ?? r, r);
    }
    const conflict = this.rng.pick([
      '',
      ` ON CONFLICT (${keyOf(t)}) DO NOTHING`,
      ` ON CONFLICT (${keyOf(t)}) DO UPDATE SET ${t.cols[1]!.name} = excluded.${t.cols[1]!.name}`,
      ` ON CONFLICT (${keyOf(t)}) DO UPDATE SET ${t.cols[1]!.name} = excluded.${t.cols[1]!.name}`,
    ]);
    return `INSERT INTO ${t.name} VALUES ${[...rows.values()].join(', ')}${conflict}`;
  }

  private where(t: Table): string {
    const c = this.rng.pick(t.cols);
    const v = c.name === keyOf(t) ? String(this.rng.int(0, 7)) : value(this.rng, c.type);
    const base = v === 'NULL' ? `${c.name} IS NULL` : `${c.name} = ${v}`;
    if (!this.rng.chance(0.3)) return base;
    const d = this.rng.pick(t.cols);
    return `${base} ${this.rng.pick(['AND', 'OR'])} ${d.name} IS ${this.rng.pick(['', 'NOT '])}NULL`;
  }

  update(t: Table): string {
    const ints = t.cols.filter((c) => c.type === 'int' && c.name !== keyOf(t));
    const target = this.rng.pick(t.cols);
    const choice = this.rng.int(0, 5);
    if (choice === 0 && ints.length > 0) {
      const c = this.rng.pick(ints);
      return `UPDATE ${t.name} SET ${c.name} = ${c.name} + ${this.rng.pick(['1', '-1', '2'])} WHERE ${this.where(t)}`;
    }
    if (choice === 1 && ints.length > 0) {
      // Take rows away from the rare value (lets failing error views recover) or towards it.
      const c = this.rng.pick(ints);
      return this.rng.chance(0.5)
        ? `UPDATE ${t.name} SET ${c.name} = ${this.rng.int(0, 5)} WHERE ${c.name} >= ${RARE}`
        : `UPDATE ${t.name} SET ${c.name} = ${RARE} WHERE ${this.where(t)}`;
    }
    if (choice === 2) {
      const a = this.rng.pick(t.cols.filter((c) => c.name !== keyOf(t)));
      const b = this.rng.pick(t.cols.filter((c) => c.name !== keyOf(t)));
      const second = a === b ? '' : `, ${b.name} = ${value(this.rng, b.type)}`;
      return `UPDATE ${t.name} SET ${a.name} = ${value(this.rng, a.type)}${second} WHERE ${this.where(t)}`;
    }
    // Move rows between groups: change a (possibly key) column of the rows of one group.
    const v = target.name === keyOf(t) ? String(this.rng.int(0, 7)) : value(this.rng, target.type);
    return `UPDATE ${t.name} SET ${target.name} = ${v} WHERE ${this.where(t)}`;
  }

  delete(t: Table): string {
    const cols = t.cols;
    const g = this.rng.pick(cols);
    const ord = cols.filter((c) => c.type !== 'bool' && c !== g);
    switch (this.rng.int(0, 7)) {
      case 0:
      case 1: {
        // The current MIN or MAX of one group (or of the table).
        const m = ord.length > 0 ? this.rng.pick(ord) : g;
        const fn = this.rng.pick(['min', 'max']);
        if (m === g)
          return `DELETE FROM ${t.name} WHERE ${m.name} = (SELECT ${fn}(${m.name}) FROM ${t.name})`;
        const gv = value(this.rng, g.type);
        const inGroup = gv === 'NULL' ? `${g.name} IS NULL` : `${g.name} = ${gv}`;
        return `DELETE FROM ${t.name} WHERE ${inGroup} AND ${m.name} = (SELECT ${fn}(${m.name}) FROM ${t.name} WHERE ${inGroup})`;
      }
      case 2:
        // The MIN/MAX of every group at once.
        if (ord.length === 0) return `DELETE FROM ${t.name} WHERE ${this.where(t)}`;
        return `DELETE FROM ${t.name} WHERE (${g.name}, ${ord[0]!.name}) IN (SELECT ${g.name}, ${this.rng.pick(['min', 'max'])}(${ord[0]!.name}) FROM ${t.name} GROUP BY ${g.name})`;
      case 3:
        // The last member of a group.
        return `DELETE FROM ${t.name} WHERE ${g.name} = (SELECT ${g.name} FROM ${t.name} GROUP BY ${g.name} HAVING count(*) = 1 ORDER BY ${g.name} ${this.rng.pick(['ASC', 'DESC'])} LIMIT 1)`;
      case 4: {
        const ints = cols.filter((c) => c.type === 'int');
        if (ints.length === 0 || this.rng.chance(0.3)) return `DELETE FROM ${t.name}`;
        return `DELETE FROM ${t.name} WHERE ${this.rng.pick(ints).name} >= ${RARE}`;
      }
      default:
        return `DELETE FROM ${t.name} WHERE ${this.where(t)}`;
    }
  }

  /** Removes the rare value from a table (deletes or updates it away): error views recover. */
  cleanup(): string {
    const t = this.rng.pick(TABLES.filter((x) => x.primaryKey === undefined));
    const c = this.rng.pick(t.cols.filter((x) => x.type === 'int'));
    return this.rng.chance(0.5)
      ? `DELETE FROM ${t.name} WHERE ${c.name} >= ${RARE}`
      : `UPDATE ${t.name} SET ${c.name} = ${this.rng.int(0, 5)} WHERE ${c.name} >= ${RARE}`;
  }

  statement(): string {
    const t = this.rng.pick(TABLES);
    const p = this.rng.next();
    if (p < 0.07) return this.cleanup();
    return p < 0.47 ? this.insert(t) : p < 0.77 ? this.update(t) : this.delete(t);
  }

  batch(): Batch {
    if (this.rng.chance(0.55)) return { stmts: [this.statement()], txn: 'none' };
    const n = this.rng.chance(0.3) ? this.rng.int(8, 20) : this.rng.int(1, 7);
    return {
      stmts: Array.from({ length: n }, () => this.statement()),
      txn: this.rng.chance(0.08) ? 'rollback' : 'commit',
    };
  }

  initial(): string[] {
    if (this.rng.chance(0.2)) return [];
    return TABLES.flatMap((t) => Array.from({ length: this.rng.int(0, 4) }, () => this.insert(t)));
  }
}

export function makeScript(rng: Rng, batches: number): Script {
  const gen = new DmlGen(rng);
  return { initial: gen.initial(), batches: Array.from({ length: batches }, () => gen.batch()) };
}

/** A batch as one line of SQL. */
export function batchSql(b: Batch): string {
  if (b.txn === 'none') return `${b.stmts.join('; ')};`;
  return `BEGIN; ${b.stmts.join('; ')}; ${b.txn === 'commit' ? 'COMMIT' : 'ROLLBACK'};`;
}
