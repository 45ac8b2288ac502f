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
import { featureNotSupported, syntaxError } from '../errors/index.js';
import type { Node } from './ast.js';
import type { ShowStreaming } from './streaming-ast.js';

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

/**
 * SUBSCRIBE [TO] name | (query) [WITH (SNAPSHOT [= bool], PROGRESS [= bool])] [UP TO n]
 * (Materialize's syntax). `query` is kept as text, parsed by the statement's executor.
 */
export interface EddySubscribe {
  readonly name?: readonly string[];
  readonly query?: string;
  readonly snapshot: boolean;
  readonly progress: boolean;
  readonly upTo?: number;
  /** AS OF [AT LEAST] n: start at this past tick (within the view's retained history). */
  readonly asOf?: number;
  /** ENVELOPE UPSERT (KEY (cols)): the key columns. */
  readonly upsertKey?: readonly string[];
  /** WITHIN TIMESTAMP ORDER BY: output columns (mz_diff included) with their direction. */
  readonly orderWithin?: readonly { readonly column: string; readonly desc: boolean }[];
}

/** COPY (SUBSCRIBE ...) TO STDOUT. */
export interface EddyCopySubscribe {
  readonly subscribe: EddySubscribe;
}

const SUBSCRIBE_HEAD = /^\s*SUBSCRIBE\b\s*(?:TO\b\s*)?/is;
const COPY_SUBSCRIBE = /^\s*COPY\s*\(\s*(SUBSCRIBE\b.*)\)\s*TO\s+STDOUT\b(.*?)\s*;?\s*$/is;

/** The text of a balanced parenthesized group starting at `open` (index of '('), or null. */
function balanced(text: string, open: number): string | null {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return null;
}

function parseSubscribe(text: string): EddySubscribe | null {
  const head = SUBSCRIBE_HEAD.exec(text);
  if (head === null) return null;
  let rest = text.slice(head[0].length);
  let target: Pick<EddySubscribe, 'name' | 'query'>;
  if (rest.startsWith('(')) {
    const inner = balanced(rest, 0);
    if (inner === null) throw syntaxError('unterminated subquery in SUBSCRIBE');
    target = { query: inner };
    rest = rest.slice(inner.length + 2);
  } else {
    const m = new RegExp(`^${QNAME}`, 's').exec(rest);
    if (m === null) throw syntaxError('SUBSCRIBE needs a relation name or a (query)');
    target = { name: splitName(m[1]!) };
    rest = rest.slice(m[0].length);
  }
  let snapshot = true;
  let progress = false;
  let upTo: number | undefined;
  let upsertKey: string[] | undefined;
  let asOf: number | undefined;
  let orderWithin: { column: string; desc: boolean }[] | undefined;
  rest = rest.trim().replace(/;\s*$/, '');
  while (rest !== '') {
    let m = /^WITH\s*\(([^)]*)\)\s*/is.exec(rest);
    if (m !== null) {
      for (const opt of m[1]!
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== '')) {
        const om = /^(SNAPSHOT|PROGRESS)(?:\s*=?\s*(true|false|on|off))?$/is.exec(opt);
        if (om === null) throw syntaxError(`unrecognized SUBSCRIBE option: ${opt}`);
        const v = om[2] === undefined || /^(true|on)$/i.test(om[2]);
        if (om[1]!.toUpperCase() === 'SNAPSHOT') snapshot = v;
        else progress = v;
      }
      rest = rest.slice(m[0].length);
      continue;
    }
    m = /^AS\s+OF\s+(?:AT\s+LEAST\s+)?(\d+)\s*/is.exec(rest);
    if (m !== null) {
      asOf = Number(m[1]);
      rest = rest.slice(m[0].length);
      continue;
    }
    m = /^UP\s+TO\s+(\d+)\s*/is.exec(rest);
    if (m !== null) {
      upTo = Number(m[1]);
      rest = rest.slice(m[0].length);
      continue;
    }
    m = new RegExp(String.raw`^ENVELOPE\s+UPSERT\s*\(\s*KEY\s*\(([^)]*)\)\s*\)\s*`, 'is').exec(
      rest,
    );
    if (m !== null) {
      upsertKey = m[1]!.split(',').map((k) => splitName(k.trim())[0] ?? '');
      if (upsertKey.some((k) => k === '')) throw syntaxError('invalid KEY in ENVELOPE UPSERT');
      rest = rest.slice(m[0].length);
      continue;
    }
    m = /^WITHIN\s+TIMESTAMP\s+ORDER\s+BY\s+(.*?)(?=\s+(?:WITH|UP\s+TO|ENVELOPE)\b|\s*$)\s*/is.exec(
      rest,
    );
    if (m !== null) {
      orderWithin = m[1]!.split(',').map((item) => {
        const im = new RegExp(`^\\s*(${IDENT})(?:\\s+(ASC|DESC))?\\s*$`, 'is').exec(item);
        if (im === null) throw syntaxError(`invalid ORDER BY item in SUBSCRIBE: ${item.trim()}`);
        return { column: splitName(im[1]!)[0]!, desc: /^desc$/i.test(im[2] ?? '') };
      });
      rest = rest.slice(m[0].length);
      continue;
    }
    const what = /^(ENVELOPE|WITHIN|AS\s+OF)\b/is.exec(rest);
    if (what !== null)
      throw featureNotSupported(`SUBSCRIBE ... ${what[1]!.toUpperCase()} is not supported yet`);
    throw syntaxError(`syntax error at or near "${rest.split(/\s+/)[0]}"`);
  }
  return {
    ...target,
    snapshot,
    progress,
    ...(upTo === undefined ? {} : { upTo }),
    ...(asOf === undefined ? {} : { asOf }),
    ...(upsertKey === undefined ? {} : { upsertKey }),
    ...(orderWithin === undefined ? {} : { orderWithin }),
  };
}

/** DECLARE name CURSOR FOR SUBSCRIBE ... */
export interface EddyDeclareSubscribe {
  readonly name: string;
  readonly subscribe: EddySubscribe;
}

/** FETCH [n | ALL] [FROM | IN] name WITH (timeout = 'interval') (Materialize). */
export interface EddyFetch {
  readonly name: string;
  /** null: ALL. */
  readonly count: number | null;
  readonly timeoutMs: number;
}

const DECLARE_SUBSCRIBE = new RegExp(
  String.raw`^\s*DECLARE\s+(${IDENT})\s+(?:NO\s+SCROLL\s+)?CURSOR\s+(?:WITHOUT\s+HOLD\s+)?FOR\s+(SUBSCRIBE\b.*)$`,
  'is',
);
const FETCH_WITH = new RegExp(
  String.raw`^\s*FETCH\s+(?:FORWARD\s+)?(?:(ALL|\d+)\s+)?(?:(?:FROM|IN)\s+)?(${IDENT})\s+WITH\s*\(\s*timeout\s*=?\s*'([^']*)'\s*\)\s*;?\s*$`,
  'is',
);

/** Milliseconds of a timeout like '1s', '500ms', '0', '2 minutes' (as Materialize reads them). */
function timeoutMs(text: string): number {
  const m =
    /^\s*(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|sec|seconds?|m|min|minutes?|h|hr|hours?|d|days?)?\s*$/i.exec(
      text,
    );
  if (m === null) throw syntaxError(`invalid timeout: "${text}"`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  if (unit.startsWith('ms') || unit.startsWith('milli')) return n;
  if (unit.startsWith('d')) return n * 86_400_000;
  if (unit.startsWith('h')) return n * 3_600_000;
  if (unit === 'm' || unit.startsWith('min')) return n * 60_000;
  return n * 1000;
}

/** Eddy's own statement in `text` (one statement), or null if it is none of them. */
export function parseExtension(text: string): Node | null {
  const declare = DECLARE_SUBSCRIBE.exec(text);
  if (declare !== null) {
    const sub = parseSubscribe(declare[2]!);
    if (sub !== null)
      return {
        EddyDeclareSubscribe: { name: splitName(declare[1]!)[0]!, subscribe: sub },
      } as unknown as Node;
  }
  const fetch = FETCH_WITH.exec(text);
  if (fetch !== null) {
    const f: EddyFetch = {
      name: splitName(fetch[2]!)[0]!,
      count: fetch[1] === undefined ? 1 : /^all$/i.test(fetch[1]) ? null : Number(fetch[1]),
      timeoutMs: timeoutMs(fetch[3]!),
    };
    return { EddyFetch: f } as unknown as Node;
  }
  const copy = COPY_SUBSCRIBE.exec(text);
  if (copy !== null) {
    if (
      copy[2]!.trim() !== '' &&
      !/^(WITH\s*)?\(\s*FORMAT\s+'?text'?\s*\)$/is.test(copy[2]!.trim())
    )
      throw featureNotSupported('COPY (SUBSCRIBE ...) TO STDOUT supports the text format only');
    const sub = parseSubscribe(copy[1]!);
    if (sub !== null) return { EddyCopySubscribe: { subscribe: sub } } as unknown as Node;
  }
  const sub = parseSubscribe(text);
  if (sub !== null) return { EddySubscribe: sub } as unknown as Node;
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

/** Materialize's options of CREATE MATERIALIZED VIEW that PostgreSQL's grammar lacks. */
export interface ViewExtras {
  /** The statement as PostgreSQL parses it (extras blanked out, positions kept). */
  readonly text: string;
  readonly replace: boolean;
  /** WITH (RETAIN HISTORY [=] FOR 'interval'), in milliseconds. */
  readonly retainHistoryMs?: number;
}

const RETAIN_HISTORY =
  /\bWITH\s*\(\s*RETAIN\s+HISTORY\s*=?\s*FOR\s*'([^']*)'\s*\)(?=\s*(?:\(|AS\b))/is;

/**
 * `CREATE [OR REPLACE] MATERIALIZED VIEW name [WITH (RETAIN HISTORY FOR '1h')] ...` without
 * what PostgreSQL's grammar refuses (padded with spaces so positions stay the same), or null
 * for statements without them.
 */
export function materializedViewExtras(text: string): ViewExtras | null {
  if (!/^\s*CREATE\s+(OR\s+REPLACE\s+)?MATERIALIZED\s+VIEW\b/is.test(text)) return null;
  let out = text;
  let replace = false;
  const m = OR_REPLACE_MV.exec(out);
  if (m !== null) {
    const pad = ' '.repeat(m[0].length - m[1]!.length - m[2]!.length);
    out = m[1]! + pad + m[2]! + out.slice(m[0].length);
    replace = true;
  }
  const r = RETAIN_HISTORY.exec(out);
  let retainHistoryMs: number | undefined;
  if (r !== null) {
    retainHistoryMs = timeoutMs(r[1]!);
    out = out.slice(0, r.index) + ' '.repeat(r[0].length) + out.slice(r.index + r[0].length);
  }
  if (!replace && retainHistoryMs === undefined) return null;
  return { text: out, replace, ...(retainHistoryMs === undefined ? {} : { retainHistoryMs }) };
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

/**
 * PostgreSQL parses `SHOW TABLES` (and VIEWS, INDEXES; SOURCES, SINKS, CONNECTIONS, SECRETS) as
 * SHOW of a setting: Eddy's SHOW (or the streaming DDL's).
 */
export function showListOf(ast: Node): Node | null {
  const show = (ast as { VariableShowStmt?: { name?: string } }).VariableShowStmt;
  const name = show?.name?.toLowerCase();
  if (name === 'sources' || name === 'sinks' || name === 'connections' || name === 'secrets')
    return {
      EddyStreaming: { kind: 'show', what: name } satisfies ShowStreaming,
    } as unknown as Node;
  if (name !== 'tables' && name !== 'views' && name !== 'indexes') return null;
  return { EddyShow: { what: name } satisfies EddyShow } as unknown as Node;
}
