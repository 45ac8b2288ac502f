// Values of result rows as JSON for the HTTP API: booleans and 2/4-byte integers and finite
// floats as JSON values, everything else (bigint, numeric, dates, text, ...) as PostgreSQL's
// text output, which keeps it exact.
import type { Datum, SqlType } from '../repr/index.js';
import type { IoSettings } from '../repr/io/settings.js';
import { formatText } from '../repr/io/text.js';
import { typeOid } from '../repr/pgtypes.js';
import type { ResultColumn } from '../session/api.js';

export type JsonValue = null | boolean | number | string;

export function jsonValue(d: Datum, type: SqlType, io: IoSettings): JsonValue {
  if (d === null) return null;
  if (typeof d === 'boolean') return d;
  if (type.kind === 'scalar' && (type.name === 'int2' || type.name === 'int4')) return d as number;
  if (
    type.kind === 'scalar' &&
    (type.name === 'float4' || type.name === 'float8') &&
    Number.isFinite(d as number)
  )
    return d as number;
  return formatText(d, type, io);
}

export function columnsJson(
  columns: readonly ResultColumn[],
): { name: string; type_oid: number }[] {
  return columns.map((c) => ({ name: c.name, type_oid: typeOid(c.type) }));
}
