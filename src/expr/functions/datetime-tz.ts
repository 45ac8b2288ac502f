// Time zones for the date/time functions: UTC offsets of IANA zones (through the ICU data in
// Node's Intl), fixed offsets ('+05:30', 'UTC-3', POSIX sign convention like PostgreSQL), and the
// common abbreviations, plus PostgreSQL's rule for local times that a DST transition skips (use
// the offset before the transition) or repeats (use the offset after it).
import { invalidParameterValue } from '../../errors/index.js';
import { floorDiv } from './datetime-cal.js';

export type Zone =
  | { readonly kind: 'fixed'; readonly offset: number; readonly abbrev: string | null }
  | { readonly kind: 'iana'; readonly name: string; readonly fmt: Intl.DateTimeFormat };

/** Abbreviations PostgreSQL knows by default (a subset), seconds east of UTC. */
const ABBREVS: Readonly<Record<string, number>> = {
  utc: 0,
  gmt: 0,
  z: 0,
  zulu: 0,
  ut: 0,
  est: -5 * 3600,
  edt: -4 * 3600,
  cst: -6 * 3600,
  cdt: -5 * 3600,
  mst: -7 * 3600,
  mdt: -6 * 3600,
  pst: -8 * 3600,
  pdt: -7 * 3600,
  akst: -9 * 3600,
  akdt: -8 * 3600,
  hst: -10 * 3600,
  cet: 3600,
  cest: 2 * 3600,
  met: 3600,
  mest: 2 * 3600,
  eet: 2 * 3600,
  eest: 3 * 3600,
  wet: 0,
  west: 3600,
  bst: 3600,
  msk: 3 * 3600,
  ist: 2 * 3600,
  jst: 9 * 3600,
  kst: 9 * 3600,
  aest: 10 * 3600,
  aedt: 11 * 3600,
  nzst: 12 * 3600,
  nzdt: 13 * 3600,
};

const zoneCache = new Map<string, Zone>();

/** Resolves a time zone name; throws `time zone "x" not recognized` (22023). */
export function resolveZone(name: string): Zone {
  const cached = zoneCache.get(name);
  if (cached !== undefined) return cached;
  const z = parseZone(name);
  if (z === null) throw invalidParameterValue(`time zone "${name}" not recognized`);
  if (zoneCache.size > 1000) zoneCache.clear();
  zoneCache.set(name, z);
  return z;
}

function parseZone(name: string): Zone | null {
  const lower = name.trim().toLowerCase();
  const ab = ABBREVS[lower];
  if (ab !== undefined) return { kind: 'fixed', offset: ab, abbrev: name.trim().toUpperCase() };
  // POSIX-style offsets: '+05', '-3:30', 'UTC+5', '<+03>-3'; a positive number is west of UTC.
  const m = /^(?:utc|gmt)?([+-]?)(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(lower);
  if (m !== null) {
    const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    if (Number(m[2]) > 15 && m[3] === undefined) return null;
    return { kind: 'fixed', offset: m[1] === '-' ? secs : -secs, abbrev: null };
  }
  try {
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name.trim(),
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    return { kind: 'iana', name: fmt.resolvedOptions().timeZone, fmt };
  } catch {
    return null;
  }
}

const MAX_DATE_MS = 8.64e15;
const offsetCache = new Map<string, number>();

/** Seconds east of UTC in force at a UTC instant (µs since epoch). */
export function utcOffset(zone: Zone, utcUs: bigint): number {
  if (zone.kind === 'fixed') return zone.offset;
  let ms = Number(floorDiv(utcUs, 1000n));
  ms = Math.max(-MAX_DATE_MS + 86_400_000 * 2, Math.min(MAX_DATE_MS - 86_400_000 * 2, ms));
  const sec = Math.floor(ms / 1000);
  const key = `${zone.name}@${sec}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of zone.fmt.formatToParts(new Date(sec * 1000))) {
    const v = Number(p.value);
    switch (p.type) {
      case 'year':
        year = v;
        break;
      case 'month':
        month = v;
        break;
      case 'day':
        day = v;
        break;
      case 'hour':
        hour = v;
        break;
      case 'minute':
        minute = v;
        break;
      case 'second':
        second = v;
        break;
      case 'era':
        bc = p.value.startsWith('B');
        break;
      default:
        break;
    }
  }
  if (bc) year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const offset = Math.round(d.getTime() / 1000 - sec);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** The UTC instant of a wall-clock time in a zone (PostgreSQL's DST-gap and overlap rules). */
export function localToUtc(zone: Zone, localUs: bigint): bigint {
  if (zone.kind === 'fixed') return localUs - BigInt(zone.offset) * 1_000_000n;
  const day = 86_400_000_000n;
  const before = utcOffset(zone, localUs - day);
  const after = utcOffset(zone, localUs + day);
  const u1 = localUs - BigInt(before) * 1_000_000n;
  if (before === after) {
    // One offset around here, unless a transition happened and reverted within two days.
    const o = utcOffset(zone, u1);
    return o === before ? u1 : localUs - BigInt(o) * 1_000_000n;
  }
  const u2 = localUs - BigInt(after) * 1_000_000n;
  const v1 = utcOffset(zone, u1) === before;
  const v2 = utcOffset(zone, u2) === after;
  if (v2) return u2; // valid after the transition (also the choice for repeated times)
  if (v1) return u1;
  return u1; // skipped time: interpret with the offset before the transition
}

/** Abbreviation of the zone at an instant ('EST', 'CEST'), or the '+05'-style offset. */
export function zoneAbbrev(zone: Zone, utcUs: bigint): string {
  if (zone.kind === 'fixed' && zone.abbrev !== null) return zone.abbrev;
  const off = utcOffset(zone, utcUs);
  if (zone.kind === 'iana') {
    if (zone.name === 'UTC' || zone.name === 'Etc/UTC') return 'UTC';
    const ms = Number(floorDiv(utcUs, 1000n));
    if (Math.abs(ms) < MAX_DATE_MS) {
      for (const locale of ['en-US', 'en-GB']) {
        const short = new Intl.DateTimeFormat(locale, {
          timeZone: zone.name,
          timeZoneName: 'short',
        })
          .formatToParts(new Date(ms))
          .find((p) => p.type === 'timeZoneName')?.value;
        if (short !== undefined && /^[A-Z]{3,5}$/.test(short)) return short;
      }
    }
  }
  return formatOffset(off, false);
}

/** '+05', '-04:30', '+05:30:10' (minutes and seconds only when non-zero, or always with `full`). */
export function formatOffset(offsetSecs: number, full: boolean): string {
  const sign = offsetSecs < 0 ? '-' : '+';
  const a = Math.abs(offsetSecs);
  const h = Math.floor(a / 3600);
  const m = Math.floor(a / 60) % 60;
  const s = a % 60;
  let out = `${sign}${String(h).padStart(2, '0')}`;
  if (m !== 0 || s !== 0 || full) out += `:${String(m).padStart(2, '0')}`;
  if (s !== 0) out += `:${String(s).padStart(2, '0')}`;
  return out;
}

/** UTC → local wall-clock µs in a zone. */
export function utcToLocal(zone: Zone, utcUs: bigint): bigint {
  return utcUs + BigInt(utcOffset(zone, utcUs)) * 1_000_000n;
}
