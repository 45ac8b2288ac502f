// The parser of Eddy's streaming DDL — Materialize's statements for secrets, connections, Kafka
// sources and sinks — which PostgreSQL's grammar (libpg-query) does not have:
//
//   CREATE SECRET | ALTER SECRET | CREATE CONNECTION | CREATE SOURCE | CREATE SINK
//   DROP {SECRET | CONNECTION | SOURCE | SINK}
//   SHOW {SOURCES | SINKS | CONNECTIONS | SECRETS} | SHOW CREATE {SOURCE | SINK | CONNECTION}
//
// `parseStreaming` looks at the first keywords: a text that does not start like one of these
// statements gives null (the caller then uses PostgreSQL's grammar); one that does is parsed
// whole, by recursive descent over a small tokenizer (src/sql/streaming/), and a malformed one
// raises 42601 (`syntax error at or near "X"`, with its 1-based position), while a valid
// Materialize clause that Eddy does not implement raises 0A000.
import type { StreamingObjectKind, StreamingStatement } from './streaming-ast.js';
import { Cursor } from './streaming/cursor.js';
import {
  alterSecret,
  createConnection,
  createSecret,
  drop,
  show,
  showCreate,
} from './streaming/objects.js';
import { createSink } from './streaming/sink.js';
import { createSource } from './streaming/source.js';

type Parse = (c: Cursor) => StreamingStatement;

const OBJECTS: Record<string, StreamingObjectKind> = {
  SECRET: 'secret',
  CONNECTION: 'connection',
  SOURCE: 'source',
  SINK: 'sink',
};
const CREATE: Record<string, Parse> = {
  SECRET: createSecret,
  CONNECTION: createConnection,
  SOURCE: createSource,
  SINK: createSink,
};
const LISTS = {
  SOURCES: 'sources',
  SINKS: 'sinks',
  CONNECTIONS: 'connections',
  SECRETS: 'secrets',
} as const;
const SHOW_CREATE = { SOURCE: 'source', SINK: 'sink', CONNECTION: 'connection' } as const;

/** The unquoted keyword `ahead` tokens on, upper-cased, or null. */
function keyword(c: Cursor, ahead: number): string | null {
  const t = c.peek(ahead);
  return t.kind === 'ident' && !t.quoted ? t.value.toUpperCase() : null;
}

/** The parser for the statement the leading keywords announce (consumed), or null. */
function head(c: Cursor): Parse | null {
  const [k0, k1] = [keyword(c, 0), keyword(c, 1)];
  const take = (n: number, p: Parse): Parse => {
    for (let i = 0; i < n; i++) c.next();
    return p;
  };
  if (k0 === 'CREATE' && k1 !== null && Object.hasOwn(CREATE, k1)) return take(2, CREATE[k1]!);
  if (k0 === 'ALTER' && k1 === 'SECRET') return take(2, alterSecret);
  if (k0 === 'DROP' && k1 !== null && Object.hasOwn(OBJECTS, k1)) {
    const what = OBJECTS[k1]!;
    return take(2, (cur) => drop(cur, what));
  }
  if (k0 !== 'SHOW') return null;
  if (k1 !== null && Object.hasOwn(LISTS, k1)) {
    const what = LISTS[k1 as keyof typeof LISTS];
    return take(2, (cur) => show(cur, what));
  }
  const k2 = k1 === 'CREATE' ? keyword(c, 2) : null;
  if (k2 !== null && Object.hasOwn(SHOW_CREATE, k2)) {
    const what = SHOW_CREATE[k2 as keyof typeof SHOW_CREATE];
    return take(3, (cur) => showCreate(cur, what));
  }
  return null;
}

/**
 * The streaming DDL statement in `text` (one statement, an optional trailing `;`), or null when
 * the text is not one. Throws 42601 / 0A000 (positions relative to `text`) when it starts like
 * one but is malformed or uses a clause Eddy does not support.
 */
export function parseStreaming(text: string): StreamingStatement | null {
  const c = new Cursor(text);
  let parse: Parse | null;
  try {
    parse = head(c);
  } catch {
    // A lexical error among the first words: not ours to report.
    return null;
  }
  return parse === null ? null : parse(c);
}
