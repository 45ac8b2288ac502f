// Record formats and envelopes of sources and sinks:
//
//   FORMAT f | KEY FORMAT f VALUE FORMAT f
//   f := JSON | TEXT | BYTES
//      | CSV WITH n COLUMNS [DELIMITED BY 'c'] | CSV WITH HEADER [(col, ...)] [DELIMITED BY 'c']
//      | AVRO USING SCHEMA 'json' [(option, ...)]
//      | AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION name [(option, ...)]
//          [KEY STRATEGY s] [VALUE STRATEGY s]     (s := LATEST | ID n | INLINE 'schema')
//
// Other formats Materialize has (PROTOBUF, REGEX, AVRO USING AWS GLUE ...) raise 0A000.
import { invalidParameterValue } from '../../errors/index.js';
import type { FormatSpec, OptionValue } from '../streaming-ast.js';
import type { Cursor } from './cursor.js';
import { optionList } from './options.js';

export interface Formats {
  readonly keyFormat: FormatSpec | null;
  readonly valueFormat: FormatSpec | null;
}

/** `FORMAT f` (both key and value) or `KEY FORMAT f VALUE FORMAT f`, if it comes next. */
export function formats(c: Cursor): Formats {
  if (c.acceptKeywords('FORMAT')) {
    const f = format(c);
    return { keyFormat: f, valueFormat: f };
  }
  if (c.acceptKeywords('KEY', 'FORMAT')) {
    const keyFormat = format(c);
    c.expectKeywords('VALUE', 'FORMAT');
    return { keyFormat, valueFormat: format(c) };
  }
  return { keyFormat: null, valueFormat: null };
}

const UNSUPPORTED = new Set(['PROTOBUF', 'REGEX', 'PARQUET']);

/** One format. */
export function format(c: Cursor): FormatSpec {
  const t = c.peek();
  if (c.acceptKeywords('JSON')) return { kind: 'json' };
  if (c.acceptKeywords('TEXT')) return { kind: 'text' };
  if (c.acceptKeywords('BYTES')) return { kind: 'bytes' };
  if (c.acceptKeywords('CSV')) return csv(c);
  if (c.acceptKeywords('AVRO')) return avro(c);
  if (t.kind === 'ident' && !t.quoted && UNSUPPORTED.has(t.value.toUpperCase()))
    throw c.unsupported(`FORMAT ${t.value.toUpperCase()}`);
  throw c.error();
}

function csv(c: Cursor): FormatSpec {
  c.expectKeywords('WITH');
  let columns: number | { header: string[] };
  if (c.acceptKeywords('HEADER')) {
    columns = { header: c.isPunct('(') ? c.identList() : [] };
  } else {
    const n = c.peek();
    if (n.kind !== 'number' || !/^\d+$/.test(n.value) || Number(n.value) === 0) throw c.error();
    c.next();
    c.expectKeywords('COLUMNS');
    columns = Number(n.value);
  }
  let delimiter = ',';
  if (c.acceptKeywords('DELIMITED', 'BY')) {
    const t = c.peek();
    delimiter = c.string();
    if ([...delimiter].length !== 1)
      throw invalidParameterValue('CSV delimiter must be a single character', {
        position: c.position(t),
      });
  }
  return { kind: 'csv', columns, delimiter };
}

function avro(c: Cursor): FormatSpec {
  c.expectKeywords('USING');
  if (c.acceptKeywords('SCHEMA')) {
    const schema = c.string();
    const options = c.isPunct('(') ? optionList(c) : [];
    return { kind: 'avro', schema, options };
  }
  if (c.isKeywords('AWS', 'GLUE')) throw c.unsupported('AVRO USING AWS GLUE SCHEMA REGISTRY');
  c.expectKeywords('CONFLUENT', 'SCHEMA', 'REGISTRY', 'CONNECTION');
  const registry = c.name();
  const options = c.isPunct('(') ? optionList(c) : [];
  for (const side of ['KEY', 'VALUE']) {
    const t = c.peek();
    if (c.acceptKeywords(side, 'STRATEGY'))
      options.push({ name: `${side} STRATEGY`, value: strategy(c), position: c.position(t) });
  }
  return { kind: 'avro', registry, options };
}

/** LATEST → ident 'latest', ID n → number, INLINE 'schema' → string. */
function strategy(c: Cursor): OptionValue {
  if (c.acceptKeywords('LATEST')) return { kind: 'ident', value: 'latest' };
  if (c.acceptKeywords('ID')) {
    const t = c.peek();
    if (t.kind !== 'number') throw c.error();
    return { kind: 'number', value: c.next().value };
  }
  if (c.acceptKeywords('INLINE')) return { kind: 'string', value: c.string() };
  throw c.error();
}
