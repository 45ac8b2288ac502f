// Parsing with the real PostgreSQL grammar (libpg-query, PostgreSQL's parser compiled to WASM).
// A query string becomes a list of statements, each with its own text; positions in the AST are
// 0-based offsets into the whole string, and errors carry PostgreSQL's 1-based position.
import { loadModule, parseSync } from 'libpg-query';
import { Deparser } from 'pgsql-deparser';
import { EddyError, syntaxError } from '../errors/index.js';
import type { Node } from './ast.js';
import {
  materializedViewExtras,
  parseExtension,
  showListOf,
  splitStatements,
} from './extensions.js';
import { fastInsert } from './fast-insert.js';
import { parseStreaming } from './streaming-ddl.js';

let loaded: Promise<void> | null = null;

/** Loads the WASM parser once; call (and await) before parsing. */
export function initParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

export interface ParsedStatement {
  readonly ast: Node;
  /** The statement's own text (without the separating semicolon). */
  readonly text: string;
  /** Offset of the statement in the whole query string. */
  readonly offset: number;
}

interface RawStmt {
  readonly stmt?: Node;
  readonly stmt_location?: number;
  readonly stmt_len?: number;
}

/** Parses a query string into statements; throws 42601 with a position on a syntax error. */
export function parseStatements(sql: string): ParsedStatement[] {
  const inserts = fastInsert(sql);
  if (inserts !== null) return inserts;
  try {
    return parsePg(sql).map((s) => {
      const ext = showListOf(s.ast);
      return ext === null ? s : { ...s, ast: ext };
    });
  } catch (e) {
    // Not PostgreSQL's grammar as a whole: one statement at a time, with Eddy's own statements.
    const pieces = splitStatements(sql);
    if (
      pieces.length <= 1 &&
      parseStreaming(sql) === null &&
      parseExtension(sql) === null &&
      materializedViewExtras(sql) === null
    )
      throw e;
    return pieces.flatMap((p) => parsePiece(p.text, p.offset, sql));
  }
}

/** PostgreSQL's grammar only (libpg-query, no fast path). */
export function parsePg(sql: string): ParsedStatement[] {
  let result: { stmts?: RawStmt[] };
  try {
    result = parseSync(sql) as { stmts?: RawStmt[] };
  } catch (e) {
    throw toSyntaxError(e, sql);
  }
  const out: ParsedStatement[] = [];
  for (const raw of result.stmts ?? []) {
    if (raw.stmt === undefined) continue;
    const start = raw.stmt_location ?? 0;
    // The last statement may run to the end (no length).
    const end = raw.stmt_len === undefined || raw.stmt_len === 0 ? undefined : start + raw.stmt_len;
    // libpg-query counts bytes; convert the UTF-8 byte offsets to string offsets.
    const text = byteSlice(sql, start, end).trim();
    out.push({ ast: raw.stmt, text, offset: start });
  }
  return out;
}

/** One statement of a larger string: an Eddy statement, or PostgreSQL's (errors located in sql). */
function parsePiece(text: string, offset: number, sql: string): ParsedStatement[] {
  const streaming = located(() => parseStreaming(text), offset, sql);
  if (streaming !== null)
    return [{ ast: { EddyStreaming: streaming } as unknown as Node, text: text.trim(), offset }];
  const ext = parseExtension(text);
  if (ext !== null) return [{ ast: ext, text: text.trim(), offset }];
  const extras = materializedViewExtras(text);
  const stmts = located(() => parsePg(extras?.text ?? text), offset, sql);
  return stmts.map((s) => {
    if (extras !== null) {
      const body = (s.ast as { CreateTableAsStmt?: Record<string, unknown> }).CreateTableAsStmt;
      if (body !== undefined) {
        body.replace = extras.replace;
        if (extras.retainHistoryMs !== undefined) body.retainHistoryMs = extras.retainHistoryMs;
      }
    }
    return {
      ast: s.ast,
      text: extras === null ? s.text : text.trim(),
      offset: offset + s.offset,
    };
  });
}

/** Runs `parse` on the piece of `sql` at `offset`, moving error positions into `sql`. */
function located<T>(parse: () => T, offset: number, sql: string): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof EddyError && e.position !== undefined) {
      const before = [...sql.slice(0, offset)].length;
      throw new EddyError(e.code, e.message, {
        detail: e.detail,
        hint: e.hint,
        position: e.position + before,
        severity: e.severity,
      });
    }
    throw e;
  }
}

function byteSlice(s: string, start: number, end: number | undefined): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s.slice(start, end);
  return Buffer.from(s, 'utf8').subarray(start, end).toString('utf8');
}

function toSyntaxError(e: unknown, sql: string): EddyError {
  const err = e as { message?: string; sqlDetails?: { message?: string; cursorPosition?: number } };
  const message = err.sqlDetails?.message ?? err.message ?? 'syntax error';
  const cursor = err.sqlDetails?.cursorPosition;
  let position: number | undefined;
  if (typeof cursor === 'number' && cursor >= 0) {
    // cursorPosition is a 0-based byte offset; PostgreSQL reports a 1-based character position.
    position = Buffer.from(sql, 'utf8').subarray(0, cursor).toString('utf8').length + 1;
  }
  if (
    /^unterminated|^syntax error|^zero-length|^trailing junk|^invalid|^unsafe use/.test(message)
  ) {
    return syntaxError(message, { position });
  }
  return syntaxError(message, { position });
}

/** SQL text of a statement or expression node (for view definitions and column defaults). */
export function deparse(node: Node): string {
  return new EddyDeparser(node as never, { pretty: false }).deparseQuery();
}

type SelectNode = Parameters<Deparser['SelectStmt']>[0];
type DeparseContext = Parameters<Deparser['SelectStmt']>[1];

/** pgsql-deparser, and FETCH FIRST ... WITH TIES, which it writes as a plain LIMIT. */
class EddyDeparser extends Deparser {
  override SelectStmt(node: SelectNode, context: DeparseContext): string {
    if (node.limitOption !== 'LIMIT_OPTION_WITH_TIES' || node.limitCount === undefined)
      return super.SelectStmt(node, context);
    const { limitCount, limitOffset, ...rest } = node;
    const base = super.SelectStmt({ ...rest, limitOption: 'LIMIT_OPTION_DEFAULT' }, context);
    const offset =
      limitOffset === undefined ? '' : ` OFFSET (${this.visit(limitOffset, context)}) ROWS`;
    return `${base}${offset} FETCH FIRST (${this.visit(limitCount, context)}) ROWS WITH TIES`;
  }
}
