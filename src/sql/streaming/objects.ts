// The smaller statements of the streaming DDL, each parsed after its leading keywords:
//
//   CREATE SECRET [IF NOT EXISTS] name AS value     value := 'text' | decode('...', 'base64')
//   ALTER SECRET name AS value
//   CREATE CONNECTION [IF NOT EXISTS] name TO {KAFKA | CONFLUENT SCHEMA REGISTRY}
//     (option, ...) [WITH (option, ...)]
//   DROP {SECRET | CONNECTION | SOURCE | SINK} [IF EXISTS] name [, ...] [CASCADE | RESTRICT]
//   SHOW {SOURCES | SINKS | CONNECTIONS | SECRETS} [{FROM | IN} schema]
//   SHOW CREATE {SOURCE | SINK | CONNECTION} name
import { characterNotInRepertoire, invalidParameterValue } from '../../errors/index.js';
import type {
  AlterSecret,
  CreateConnection,
  CreateSecret,
  DropStreaming,
  ShowCreateStreaming,
  ShowStreaming,
  StreamingObjectKind,
} from '../streaming-ast.js';
import type { Cursor } from './cursor.js';
import { optionList, withOptions } from './options.js';

export function createSecret(c: Cursor): CreateSecret {
  const ifNotExists = c.ifNotExists();
  const name = c.name();
  c.expectKeywords('AS');
  const value = secretValue(c);
  c.end();
  return { kind: 'create-secret', name, ifNotExists, value };
}

export function alterSecret(c: Cursor): AlterSecret {
  if (c.isKeywords('IF', 'EXISTS')) throw c.unsupported('ALTER SECRET IF EXISTS');
  const name = c.name();
  if (c.isKeyword('RENAME') || c.isKeyword('OWNER'))
    throw c.unsupported(`ALTER SECRET ... ${c.peek().value.toUpperCase()}`);
  c.expectKeywords('AS');
  const value = secretValue(c);
  c.end();
  return { kind: 'alter-secret', name, value };
}

/** `'text'` or `decode('...', 'base64' | 'hex')`, as text. */
function secretValue(c: Cursor): string {
  if (!(c.isKeyword('DECODE') && c.isPunct('(', 1))) return c.string();
  c.next();
  c.next();
  const data = c.string();
  c.expectPunct(',');
  const encodingToken = c.peek();
  const encoding = c.string();
  c.expectPunct(')');
  const position = c.position(encodingToken);
  let bytes: Buffer;
  switch (encoding.toLowerCase()) {
    case 'base64': {
      const bad = /[^A-Za-z0-9+/=\s]/.exec(data);
      if (bad !== null)
        throw invalidParameterValue(
          `invalid symbol "${bad[0]}" found while decoding base64 sequence`,
        );
      bytes = Buffer.from(data, 'base64');
      break;
    }
    case 'hex': {
      const bad = /[^0-9A-Fa-f\s]/.exec(data);
      if (bad !== null) throw invalidParameterValue(`invalid hexadecimal digit: "${bad[0]}"`);
      const digits = data.replace(/\s+/g, '');
      if (digits.length % 2 !== 0)
        throw invalidParameterValue('invalid hexadecimal data: odd number of digits');
      bytes = Buffer.from(digits, 'hex');
      break;
    }
    default:
      throw invalidParameterValue(`unrecognized encoding: "${encoding}"`, { position });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw characterNotInRepertoire('invalid byte sequence for encoding "UTF8"');
  }
}

const OTHER_CONNECTIONS = ['POSTGRES', 'MYSQL', 'SQL', 'AWS', 'SSH', 'ICEBERG'];

export function createConnection(c: Cursor): CreateConnection {
  const ifNotExists = c.ifNotExists();
  const name = c.name();
  if (!c.acceptKeywords('TO')) c.expectKeywords('FOR');
  let connector: CreateConnection['connector'];
  if (c.acceptKeywords('KAFKA')) connector = 'kafka';
  else if (c.acceptKeywords('CONFLUENT', 'SCHEMA', 'REGISTRY'))
    connector = 'confluent-schema-registry';
  else {
    const other = OTHER_CONNECTIONS.find((k) => c.isKeyword(k));
    if (other !== undefined) throw c.unsupported(`CREATE CONNECTION ... TO ${other}`);
    throw c.error();
  }
  const options = optionList(c);
  const withOpts = withOptions(c);
  c.end();
  return { kind: 'create-connection', name, ifNotExists, connector, options, with: withOpts };
}

export function drop(c: Cursor, what: StreamingObjectKind): DropStreaming {
  const ifExists = c.acceptKeywords('IF', 'EXISTS');
  const names = [c.name()];
  while (c.acceptPunct(',')) names.push(c.name());
  const cascade = c.acceptKeywords('CASCADE');
  if (!cascade) c.acceptKeywords('RESTRICT');
  c.end();
  return { kind: 'drop', what, names, ifExists, cascade };
}

export function show(c: Cursor, what: ShowStreaming['what']): ShowStreaming {
  let schema: string | undefined;
  if (c.acceptKeywords('FROM') || c.acceptKeywords('IN')) {
    if (c.isKeyword('CLUSTER')) throw c.unsupported(`SHOW ${what.toUpperCase()} IN CLUSTER`);
    schema = c.name().at(-1)!;
  }
  if (c.isKeyword('LIKE') || c.isKeyword('WHERE'))
    throw c.unsupported(`SHOW ${what.toUpperCase()} ... ${c.peek().value.toUpperCase()}`);
  c.end();
  return { kind: 'show', what, ...(schema === undefined ? {} : { schema }) };
}

export function showCreate(c: Cursor, what: ShowCreateStreaming['what']): ShowCreateStreaming {
  const name = c.name();
  c.end();
  return { kind: 'show-create', what, name };
}
