// The building blocks of the system relations: a compact column-list notation with PostgreSQL's
// catalog column types, the well-known OIDs catalogs refer to, and datum helpers (int2vector,
// oidvector, arrays). Each relation file describes its columns as 'name:type ...' and a row
// function; defineRelation() turns that into a SystemRelation.
import { PgArray, T, arrayOf, scalar, type Datum, type SqlType } from '../../repr/index.js';
import { typeFromName } from '../../repr/pgtypes.js';
import type { SystemContext, SystemRelation } from './registry.js';

/** The bootstrap superuser's OID (the single role, shown under the session's user name). */
export const SUPERUSER_OID = 10;
export const PG_CATALOG_NAMESPACE = 11;
export const HEAP_AM_OID = 2;
export const BTREE_AM_OID = 403;
export const DEFAULT_COLLATION_OID = 100;
export const UTF8_ENCODING = 6;
export const DEFAULT_TABLESPACE_OID = 1663;
export const GLOBAL_TABLESPACE_OID = 1664;
export const INTERNAL_LANGUAGE_OID = 12;
export const SQL_LANGUAGE_OID = 14;
/** Catalog OIDs (pg_class.oid of the catalogs), as classoid in pg_description and pg_depend. */
export const PG_CLASS_OID = 1259;
export const PG_PROC_OID = 1255;
export const PG_CONSTRAINT_OID = 2606;

/** A system relation that also says how pg_class lists it: a catalog table or a view. */
export interface PgSystemRelation extends SystemRelation {
  readonly relkind: 'r' | 'v';
}

// Column types spelled as in the column lists: PostgreSQL's names, plus the information_schema
// domains by their base types (domains are reported by their base type on the wire, too).
const SPECIAL: Readonly<Record<string, SqlType>> = {
  yes_or_no: scalar('varchar', 3 + 4),
  character_data: T.varchar,
  sql_identifier: T.name,
  cardinal_number: T.int4,
  time_stamp: scalar('timestamptz', 2),
  // Eddy has no anyarray type; attmissingval and friends are always NULL, typed text[].
  anyarray: arrayOf(T.text),
};

function columnType(spelled: string): SqlType {
  const special = SPECIAL[spelled];
  if (special !== undefined) return special;
  const t = typeFromName(spelled, []);
  if (t === undefined) throw new Error(`system relation column type ${spelled} is unknown`);
  return t;
}

/** Parses 'oid:oid relname:name relacl:aclitem[]' into columns. */
export function columns(spec: string): { name: string; type: SqlType }[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((part) => {
      const i = part.indexOf(':');
      if (i < 0) throw new Error(`system relation column ${part} has no type`);
      return { name: part.slice(0, i), type: columnType(part.slice(i + 1)) };
    });
}

export interface RelationDef {
  readonly schema: SystemRelation['schema'];
  readonly name: string;
  readonly oid: number;
  readonly relkind?: 'r' | 'v';
  readonly columns: string;
  readonly rows?: (ctx: SystemContext) => Iterable<readonly Datum[]>;
}

/** A system relation from its column list and row function (none: always empty). */
export function defineRelation(def: RelationDef): PgSystemRelation {
  const cols = columns(def.columns);
  const rowsOf = def.rows;
  return {
    schema: def.schema,
    name: def.name,
    oid: def.oid,
    relkind: def.relkind ?? 'r',
    columns: cols,
    rows: (ctx) => {
      if (rowsOf === undefined) return [];
      const out: (readonly Datum[])[] = [];
      for (const row of rowsOf(ctx)) {
        if (row.length !== cols.length) {
          throw new Error(
            `${def.schema}.${def.name}: row has ${row.length} values for ${cols.length} columns`,
          );
        }
        out.push(row);
      }
      return out;
    },
  };
}

/** A one-dimensional array datum (lower bound 1). */
export const arr = (elements: readonly Datum[]): PgArray => PgArray.of(elements);

/** int2vector / oidvector datum (zero-based, as PostgreSQL's vector types are). */
export function vector(elements: readonly number[]): PgArray {
  return new PgArray(
    elements,
    elements.length === 0 ? [] : [{ length: elements.length, lower: 0 }],
  );
}
