// Sequences: CREATE SEQUENCE with PostgreSQL's options and checks, the sequences serial columns
// make (named <table>_<column>_seq, owned by the column, so DROP TABLE drops them), and DROP
// SEQUENCE, refused while a column default uses the sequence (CASCADE drops those defaults). The
// values themselves are handed out by nextval (session/sequences.ts).
import type { AlterSeqStmt, CreateSeqStmt, DefElem, DropStmt, TypeName } from '@pgsql/types';
import {
  dependentObjectsStillExist,
  EddyError,
  featureNotSupported,
  invalidParameterValue,
  syntaxError,
  wrongObjectType,
} from '../../errors/index.js';
import { names, tagOf, type Node } from '../../sql/ast.js';
import { bindTypeName } from '../../sql/bind-expr.js';
import type { Binder } from '../../sql/binder.js';
import type { StatementResult } from '../api.js';
import type { CatalogChange } from '../catalog/catalog.js';
import type { ColumnRecord, SequenceRecord, TableRecord } from '../catalog/objects.js';
import type { EddySession } from '../session.js';
import { quoteIdent } from '../system/quote.js';
import { findInPath, notice, sessionSearchPath, targetSchema } from './ddl.js';

type IntType = SequenceRecord['dataType'];

const RANGE: Record<IntType, readonly [bigint, bigint]> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
};

const TYPE_LABEL: Record<IntType, string> = { int2: 'smallint', int4: 'integer', int8: 'bigint' };

/** The integer type of a serial type name (serial, bigserial, serial8, ...), or null. */
export function serialType(t: TypeName): IntType | null {
  if ((t.arrayBounds ?? []).length > 0) return null;
  const n = names(t.names);
  if (n.length > 2 || (n.length === 2 && n[0] !== 'pg_catalog')) return null;
  switch (n[n.length - 1]) {
    case 'smallserial':
    case 'serial2':
      return 'int2';
    case 'serial':
    case 'serial4':
      return 'int4';
    case 'bigserial':
    case 'serial8':
      return 'int8';
    default:
      return null;
  }
}

type SequenceFields = Omit<SequenceRecord, 'kind' | 'id' | 'oid' | 'database' | 'schema' | 'name'>;

/** The sequence's settings from CREATE SEQUENCE's options, with PostgreSQL's defaults and checks. */
function sequenceFields(binder: Binder, options: readonly Node[], given: IntType): SequenceFields {
  let dataType = given;
  const opt = new Map<string, DefElem>();
  for (const o of options) {
    const d = tagOf(o)[1] as DefElem;
    const name = d.defname ?? '';
    if (opt.has(name))
      throw syntaxError('conflicting or redundant options', { position: position(d.location) });
    opt.set(name, d);
  }
  const as = opt.get('as');
  if (as !== undefined) {
    const t = bindTypeName(binder, tagOf(as.arg!)[1] as TypeName);
    if (t.kind !== 'scalar' || !(t.name === 'int2' || t.name === 'int4' || t.name === 'int8'))
      throw invalidParameterValue('sequence type must be smallint, integer, or bigint');
    dataType = t.name;
  }
  const [lo, hi] = RANGE[dataType];
  const number = (name: string): bigint | null => {
    const d = opt.get(name);
    if (d?.arg === undefined) return null;
    const [tag, v] = tagOf(d.arg);
    const text = tag === 'Integer' ? String(v.ival ?? 0) : String(v.fval ?? v.sval ?? '');
    if (!/^-?\d+$/.test(text))
      throw invalidParameterValue(`${name.toUpperCase()} requires an integer value`);
    return BigInt(text);
  };
  const increment = number('increment') ?? 1n;
  if (increment === 0n) throw invalidParameterValue('INCREMENT must not be zero');
  const min = number('minvalue') ?? (increment > 0n ? 1n : lo);
  const max = number('maxvalue') ?? (increment > 0n ? hi : -1n);
  const label = TYPE_LABEL[dataType];
  if (min < lo || min > hi)
    throw invalidParameterValue(
      `MINVALUE (${min}) is out of range for sequence data type ${label}`,
    );
  if (max < lo || max > hi)
    throw invalidParameterValue(
      `MAXVALUE (${max}) is out of range for sequence data type ${label}`,
    );
  if (min >= max)
    throw invalidParameterValue(`MINVALUE (${min}) must be less than MAXVALUE (${max})`);
  const start = number('start') ?? (increment > 0n ? min : max);
  if (start < min)
    throw invalidParameterValue(`START value (${start}) cannot be less than MINVALUE (${min})`);
  if (start > max)
    throw invalidParameterValue(`START value (${start}) cannot be greater than MAXVALUE (${max})`);
  const cache = number('cache') ?? 1n;
  if (cache <= 0n) throw invalidParameterValue(`CACHE (${cache}) must be greater than zero`);
  const cycle = opt.get('cycle');
  return {
    dataType,
    start: String(start),
    increment: String(increment),
    min: String(min),
    max: String(max),
    cache: String(cache),
    cycle: cycle !== undefined && (tagOf(cycle.arg!)[1].boolval as boolean | undefined) === true,
    ownedBy: null,
  };
}

const position = (location: number | undefined): number | undefined =>
  location === undefined ? undefined : location + 1;

export function createSequence(s: EddySession, binder: Binder, c: CreateSeqStmt): StatementResult {
  const rv = c.sequence!;
  const name = rv.relname ?? '';
  const schema = targetSchema(s, rv);
  const catalog = s.engine.catalog;
  if (
    c.if_not_exists === true &&
    (catalog.relation(s.database, schema, name) ?? catalog.sequence(s.database, schema, name)) !==
      undefined
  )
    return notice('CREATE SEQUENCE', `relation "${name}" already exists, skipping`, '42P07');
  catalog.checkNewRelation(s.database, schema, name);
  const options = (c.options ?? []).filter((o) => (tagOf(o)[1] as DefElem).defname !== 'owned_by');
  const fields = sequenceFields(binder, options, 'int8');
  const owned = (c.options ?? [])
    .map((o) => tagOf(o)[1] as DefElem)
    .find((d) => d.defname === 'owned_by');
  const ownedBy = owned === undefined ? null : ownerColumn(s, owned, schema);
  const q = catalog.newSequence({
    ...fields,
    database: s.database,
    schema,
    name,
    ownedBy,
  });
  s.engine.commit({ catalog: [{ kind: 'put', record: q }] });
  return { kind: 'command', tag: 'CREATE SEQUENCE' };
}

/** OWNED BY table.column (in the sequence's schema unless qualified), or NONE. */
function ownerColumn(s: EddySession, d: DefElem, schema: string): SequenceRecord['ownedBy'] {
  const parts = names(tagOf(d.arg!)[1].items as Node[]);
  if (parts.length === 1 && parts[0]!.toLowerCase() === 'none') return null;
  if (parts.length < 2) throw syntaxError('invalid OWNED BY option');
  const column = parts[parts.length - 1]!;
  const tableName = parts[parts.length - 2]!;
  const tableSchema = parts.length > 2 ? parts[parts.length - 3]! : null;
  const catalog = s.engine.catalog;
  const t = catalog.relation(s.database, tableSchema ?? schema, tableName);
  if (t === undefined) throw new EddyError('42P01', `relation "${tableName}" does not exist`);
  if (t.kind !== 'table')
    throw wrongObjectType(`sequence cannot be owned by relation "${tableName}"`);
  if (t.schema !== schema)
    throw featureNotSupported('sequence must be in same schema as table it is linked to');
  if (!t.columns.some((col) => col.name === column))
    throw new EddyError('42703', `column "${column}" of relation "${tableName}" does not exist`);
  return { table: t.id, column };
}

/**
 * The sequence of a serial or identity column of a table being created (made once the table has
 * an id), with the sequence options an identity column gives, and the column's nextval default.
 */
export function columnSequence(
  s: EddySession,
  binder: Binder,
  where: { schema: string; table: string; column: string },
  dataType: IntType,
  taken: ReadonlySet<string>,
  options: readonly Node[] = [],
): { name: string; make: (tableId: string) => SequenceRecord; defaultSql: string } {
  const { schema, table, column } = where;
  const catalog = s.engine.catalog;
  const base = `${table}_${column}_seq`;
  let name = base;
  for (let i = 1; ; i++) {
    const used =
      taken.has(name) ||
      catalog.relation(s.database, schema, name) !== undefined ||
      catalog.sequence(s.database, schema, name) !== undefined ||
      catalog.indexNamed(s.database, schema, name) !== undefined;
    if (!used) break;
    name = `${base}${i}`;
  }
  const visible = sessionSearchPath(s).includes(schema);
  const ident = visible ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
  const fields = sequenceFields(binder, options, dataType);
  return {
    name,
    make: (tableId) =>
      catalog.newSequence({
        ...fields,
        database: s.database,
        schema,
        name,
        ownedBy: { table: tableId, column },
      }),
    defaultSql: `nextval('${ident.replace(/'/g, "''")}'::regclass)`,
  };
}

/**
 * ALTER SEQUENCE name RESTART [WITH n]: the next nextval returns n (default: the START value).
 * As in PostgreSQL (and unlike nextval and setval) transactional: in place at commit, undone by a
 * rollback. Other options are refused.
 */
export function alterSequence(s: EddySession, a: AlterSeqStmt): StatementResult {
  const rv = a.sequence!;
  const q = findSequence(s, rv.schemaname ?? null, rv.relname ?? '');
  if (q === undefined) {
    if (a.missing_ok === true)
      return notice(
        'ALTER SEQUENCE',
        `relation "${rv.relname ?? ''}" does not exist, skipping`,
        '00000',
      );
    throw new EddyError('42P01', `relation "${rv.relname ?? ''}" does not exist`);
  }
  for (const o of a.options ?? []) {
    const d = tagOf(o)[1] as DefElem;
    if (d.defname !== 'restart')
      throw featureNotSupported(
        `ALTER SEQUENCE ... ${String(d.defname).toUpperCase()} is not supported`,
      );
    const value =
      d.arg === undefined
        ? BigInt(q.start)
        : BigInt(String(tagOf(d.arg)[1].ival ?? tagOf(d.arg)[1].fval ?? 0));
    if (value < BigInt(q.min))
      throw invalidParameterValue(
        `RESTART value (${value}) cannot be less than MINVALUE (${q.min})`,
      );
    if (value > BigInt(q.max))
      throw invalidParameterValue(
        `RESTART value (${value}) cannot be greater than MAXVALUE (${q.max})`,
      );
    s.writes.sequences.set(q.id, { last: value, called: false });
  }
  return { kind: 'command', tag: 'ALTER SEQUENCE' };
}

/**
 * TRUNCATE ... RESTART IDENTITY: the sequences owned by the table's columns start again, with the
 * transaction (the rows come back on a rollback, and so do the sequences' positions).
 */
export function restartOwnedSequences(s: EddySession, tableId: string): void {
  for (const q of s.engine.catalog.sequences(s.database))
    if (q.ownedBy?.table === tableId)
      s.writes.sequences.set(q.id, { last: BigInt(q.start), called: false });
}

export function dropSequence(s: EddySession, d: DropStmt): StatementResult {
  const catalog = s.engine.catalog;
  const cascade = d.behavior === 'DROP_CASCADE';
  const notices: EddyError[] = [];
  const changes: CatalogChange[] = [];
  const dropped: SequenceRecord[] = [];
  const tables = new Map<string, TableRecord>();
  for (const obj of d.objects ?? []) {
    const parts = names(tagOf(obj)[1].items as Node[]);
    const name = parts[parts.length - 1]!;
    const schemaName = parts.length > 1 ? parts[parts.length - 2]! : null;
    const q = findSequence(s, schemaName, name);
    if (q === undefined) {
      const label = schemaName === null ? name : `${schemaName}.${name}`;
      if (d.missing_ok === true) {
        notices.push(
          new EddyError('00000', `sequence "${label}" does not exist, skipping`, {
            severity: 'NOTICE',
          }),
        );
        continue;
      }
      if (catalog.relation(s.database, schemaName ?? 'public', name) !== undefined)
        throw wrongObjectType(`"${name}" is not a sequence`);
      throw new EddyError('42P01', `sequence "${label}" does not exist`);
    }
    const users = defaultsUsing(s, q);
    if (users.length > 0 && !cascade)
      throw dependentObjectsStillExist(
        `cannot drop sequence ${q.name} because other objects depend on it`,
        {
          detail: users
            .map(
              (u) =>
                `default value for column ${u.column} of table ${u.table.name} depends on sequence ${q.name}`,
            )
            .join('\n'),
          hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
        },
      );
    for (const u of users) {
      const t = tables.get(u.table.id) ?? u.table;
      notices.push(
        new EddyError(
          '00000',
          `drop cascades to default value for column ${u.column} of table ${t.name}`,
          {
            severity: 'NOTICE',
          },
        ),
      );
      tables.set(t.id, {
        ...t,
        columns: t.columns.map((col): ColumnRecord =>
          col.name === u.column ? { ...col, defaultSql: null } : col,
        ),
      });
    }
    changes.push({ kind: 'delete', record: q });
    dropped.push(q);
  }
  for (const t of tables.values()) changes.push({ kind: 'put', record: t });
  if (changes.length > 0)
    s.engine.commit({
      catalog: changes,
      extra: (txn) => {
        for (const q of dropped) s.engine.sequences.dropped(q, txn);
      },
    });
  return { kind: 'command', tag: 'DROP SEQUENCE', ...(notices.length > 0 ? { notices } : {}) };
}

function findSequence(
  s: EddySession,
  schema: string | null,
  name: string,
): SequenceRecord | undefined {
  return findInPath(s, schema, (p) => s.engine.catalog.sequence(s.database, p, name));
}

/** The column defaults that name the sequence (nextval('name'::regclass), as written). */
function defaultsUsing(
  s: EddySession,
  q: SequenceRecord,
): { table: TableRecord; column: string }[] {
  const spellings = new Set([
    q.name,
    quoteIdent(q.name),
    `${q.schema}.${q.name}`,
    `${quoteIdent(q.schema)}.${quoteIdent(q.name)}`,
  ]);
  const out: { table: TableRecord; column: string }[] = [];
  for (const r of s.engine.catalog.relations(s.database)) {
    if (r.kind !== 'table') continue;
    for (const col of r.columns) {
      if (col.defaultSql === null) continue;
      for (const m of col.defaultSql.matchAll(/'((?:[^']|'')*)'/g)) {
        if (spellings.has(m[1]!.replace(/''/g, "'"))) {
          out.push({ table: r, column: col.name });
          break;
        }
      }
    }
  }
  return out;
}
