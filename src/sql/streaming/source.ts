// CREATE SOURCE (Materialize's Kafka source), after `CREATE SOURCE`:
//
//   [IF NOT EXISTS] name [(col [type] [NOT NULL | NULL], ..., [PRIMARY KEY (a, ...) NOT ENFORCED])]
//   [IN CLUSTER c] FROM KAFKA CONNECTION conn (option, ...)
//   [FORMAT f | KEY FORMAT f VALUE FORMAT f]
//   [INCLUDE item, ...]  item := KEY | PARTITION | OFFSET | TIMESTAMP | HEADERS [AS name]
//                               | HEADER 'key' AS name [BYTES]
//   [ENVELOPE NONE | DEBEZIUM | UPSERT [(VALUE DECODING ERRORS = INLINE [AS name])]]
//   [EXPOSE PROGRESS AS name] [WITH (option, ...)]
//
// Column types are kept as written; other connectors (LOAD GENERATOR, POSTGRES, WEBHOOK, ...)
// raise 0A000.
import type { ColumnDef, CreateSource, Envelope, IncludeItem } from '../streaming-ast.js';
import type { Cursor } from './cursor.js';
import { formats } from './formats.js';
import { optionList, withOptions } from './options.js';
import type { Token } from './tokens.js';

const OTHER_CONNECTORS = new Map([
  ['LOAD', 'CREATE SOURCE ... FROM LOAD GENERATOR'],
  ['POSTGRES', 'CREATE SOURCE ... FROM POSTGRES'],
  ['MYSQL', 'CREATE SOURCE ... FROM MYSQL'],
  ['SQL', 'CREATE SOURCE ... FROM SQL SERVER'],
  ['WEBHOOK', 'CREATE SOURCE ... FROM WEBHOOK'],
  ['S3', 'CREATE SOURCE ... FROM S3'],
]);

export function createSource(c: Cursor): CreateSource {
  const ifNotExists = c.ifNotExists();
  const name = c.name();
  let columns: ColumnDef[] = [];
  let primaryKey: string[] | undefined;
  if (c.isPunct('(')) [columns, primaryKey] = columnDefs(c);
  const cluster = c.acceptKeywords('IN', 'CLUSTER') ? c.ident() : undefined;
  c.expectKeywords('FROM');
  const t = c.peek();
  const other =
    t.kind === 'ident' && !t.quoted ? OTHER_CONNECTORS.get(t.value.toUpperCase()) : undefined;
  if (other !== undefined) throw c.unsupported(other);
  c.expectKeywords('KAFKA', 'CONNECTION');
  const connection = c.name();
  const options = optionList(c);
  const { keyFormat, valueFormat } = formats(c);
  const include = c.acceptKeywords('INCLUDE') ? includeItems(c) : [];
  let envelope: Envelope = 'none';
  let inlineErrors: string | undefined;
  if (c.acceptKeywords('ENVELOPE')) {
    if (c.acceptKeywords('NONE')) envelope = 'none';
    else if (c.acceptKeywords('DEBEZIUM')) envelope = 'debezium';
    else if (c.acceptKeywords('UPSERT')) {
      envelope = 'upsert';
      if (c.isPunct('(')) inlineErrors = upsertErrors(c);
    } else if (c.isKeyword('MATERIALIZE')) throw c.unsupported('ENVELOPE MATERIALIZE');
    else throw c.error();
  }
  let progress: string[] | undefined;
  if (c.acceptKeywords('EXPOSE')) {
    c.expectKeywords('PROGRESS', 'AS');
    progress = c.name();
  }
  const withOpts = withOptions(c);
  c.end();
  return {
    kind: 'create-source',
    name,
    ifNotExists,
    ...(cluster === undefined ? {} : { cluster }),
    columns,
    ...(primaryKey === undefined ? {} : { primaryKey }),
    connector: 'kafka',
    connection,
    options,
    keyFormat,
    valueFormat,
    include,
    envelope,
    ...(inlineErrors === undefined ? {} : { inlineErrors }),
    ...(progress === undefined ? {} : { progress }),
    with: withOpts,
  };
}

/** Keywords that end a column's type (its constraints). */
const CONSTRAINTS = new Set([
  'NOT',
  'NULL',
  'DEFAULT',
  'PRIMARY',
  'UNIQUE',
  'CHECK',
  'REFERENCES',
  'CONSTRAINT',
  'COLLATE',
  'GENERATED',
]);

function columnDefs(c: Cursor): [ColumnDef[], string[] | undefined] {
  c.expectPunct('(');
  const columns: ColumnDef[] = [];
  let primaryKey: string[] | undefined;
  do {
    if (c.acceptKeywords('PRIMARY', 'KEY')) {
      if (primaryKey !== undefined) throw c.unsupported('more than one PRIMARY KEY');
      primaryKey = c.identList();
      c.expectKeywords('NOT', 'ENFORCED');
      continue;
    }
    const nameToken = c.peek();
    const name = c.ident();
    const type = columnType(c);
    let notNull = false;
    if (c.acceptKeywords('NOT', 'NULL')) notNull = true;
    else c.acceptKeywords('NULL');
    const t = c.peek();
    if (t.kind === 'ident' && !t.quoted && CONSTRAINTS.has(t.value.toUpperCase()))
      throw c.unsupported(`column constraint ${t.value.toUpperCase()} on a source`);
    columns.push({ name, type, notNull, position: c.position(nameToken) });
  } while (c.acceptPunct(','));
  c.expectPunct(')');
  return [columns, primaryKey];
}

/** The type's tokens up to a constraint, `,` or `)`, as written (spacing normalised), or ''. */
function columnType(c: Cursor): string {
  const tokens: Token[] = [];
  let depth = 0;
  for (;;) {
    const t = c.peek();
    if (t.kind === 'eof') break;
    if (depth === 0) {
      if (c.isPunct(',') || c.isPunct(')')) break;
      if (t.kind === 'ident' && !t.quoted && CONSTRAINTS.has(t.value.toUpperCase())) break;
    }
    if (c.isPunct('(') || c.isPunct('[')) depth++;
    else if (c.isPunct(')') || c.isPunct(']')) depth--;
    else if (c.isPunct(';')) throw c.error();
    tokens.push(c.next());
  }
  let out = '';
  tokens.forEach((t, i) => {
    const gap = i === 0 ? '' : c.text.slice(tokens[i - 1]!.end, t.start);
    out += (gap === '' ? '' : ' ') + c.text.slice(t.start, t.end);
  });
  return out;
}

const INCLUDE_WHAT = ['KEY', 'PARTITION', 'OFFSET', 'TIMESTAMP', 'HEADERS'] as const;

function includeItems(c: Cursor): IncludeItem[] {
  const items: IncludeItem[] = [];
  do {
    if (c.acceptKeywords('HEADER')) {
      const headerKey = c.string();
      c.expectKeywords('AS');
      const alias = c.ident();
      const bytes = c.acceptKeywords('BYTES');
      items.push({ what: 'header', alias, headerKey, ...(bytes ? { bytes } : {}) });
      continue;
    }
    const what = INCLUDE_WHAT.find((w) => c.isKeyword(w));
    if (what === undefined) throw c.error();
    c.next();
    const alias = c.acceptKeywords('AS') ? c.ident() : undefined;
    const lower = what.toLowerCase() as IncludeItem['what'];
    items.push({ what: lower, ...(alias === undefined ? {} : { alias }) });
  } while (c.acceptPunct(','));
  return items;
}

/** `(VALUE DECODING ERRORS = INLINE [AS name])` or `= (INLINE [AS name])`: the column name. */
function upsertErrors(c: Cursor): string {
  c.expectPunct('(');
  c.expectKeywords('VALUE', 'DECODING', 'ERRORS');
  c.expectPunct('=');
  const paren = c.acceptPunct('(');
  c.expectKeywords('INLINE');
  const column = c.acceptKeywords('AS') ? c.ident() : 'error';
  if (paren) c.expectPunct(')');
  c.expectPunct(')');
  return column;
}
