// An exact, type-tagged rendering of datums for tests: two datums render the same only if
// they are the same value in the same representation (-0 vs 0, numeric scale, jsonb key order).
import {
  Interval,
  Jsonb,
  Numeric,
  PgArray,
  RecordDatum,
  type Datum,
  type JsonNode,
} from '../../src/repr/index.js';

export function show(d: Datum): string {
  if (d === null) return 'null';
  switch (typeof d) {
    case 'boolean':
      return `b:${d}`;
    case 'number':
      return Object.is(d, -0) ? 'n:-0' : `n:${d}`;
    case 'bigint':
      return `i:${d}`;
    case 'string':
      return `s:${JSON.stringify(d)}`;
    default:
      break;
  }
  if (d instanceof Numeric) return `d:${d.coef}/${d.scale}/${d.special}`;
  if (d instanceof Uint8Array) return `x:${d.constructor.name}:${Buffer.from(d).toString('hex')}`;
  if (d instanceof Interval) return `v:${d.months},${d.days},${d.micros}`;
  if (d instanceof Jsonb) return `j:${showJson(d.value)}`;
  if (d instanceof PgArray) {
    const dims = d.dims.map((x) => `${x.length}@${x.lower}`).join(',');
    return `a[${dims}](${d.elements.map(show).join(';')})`;
  }
  if (d instanceof RecordDatum) return `r(${d.fields.map(show).join(';')})`;
  throw new Error('show: unknown datum');
}

function showJson(v: JsonNode): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Numeric) return `${v.coef}/${v.scale}`;
  if (Array.isArray(v)) return `[${v.map(showJson).join(',')}]`;
  return `{${[...v].map(([k, x]) => `${JSON.stringify(k)}:${showJson(x)}`).join(',')}}`;
}

export function showRow(row: readonly Datum[]): string {
  return `(${row.map(show).join(', ')})`;
}
