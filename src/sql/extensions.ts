// Eddy's own statements, which PostgreSQL's grammar does not have (Materialize's dialect):
//
//   SHOW [FULL] {MATERIALIZED VIEWS | VIEWS | TABLES | INDEXES} [{FROM | IN} schema]
//   SHOW INDEXES {ON | FROM | IN} relation
//   SHOW CREATE {MATERIALIZED VIEW | VIEW | TABLE | INDEX} name
//   CREATE DEFAULT INDEX [IF NOT EXISTS] ON name
//   CREATE OR REPLACE MATERIALIZED VIEW ...   (PostgreSQL's CREATE MATERIALIZED VIEW, replacing)
//
// Each becomes a syntax-tree node of its own (`EddyShow`, `EddyShowCreate`,
// `EddyCreateDefaultIndex`) or a PostgreSQL node with a marker (`replace: true` on the
// CreateTableAsStmt), so statement dispatch treats them like any other statement.
import type { Node } from './ast.js';

export type ShowWhat = 'materialized views' | 'views' | 'tables' | 'indexes';

export interface EddyShow {
  readonly what: ShowWhat;
  readonly schema?: string;
  /** SHOW INDEXES ON relation. */
  readonly on?: readonly string[];
}

export interface EddyShowCreate {
  readonly what: 'materialized view' | 'view' | 'table' | 'index';
  readonly name: readonly string[];
}

export interface EddyCreateDefaultIndex {
  readonly name: readonly string[];
  readonly ifNotExists: boolean;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const QNAME = String.raw`(${IDENT}(?:\s*\.\s*${IDENT}){0,2})`;

/** Splits a qualified name into its parts, unquoting or lower-casing each. */
export function splitName(text: string): string[] {
  const parts = text.match(new RegExp(IDENT, 'g')) ?? [];
  return parts.map((p) =>
    p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.toLowerCase(),
  );
}

function re(src: string): RegExp {
  return new RegExp(`^\\s*${src}\\s*;?\\s*$`, 'is');
}

const SHOW_LIST = re(
  String.raw`SHOW\s+(?:FULL\s+)?(MATERIALIZED\s+VIEWS|VIEWS|TABLES|INDEXES)(?:\s+(FROM|IN|ON)\s+${QNAME})?`,
);
const SHOW_CREATE = re(
  String.raw`SHOW\s+CREATE\s+(MATERIALIZED\s+VIEW|VIEW|TABLE|INDEX)\s+${QNAME}`,
);
const DEFAULT_INDEX = re(
  String.raw`CREATE\s+DEFAULT\s+INDEX\s+(IF\s+NOT\s+EXISTS\s+)?ON\s+${QNAME}(?:\s*\(\s*\))?`,
);
const OR_REPLACE_MV = /^(\s*CREATE\s+)OR\s+REPLACE\s+(MATERIALIZED\s+VIEW\b)/is;

/** Eddy's own statement in `text` (one statement), or null if it is none of them. */
export function parseExtension(text: string): Node | null {
  let m = SHOW_LIST.exec(text);
  if (m !== null) {
    const what = m[1]!.toLowerCase().replace(/\s+/g, ' ') as ShowWhat;
    const show: EddyShow =
      m[3] === undefined
        ? { what }
        : m[2]!.toUpperCase() === 'ON' || what === 'indexes'
          ? { what, on: splitName(m[3]) }
          : { what, schema: splitName(m[3]).at(-1)! };
    return { EddyShow: show } as unknown as Node;
  }
  m = SHOW_CREATE.exec(text);
  if (m !== null) {
    const what = m[1]!.toLowerCase().replace(/\s+/g, ' ') as EddyShowCreate['what'];
    return { EddyShowCreate: { what, name: splitName(m[2]!) } } as unknown as Node;
  }
  m = DEFAULT_INDEX.exec(text);
  if (m !== null) {
    const node: EddyCreateDefaultIndex = {
      name: splitName(m[2]!),
      ifNotExists: m[1] !== undefined,
    };
    return { EddyCreateDefaultIndex: node } as unknown as Node;
  }
  return null;
}

/**
 * `CREATE OR REPLACE MATERIALIZED VIEW ...` as the text PostgreSQL parses (without OR REPLACE,
 * padded so positions stay the same), or null for any other statement.
 */
export function withoutOrReplace(text: string): string | null {
  const m = OR_REPLACE_MV.exec(text);
  if (m === null) return null;
  const pad = ' '.repeat(m[0].length - m[1]!.length - m[2]!.length);
  return m[1]! + pad + m[2]! + text.slice(m[0].length);
}

/**
 * Splits a query string into statements at top-level semicolons (outside quotes, dollar quotes
 * and comments); each with its offset in the string. Empty statements are dropped.
 */
export function splitStatements(sql: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number): void => {
    const text = sql.slice(start, end);
    if (text.trim() !== '') out.push({ text, offset: start });
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const close = sql.indexOf(c, i + 1);
      i = close < 0 ? sql.length : close + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (c === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (tag === null) i++;
      else {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? sql.length : close + tag[0].length;
      }
    } else if (c === ';') {
      push(i);
      start = ++i;
    } else i++;
  }
  push(sql.length);
  return out;
}

/** PostgreSQL parses `SHOW TABLES` (and VIEWS, INDEXES) as SHOW of a setting: Eddy's SHOW. */
export function showListOf(ast: Node): Node | null {
  const show = (ast as { VariableShowStmt?: { name?: string } }).VariableShowStmt;
  const name = show?.name?.toLowerCase();
  if (name !== 'tables' && name !== 'views' && name !== 'indexes') return null;
  return { EddyShow: { what: name } satisfies EddyShow } as unknown as Node;
}
