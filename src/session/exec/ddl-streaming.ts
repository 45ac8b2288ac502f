// Streaming DDL (Materialize's dialect, parsed by src/sql/streaming-ddl.ts): CREATE / ALTER
// SECRET, CREATE CONNECTION, DROP of secrets, connections, sources and sinks, and the dispatch of
// CREATE SOURCE (ddl-source.ts), CREATE SINK (ddl-sink.ts) and SHOW (show-streaming.ts).
import { EddyError, featureNotSupported, wrongObjectType } from '../../errors/index.js';
import type {
  AlterSecret,
  CreateConnection,
  CreateSecret,
  DropStreaming,
  StreamingStatement,
} from '../../sql/streaming-ast.js';
import type { StatementResult } from '../api.js';
import { kindName, type CatalogChange } from '../catalog/catalog.js';
import type {
  CatalogRecord,
  ConnectionRecord,
  ConnectionValue,
  SecretRecord,
  StreamingItemRecord,
} from '../catalog/objects.js';
import type { EddySession } from '../session.js';
import { errorTableOf } from '../streaming/source-state.js';
import { outboxOf } from '../streaming/sink-outbox.js';
import { createSink } from './ddl-sink.js';
import { createSource } from './ddl-source.js';
import { findRelation, notice, targetSchema } from './ddl.js';
import { executeShowStreaming } from './show-streaming.js';
import { Options } from './streaming-options.js';

export async function executeStreaming(
  s: EddySession,
  st: StreamingStatement,
  sql: string,
): Promise<StatementResult> {
  switch (st.kind) {
    case 'create-secret':
      return createSecret(s, st);
    case 'alter-secret':
      return alterSecret(s, st);
    case 'create-connection':
      return createConnection(s, st, sql);
    case 'create-source':
      return createSource(s, st, sql);
    case 'create-sink':
      return createSink(s, st, sql);
    case 'drop':
      return dropStreaming(s, st);
    case 'show':
    case 'show-create':
      return executeShowStreaming(s, st);
  }
}

/** The schema and name of a new item named `name` (a.b or b). */
export function newItemName(
  s: EddySession,
  name: readonly string[],
): { schema: string; name: string } {
  const last = name.at(-1)!;
  const rv = name.length > 1 ? { schemaname: name.at(-2)!, relname: last } : { relname: last };
  return { schema: targetSchema(s, rv), name: last };
}

/** A secret, connection or sink by (possibly qualified) name, along the search path. */
export function findItem(s: EddySession, name: readonly string[]): StreamingItemRecord | undefined {
  const catalog = s.engine.catalog;
  const schemas = name.length > 1 ? [name.at(-2)!] : s.catalogReader().searchPath();
  for (const schema of schemas) {
    const r = catalog.streamingItem(s.database, schema, name.at(-1)!);
    if (r !== undefined) return r;
  }
  return undefined;
}

export function itemOfKind<K extends StreamingItemRecord['kind']>(
  s: EddySession,
  name: readonly string[],
  kind: K,
): Extract<StreamingItemRecord, { kind: K }> {
  const r = findItem(s, name);
  if (r === undefined) throw new EddyError('42704', `unknown catalog item '${name.join('.')}'`);
  if (r.kind !== kind) throw wrongObjectType(`${name.join('.')} is a ${r.kind}, not a ${kind}`);
  return r as Extract<StreamingItemRecord, { kind: K }>;
}

function createSecret(s: EddySession, st: CreateSecret): StatementResult {
  const { schema, name } = newItemName(s, st.name);
  const catalog = s.engine.catalog;
  if (st.ifNotExists && catalog.streamingItem(s.database, schema, name) !== undefined)
    return notice('CREATE SECRET', `secret "${name}" already exists, skipping`, '42710');
  catalog.checkNewRelation(s.database, schema, name);
  const oid = catalog.allocateOid();
  const record: SecretRecord = {
    kind: 'secret',
    id: `sec${oid}`,
    oid,
    database: s.database,
    schema,
    name,
    value: st.value,
  };
  s.engine.commit({ catalog: [{ kind: 'put', record }] });
  return { kind: 'command', tag: 'CREATE SECRET' };
}

function alterSecret(s: EddySession, st: AlterSecret): StatementResult {
  const secret = itemOfKind(s, st.name, 'secret');
  s.engine.commit({ catalog: [{ kind: 'put', record: { ...secret, value: st.value } }] });
  return { kind: 'command', tag: 'ALTER SECRET' };
}

const KAFKA_OPTIONS = [
  'BROKER',
  'BROKERS',
  'SECURITY PROTOCOL',
  'SASL MECHANISMS',
  'SASL USERNAME',
  'SASL PASSWORD',
  'PROGRESS TOPIC',
];
const REGISTRY_OPTIONS = ['URL', 'USERNAME', 'PASSWORD'];
const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];

async function createConnection(
  s: EddySession,
  st: CreateConnection,
  sql: string,
): Promise<StatementResult> {
  const { schema, name } = newItemName(s, st.name);
  const catalog = s.engine.catalog;
  if (st.ifNotExists && catalog.streamingItem(s.database, schema, name) !== undefined)
    return notice('CREATE CONNECTION', `connection "${name}" already exists, skipping`, '42710');
  catalog.checkNewRelation(s.database, schema, name);
  const withOpts = new Options(st.with, ['VALIDATE'], 'CONNECTION');
  const secretOrText = (v: { text: string } | { secret: readonly string[] }): ConnectionValue =>
    'text' in v ? { text: v.text } : { secret: itemOfKind(s, v.secret, 'secret').id };
  const oid = catalog.allocateOid();
  const base = {
    kind: 'connection',
    id: `con${oid}`,
    oid,
    database: s.database,
    schema,
    name,
  } as const;
  let record: ConnectionRecord;
  if (st.connector === 'kafka') {
    const o = new Options(st.options, KAFKA_OPTIONS, 'KAFKA CONNECTION');
    const brokers = [...(o.strings('BROKER') ?? []), ...(o.strings('BROKERS') ?? [])];
    if (brokers.length === 0)
      throw new EddyError('42601', 'KAFKA CONNECTION requires BROKER or BROKERS');
    for (const b of brokers) {
      if (!/^[^:\s]+:\d+$/.test(b))
        throw new EddyError('22023', `invalid broker address "${b}": expected host:port`);
    }
    const username = o.textOrSecret('SASL USERNAME');
    const password = o.textOrSecret('SASL PASSWORD');
    // As in Materialize, a password is never written into the catalog's SQL text: only a secret.
    if (password !== undefined && 'text' in password)
      throw new EddyError('22023', 'SASL PASSWORD must be a secret', {
        hint: "CREATE SECRET name AS '...', then SASL PASSWORD = SECRET name.",
      });
    const mechanism = o.string('SASL MECHANISMS')?.toUpperCase();
    const protocol = (
      o.string('SECURITY PROTOCOL') ?? (mechanism ? 'SASL_SSL' : 'PLAINTEXT')
    ).toUpperCase();
    if (!SECURITY_PROTOCOLS.includes(protocol))
      throw new EddyError('22023', `unknown security protocol: ${protocol}`);
    if (mechanism !== undefined && !['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'].includes(mechanism))
      throw featureNotSupported(`SASL mechanism ${mechanism} is not supported`);
    if (protocol.startsWith('SASL') && (username === undefined || password === undefined))
      throw new EddyError(
        '42601',
        `SECURITY PROTOCOL ${protocol} requires SASL USERNAME and SASL PASSWORD`,
      );
    record = {
      ...base,
      connector: 'kafka',
      brokers,
      securityProtocol: protocol,
      ...(mechanism === undefined ? {} : { saslMechanism: mechanism }),
      ...(username === undefined ? {} : { saslUsername: secretOrText(username) }),
      ...(password === undefined ? {} : { saslPassword: secretOrText(password) }),
      // Per server and connection: servers sharing a broker keep their progress apart.
      progressTopic:
        o.string('PROGRESS TOPIC') ?? `_eddy-progress-${String(s.engine.meta('serverId'))}-${oid}`,
      sql,
    };
  } else {
    const o = new Options(st.options, REGISTRY_OPTIONS, 'CONFLUENT SCHEMA REGISTRY CONNECTION');
    record = {
      ...base,
      connector: 'confluent-schema-registry',
      brokers: [],
      securityProtocol: 'PLAINTEXT',
      url: o.requiredString('URL'),
      progressTopic: '',
      sql,
    };
  }
  if (withOpts.boolean('VALIDATE') !== false && record.connector === 'kafka')
    await streamingOf(s).io.checkConnection(record);
  s.engine.commit({ catalog: [{ kind: 'put', record }] });
  return { kind: 'command', tag: 'CREATE CONNECTION' };
}

/** The server's streaming runtime (sources and sinks). */
export function streamingOf(s: EddySession): NonNullable<EddySession['engine']['streaming']> {
  const st = s.engine.streaming;
  if (st === null) throw featureNotSupported('sources and sinks are not available in this server');
  return st;
}

const DROP_TAG = {
  secret: 'DROP SECRET',
  connection: 'DROP CONNECTION',
  source: 'DROP SOURCE',
  sink: 'DROP SINK',
} as const;

function dropStreaming(s: EddySession, st: DropStreaming): StatementResult {
  const changes: CatalogChange[] = [];
  const notices: EddyError[] = [];
  const seen = new Set<string>();
  const named = new Set<string>();
  for (const name of st.names) {
    const label = name.join('.');
    const found: CatalogRecord | undefined =
      st.what === 'source'
        ? (findRelation(s, name.length > 1 ? name.at(-2)! : null, name.at(-1)!) ??
          findItem(s, name))
        : (findItem(s, name) ??
          findRelation(s, name.length > 1 ? name.at(-2)! : null, name.at(-1)!));
    if (found === undefined) {
      if (st.ifExists) {
        notices.push(
          new EddyError('00000', `${st.what} "${label}" does not exist, skipping`, {
            severity: 'NOTICE',
          }),
        );
        continue;
      }
      throw new EddyError('42704', `unknown catalog item '${label}'`);
    }
    const kind = found.kind === 'table' && found.source !== undefined ? 'source' : found.kind;
    if (kind !== st.what)
      throw wrongObjectType(`${label} is a ${kindName(found as never)}, not a ${st.what}`, {
        hint: `Use DROP ${kindName(found as never).toUpperCase()} to remove a ${kindName(found as never)}.`,
      });
    named.add(found.id);
    changes.push(...dropChanges(s, found, st.cascade, seen));
  }
  const dropped = changes.filter((c) => c.kind === 'delete').map((c) => c.record);
  for (const r of dropped) {
    if (!named.has(r.id) && r.kind !== 'index')
      notices.push(
        new EddyError('00000', `drop cascades to ${kindName(r as never)} ${r.name}`, {
          severity: 'NOTICE',
        }),
      );
  }
  if (changes.length > 0) s.engine.commit({ catalog: changes, dropTables: storageOf(dropped) });
  return { kind: 'command', tag: DROP_TAG[st.what], ...(notices.length > 0 ? { notices } : {}) };
}

/** The LMDB databases of dropped tables, sources and sinks. */
export function storageOf(dropped: readonly CatalogRecord[]): string[] {
  return dropped.flatMap((r) => {
    if (r.kind === 'table') return r.source === undefined ? [r.id] : [r.id, errorTableOf(r.id)];
    if (r.kind === 'sink') return [outboxOf(r.id)];
    return [];
  });
}

/** What dropping `r` drops: with cascade its dependents too, without it an error if it has any. */
function dropChanges(
  s: EddySession,
  r: CatalogRecord,
  cascade: boolean,
  seen: Set<string>,
): CatalogChange[] {
  const catalog = s.engine.catalog;
  if (r.kind === 'table' || r.kind === 'view' || r.kind === 'materialized-view')
    return catalog.dropRelationChanges(r, cascade, seen);
  if (seen.has(r.id)) return [];
  seen.add(r.id);
  const dependents: CatalogRecord[] = [...catalog.all()].filter(
    (d) =>
      (d.kind === 'connection' &&
        [d.saslUsername, d.saslPassword].some(
          (v) => v !== undefined && 'secret' in v && v.secret === r.id,
        )) ||
      (d.kind === 'table' && d.source?.connection === r.id) ||
      (d.kind === 'sink' && d.connection === r.id),
  );
  if (dependents.length > 0 && !cascade) {
    const kind = r.kind === 'secret' || r.kind === 'connection' ? r.kind : kindName(r as never);
    throw new EddyError(
      '2BP01',
      `cannot drop ${kind} ${r.name} because other objects depend on it`,
      {
        detail: dependents
          .map((d) => `${kindName(d as never)} ${d.name as string} depends on ${kind} ${r.name}`)
          .join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      },
    );
  }
  const out: CatalogChange[] = [];
  for (const d of dependents) out.push(...dropChanges(s, d, true, seen));
  out.push({ kind: 'delete', record: r });
  return out;
}
