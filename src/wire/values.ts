// Values crossing the wire: Bind parameters decoded into Datums (text or binary format),
// result rows encoded for DataRow (text or binary per the Bind result-format codes), and the
// RowDescription fields of result columns.
import { invalidParameterValue, protocolViolation } from '../errors/index.js';
import { decodeBinary, encodeBinary } from '../repr/io/binary.js';
import type { IoSettings } from '../repr/io/settings.js';
import { formatText, parseText } from '../repr/io/text.js';
import { typeLen, typeOid } from '../repr/pgtypes.js';
import type { Datum, Row, SqlType } from '../repr/index.js';
import type { ResultColumn, Session } from '../session/api.js';
import { decodeUtf8 } from './messages.js';
import type { FieldDescription, WireValue } from './writer.js';

export type Format = 0 | 1;

/** The session's current output/input settings (re-read per result: SET may change them). */
export function ioSettings(session: Session): IoSettings {
  return session.ioSettings();
}

function checkFormat(code: number): Format {
  if (code === 0 || code === 1) return code;
  throw invalidParameterValue(`unsupported format code: ${code}`);
}

/** Expands Bind's parameter format codes (none = text, one = for all, else one each). */
export function paramFormats(codes: readonly number[], count: number): Format[] {
  if (codes.length > 1 && codes.length !== count) {
    throw protocolViolation(
      `bind message has ${codes.length} parameter formats but ${count} parameters`,
    );
  }
  return expand(codes, count);
}

/** Expands Bind's result format codes against the statement's column count. */
export function resultFormats(codes: readonly number[], columns: number): Format[] {
  if (codes.length > 1 && codes.length !== columns) {
    throw protocolViolation(
      `bind message has ${codes.length} result formats but query has ${columns} columns`,
    );
  }
  return expand(codes, columns);
}

function expand(codes: readonly number[], count: number): Format[] {
  const out: Format[] = [];
  for (let i = 0; i < count; i++)
    out.push(checkFormat(codes.length === 1 ? codes[0]! : (codes[i] ?? 0)));
  return out;
}

/** Decodes Bind parameter values into Datums of the statement's parameter types. */
export function decodeParams(
  raw: readonly (Buffer | null)[],
  formats: readonly Format[],
  types: readonly SqlType[],
  settings: IoSettings,
): Datum[] {
  const out: Datum[] = [];
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]!;
    const type = types[i]!;
    if (v === null) out.push(null);
    else if (formats[i] === 1) out.push(decodeBinary(v, type));
    else out.push(parseText(decodeUtf8(v), type, settings));
  }
  return out;
}

/** RowDescription fields for result columns in the given formats (text when absent). */
export function fieldDescriptions(
  columns: readonly ResultColumn[],
  formats: readonly Format[] = [],
): FieldDescription[] {
  return columns.map((c, i) => ({
    name: c.name,
    tableOid: c.tableOid,
    columnNumber: c.columnNumber,
    typeOid: typeOid(c.type),
    typeLen: typeLen(c.type),
    typmod: c.type.kind === 'scalar' ? c.type.typmod : -1,
    format: formats[i] ?? 0,
  }));
}

/** Encodes one result row for DataRow. */
export function encodeRow(
  row: Row,
  columns: readonly ResultColumn[],
  formats: readonly Format[],
  settings: IoSettings,
): WireValue[] {
  const out: WireValue[] = new Array<WireValue>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const d = row[i] ?? null;
    const type = columns[i]!.type;
    if (d === null) out[i] = null;
    else if (formats[i] === 1) out[i] = encodeBinary(d, type);
    else out[i] = formatText(d, type, settings);
  }
  return out;
}
