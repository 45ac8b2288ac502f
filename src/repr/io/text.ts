// PostgreSQL text input/output for every SqlType: parseText is the type's input function
// (int4in, date_in, array_in, ... with the typmod applied), formatText its output function,
// printed as PostgreSQL does under the session's DateStyle/IntervalStyle/TimeZone/
// extra_float_digits/bytea_output (src/repr/io/settings.ts).
import { featureNotSupported, invalidParameterValue } from '../../errors/index.js';
import { nowMicros } from '../datetime/clock.js';
import { formatDate, formatTime, formatTimestamp, formatTimestamptz } from '../datetime/format.js';
import {
  type DateTimeContext,
  dateOrderOf,
  parseDate,
  parseTime,
  parseTimestamp,
  parseTimestamptz,
} from '../datetime/input.js';
import { parseInterval } from '../datetime/interval-input.js';
import { formatInterval } from '../datetime/interval-output.js';
import { sessionTimeZone } from '../datetime/timezone.js';
import { type Datum, Interval, type Jsonb, PgArray, RecordDatum } from '../datum.js';
import type { Numeric } from '../numeric.js';
import { formatType, typeFromOid } from '../pgtypes.js';
import { assertNever, type ScalarType, type SqlType } from '../types.js';
import { formatArray, parseArray } from './array.js';
import { formatJson, formatJsonValue, parseJson } from './json.js';
import {
  formatBool,
  formatFloat,
  parseBool,
  parseFloat8,
  parseInt32,
  parseInteger,
  parseNumeric,
  parseOid,
} from './numbers.js';
import { formatRecord, parseRecord } from './record.js';
import { DEFAULT_IO_SETTINGS, type IoSettings } from './settings.js';
import { formatBytea, parseBytea, parseChar, parseUuid, truncateName } from './strings.js';
import { applyTypmod } from './typmod.js';

function dtContext(settings: IoSettings, now: bigint | undefined): DateTimeContext {
  return {
    dateOrder: dateOrderOf(settings.dateStyle),
    zone: sessionTimeZone(settings.timeZone),
    now: now ?? nowMicros(),
  };
}

function parseScalar(
  text: string,
  t: ScalarType,
  settings: IoSettings,
  now: bigint | undefined,
): Datum {
  switch (t.name) {
    case 'bool':
      return parseBool(text);
    case 'int2':
      return parseInt32(text, 'smallint');
    case 'int4':
      return parseInt32(text, 'integer');
    case 'int8':
      return parseInteger(text, 'bigint');
    case 'float4':
      return parseFloat8(text, true);
    case 'float8':
      return parseFloat8(text);
    case 'numeric':
      return parseNumeric(text);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'unknown':
    case 'pg_node_tree':
    case 'aclitem':
    case 'tid':
    case 'inet':
      return text;
    case 'name':
      return truncateName(text);
    case 'char':
      return parseChar(text);
    case 'bytea':
      return parseBytea(text);
    case 'uuid':
      return parseUuid(text);
    case 'date':
      return parseDate(text, dtContext(settings, now));
    case 'time':
      return parseTime(text, dtContext(settings, now));
    case 'timestamp':
      return parseTimestamp(text, dtContext(settings, now));
    case 'timestamptz':
      return parseTimestamptz(text, dtContext(settings, now));
    case 'interval':
      return parseInterval(text);
    case 'jsonb':
      return parseJson(text, true);
    case 'json':
      return parseJson(text, false);
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
    case 'regrole':
    case 'xid':
    case 'cid':
      return parseOid(text);
    case 'int2vector':
    case 'oidvector': {
      const parts = text.trim() === '' ? [] : text.trim().split(/\s+/);
      const elems = parts.map((p) =>
        t.name === 'oidvector' ? parseOid(p) : Number(parseInteger(p, 'smallint')),
      );
      return new PgArray(elems, elems.length === 0 ? [] : [{ length: elems.length, lower: 0 }]);
    }
    case 'void':
      return '';
    default:
      return assertNever(t.name);
  }
}

/**
 * Parses PostgreSQL text input for a type (throws EddyError 22P02/22003/22007/22008 ... with
 * PostgreSQL's messages). The typmod is applied as an input function does (varchar(n) too long
 * → 22001). `now` (µs since 1970 UTC) is the statement time used for 'now'/'today'.
 */
export function parseText(
  text: string,
  type: SqlType,
  settings: IoSettings = DEFAULT_IO_SETTINGS,
  now?: bigint,
): Datum {
  switch (type.kind) {
    case 'scalar':
      return applyTypmod(parseScalar(withIntervalUnit(text, type), type, settings, now), type);
    case 'array':
      return parseArray(text, (s) =>
        applyTypmod(parseScalar(s, type.elem, settings, now), type.elem),
      );
    case 'record':
      if (type.fields.length === 0)
        throw featureNotSupported('input of anonymous composite types is not implemented');
      return parseRecord(text, type.fields.length, (s, i) =>
        parseText(s, type.fields[i]!.type, settings, now),
      );
    default:
      return assertNever(type);
  }
}

/** Interval field bits (as in typmods), lowest unit first, with the unit's name. */
const INTERVAL_UNITS: readonly [number, string][] = [
  [4096, 'second'],
  [2048, 'minute'],
  [1024, 'hour'],
  [8, 'day'],
  [2, 'month'],
  [4, 'year'],
];

/**
 * A bare number given to an interval with fields (INTERVAL '2' HOUR, '1' DAY TO HOUR) counts in
 * the range's lowest unit, as in PostgreSQL; any other text is left alone.
 */
function withIntervalUnit(text: string, type: ScalarType): string {
  if (type.name !== 'interval' || type.typmod < 0) return text;
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(text)) return text;
  const range = (type.typmod >> 16) & 0x7fff;
  const unit = INTERVAL_UNITS.find(([bit]) => (range & bit) !== 0);
  return unit === undefined || range === 0x7fff ? text : `${text.trim()} ${unit[1]}`;
}

function formatScalar(d: Datum, t: ScalarType, settings: IoSettings): string {
  switch (t.name) {
    case 'bool':
      return formatBool(d as boolean);
    case 'regtype': {
      // A type's name, as regtypeout prints it (an OID naming no type prints as the number).
      const named = typeFromOid(d as number);
      if (named === undefined) return String(d);
      // format_type_be: bpchar with no length given is "character" (formatType gives "bpchar").
      return named.kind === 'scalar' && named.name === 'bpchar' ? 'character' : formatType(named);
    }
    case 'regclass':
    case 'regproc':
    case 'regnamespace':
    case 'regrole':
      return settings.regName?.(t.name, d as number) ?? String(d);
    case 'int2':
    case 'int4':
    case 'int8':
    case 'oid':
    case 'xid':
    case 'cid':
      return String(d);
    case 'float4':
      return formatFloat(d as number, true, settings.extraFloatDigits);
    case 'float8':
      return formatFloat(d as number, false, settings.extraFloatDigits);
    case 'numeric':
      return (d as Numeric).toString();
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
    case 'unknown':
    case 'uuid':
    case 'pg_node_tree':
    case 'aclitem':
    case 'tid':
    case 'inet':
    case 'void':
      return d as string;
    case 'bytea':
      return formatBytea(d as Uint8Array, settings.byteaOutput);
    case 'date':
      return formatDate(d as number);
    case 'time':
      return formatTime(d as number);
    case 'timestamp':
      return formatTimestamp(d as bigint);
    case 'timestamptz':
      return formatTimestamptz(d as bigint, sessionTimeZone(settings.timeZone));
    case 'interval':
      return formatInterval(d as Interval, settings.intervalStyle);
    case 'jsonb':
      return formatJson((d as Jsonb).value);
    case 'json':
      return formatJsonValue(d as Jsonb);
    case 'int2vector':
    case 'oidvector':
      return (d as PgArray).elements.map(String).join(' ');
    default:
      return assertNever(t.name);
  }
}

/** PostgreSQL's text output of a non-null datum of a type. */
export function formatText(d: Datum, type: SqlType, settings: IoSettings): string {
  if (d === null) throw invalidParameterValue('formatText: NULL has no text form');
  switch (type.kind) {
    case 'scalar':
      return formatScalar(d, type, settings);
    case 'array':
      return formatArray(d as PgArray, (e) => formatScalar(e, type.elem, settings));
    case 'record': {
      const r = d as RecordDatum;
      return formatRecord(r, (f, i) => {
        const ft = type.fields[i]?.type;
        return ft === undefined ? guessText(f, settings) : formatText(f, ft, settings);
      });
    }
    default:
      return assertNever(type);
  }
}

/** Text of a datum whose type is unknown (fields of an anonymous record), by representation. */
function guessText(d: Datum, settings: IoSettings): string {
  if (typeof d === 'string') return d;
  if (typeof d === 'boolean') return formatBool(d);
  if (typeof d === 'bigint') return String(d);
  if (typeof d === 'number') return formatFloat(d, false, settings.extraFloatDigits);
  if (d instanceof Interval) return formatInterval(d, settings.intervalStyle);
  if (d instanceof Uint8Array) return formatBytea(d, settings.byteaOutput);
  if (d instanceof PgArray) return formatArray(d, (e) => guessText(e, settings));
  if (d instanceof RecordDatum) return formatRecord(d, (f) => guessText(f, settings));
  if (d !== null && typeof d === 'object' && 'value' in d) return formatJson(d.value);
  return String(d);
}
