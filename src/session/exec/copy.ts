// COPY: table FROM STDIN (text, CSV, binary) and table / (query) TO STDOUT. Files and programs on the
// server are not supported (the server should not read the client's paths).
import type { CopyStmt, DefElem, SelectStmt } from '@pgsql/types';
import { EddyError, featureNotSupported, syntaxError } from '../../errors/index.js';
import type { Row } from '../../repr/index.js';
import { parseText, formatText } from '../../repr/io/text.js';
import { names, tagOf, type Node } from '../../sql/ast.js';
import type { Binder } from '../../sql/binder.js';
import { bindQuery } from '../../sql/bind-select.js';
import type { StatementResult } from '../api.js';
import type { EddySession } from '../session.js';
import { completeRows, resolveTable, writeInserts } from './dml.js';
import {
  defaultOptions,
  formatRow,
  parseCsvRows,
  parseTextRows,
  type CopyOptions,
} from './copy-format.js';
import { runQuery } from './query.js';
import { binaryHeader, binaryRow, binaryTrailer, parseBinaryRows } from './copy-binary.js';

function options(list: readonly Node[] | undefined): CopyOptions {
  let format: CopyOptions['format'] = 'text';
  const raw = new Map<string, string | boolean>();
  for (const n of list ?? []) {
    const d = tagOf(n)[1] as DefElem;
    const name = (d.defname ?? '').toLowerCase();
    let value: string | boolean = true;
    if (d.arg !== undefined) {
      const [tag, body] = tagOf(d.arg);
      if (tag === 'String') value = String(body.sval ?? '');
      else if (tag === 'Boolean') value = body.boolval === true;
      else if (tag === 'Integer') value = String(body.ival ?? 0);
      else if (tag === 'List') value = names(body.items as Node[]).join(',');
    }
    if (name === 'format') {
      const f = String(value).toLowerCase();
      if (f !== 'text' && f !== 'csv' && f !== 'binary')
        throw new EddyError('22023', `COPY format "${f}" not recognized`);
      format = f;
    } else raw.set(name, value);
  }
  const base = defaultOptions(format);
  const str = (k: string, d: string): string => {
    const v = raw.get(k);
    return v === undefined ? d : String(v);
  };
  const headerRaw = raw.get('header');
  const header =
    headerRaw === undefined
      ? false
      : headerRaw === true ||
        ['true', 'on', '1', 'match'].includes(String(headerRaw).toLowerCase());
  if (header && format === 'text') throw featureNotSupported('cannot specify HEADER in TEXT mode');
  if (format === 'binary') {
    for (const name of ['delimiter', 'null', 'header', 'quote', 'escape']) {
      if (raw.has(name)) throw syntaxError(`cannot specify ${name.toUpperCase()} in BINARY mode`);
    }
  }
  const o: CopyOptions = {
    format,
    delimiter: str('delimiter', base.delimiter),
    null: str('null', base.null),
    header,
    quote: str('quote', base.quote),
    escape: str('escape', str('quote', base.escape)),
  };
  if (o.delimiter.length !== 1)
    throw featureNotSupported('COPY delimiter must be a single one-byte character');
  return o;
}

export function executeCopy(
  s: EddySession,
  binder: Binder,
  c: CopyStmt,
  signal: AbortSignal,
): StatementResult | Promise<StatementResult> {
  if (c.filename !== undefined || c.is_program === true) {
    throw new EddyError('42501', 'COPY to or from a file or program is not supported', {
      hint: "Use COPY ... FROM STDIN / TO STDOUT, for example psql's \\copy.",
    });
  }
  if (c.whereClause !== undefined)
    throw featureNotSupported('COPY FROM ... WHERE is not supported');
  const o = options(c.options);
  return c.is_from === true ? copyFrom(s, binder, c, o, signal) : copyTo(s, binder, c, o, signal);
}

function copyFrom(
  s: EddySession,
  binder: Binder,
  c: CopyStmt,
  o: CopyOptions,
  signal: AbortSignal,
): StatementResult {
  const table = resolveTable(s, binder, c.relation!, 'copy to');
  const cols = names(c.attlist);
  const targets =
    cols.length === 0
      ? table.columns.map((_, i) => i)
      : cols.map((n) => {
          const i = table.columns.findIndex((x) => x.name === n);
          if (i < 0)
            throw new EddyError(
              '42703',
              `column "${n}" of relation "${table.name}" does not exist`,
            );
          return i;
        });
  const chunks: Buffer[] = [];
  let aborted = false;
  const binary = o.format === 'binary' ? 1 : 0;
  return {
    kind: 'copyIn',
    format: binary,
    columnFormats: targets.map(() => binary),
    write: (chunk) => {
      chunks.push(Buffer.from(chunk));
    },
    abort: () => {
      aborted = true;
      chunks.length = 0;
    },
    end: async () => {
      if (aborted) throw new EddyError('57014', 'COPY was aborted');
      if (o.format === 'binary') {
        const types = targets.map((t) => table.columns[t]!.type);
        const where = (line: number, j?: number): string =>
          `COPY ${table.name}, line ${line}` +
          (j === undefined ? '' : `, column ${table.columns[targets[j]!]!.name}`);
        const rows = parseBinaryRows(Buffer.concat(chunks), types, where);
        return insertRows(s, binder, table, targets, rows, signal);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const fields = o.format === 'csv' ? parseCsvRows(text, o) : parseTextRows(text, o);
      const io = s.settings.io();
      const rows: Row[] = fields.map((f, line) => {
        if (f.length !== targets.length) {
          throw new EddyError(
            '22P04',
            f.length < targets.length
              ? `missing data for column "${table.columns[targets[f.length]!]!.name}"`
              : 'extra data after last expected column',
            {
              detail: `COPY ${table.name}, line ${line + 1 + (o.header ? 1 : 0)}`,
            },
          );
        }
        return f.map((v, j) => {
          const col = table.columns[targets[j]!]!;
          if (v === null) return null;
          try {
            return parseText(v, col.type, io);
          } catch (e) {
            if (e instanceof EddyError) {
              throw new EddyError(e.code, e.message, {
                detail: `COPY ${table.name}, line ${line + 1 + (o.header ? 1 : 0)}, column ${col.name}: "${v}"`,
              });
            }
            throw e;
          }
        });
      });
      return insertRows(s, binder, table, targets, rows, signal);
    },
  };
}

/** Inserts the copied rows (defaults filled in); resolves to the command tag. */
function insertRows(
  s: EddySession,
  binder: Binder,
  table: ReturnType<typeof resolveTable>,
  targets: readonly number[],
  rows: Row[],
  signal: AbortSignal,
): Promise<string> {
  return completeRows(s, binder, table, targets, rows, signal).then(
    (full) => `COPY ${writeInserts(s, table, full, { kind: 'error' }).length}`,
    (e: unknown) => {
      s.noteError();
      throw e;
    },
  );
}

async function copyTo(
  s: EddySession,
  binder: Binder,
  c: CopyStmt,
  o: CopyOptions,
  signal: AbortSignal,
): Promise<StatementResult> {
  let select: SelectStmt;
  if (c.query !== undefined) {
    const [tag, body] = tagOf(c.query);
    if (tag !== 'SelectStmt') throw featureNotSupported('COPY (statement) TO supports only SELECT');
    select = body as SelectStmt;
  } else {
    const rv = c.relation!;
    const cols = names(c.attlist);
    const sql = `SELECT ${cols.length === 0 ? '*' : cols.map((x) => `"${x.replaceAll('"', '""')}"`).join(', ')} FROM ${rv.schemaname !== undefined ? `"${rv.schemaname}".` : ''}"${(rv.relname ?? '').replaceAll('"', '""')}"`;
    select = tagOf(parseSelect(sql))[1] as SelectStmt;
  }
  const q = bindQuery(binder, select, null);
  const snapshot = s.engine.snapshot();
  let rows: Row[];
  try {
    rows = await runQuery(q, s.execEnv(snapshot, signal));
  } finally {
    snapshot.release();
  }
  const io = s.settings.io();
  const types = q.columns.map((col) => col.type);
  let at = -1;
  let sent = 0;
  const binary = o.format === 'binary' ? 1 : 0;
  return {
    kind: 'copyOut',
    format: binary,
    columnFormats: types.map(() => binary),
    next: () => {
      if (binary === 1) {
        if (at > rows.length) return Promise.resolve(null);
        // The header goes with the first row, the trailer after the last.
        const head = at === -1 ? [binaryHeader()] : [];
        if (at === -1) at = 0;
        if (at === rows.length) {
          at++;
          return Promise.resolve(Buffer.concat([...head, binaryTrailer()]));
        }
        sent++;
        return Promise.resolve(Buffer.concat([...head, binaryRow(rows[at++]!, types)]));
      }
      if (at === -1) {
        at = 0;
        if (o.header)
          return Promise.resolve(
            Buffer.from(
              formatRow(
                q.columns.map((col) => col.name),
                o,
              ),
            ),
          );
      }
      if (at >= rows.length) return Promise.resolve(null);
      const row = rows[at++]!;
      sent++;
      return Promise.resolve(
        Buffer.from(
          formatRow(
            row.map((d, i) => (d === null ? null : formatText(d, types[i]!, io))),
            o,
          ),
        ),
      );
    },
    tag: () => `COPY ${sent}`,
    close: () => {
      at = rows.length + 1;
    },
  };
}

import { parseStatements } from '../../sql/parser.js';
function parseSelect(sql: string): Node {
  const st = parseStatements(sql)[0];
  if (st === undefined) throw syntaxError('invalid COPY');
  return st.ast;
}
