// An instant as people in a window's zone read it: `Tue 1 Dec 2026 10:00 CET (Europe/Berlin)`.
import { isValidZone, offsetAt } from '../time/zones.js';
import type { EpochMs } from '../types.js';
import {
  ZONE_ABBREVIATIONS,
  ZONE_ABBREVIATIONS_FROM,
  ZONE_ABBREVIATIONS_TO,
} from './zone-abbreviations.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface ZoneTime {
  zone: string;
  /** Minutes east of UTC. */
  offset: number;
  /** The local wall time as a Date whose UTC fields are the local fields. */
  wall: Date;
}

function at(instant: EpochMs | string, zone: string): ZoneTime {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant;
  const known = isValidZone(zone) ? zone : 'UTC';
  const offset = known === 'UTC' ? 0 : offsetAt(known, ms);
  return { zone: known, offset, wall: new Date(ms + offset * 60_000) };
}

const two = (n: number) => String(n).padStart(2, '0');

/** `+05:30`, `-03:00`, `+00:00`. */
function offsetText(offset: number): string {
  const size = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${two(Math.floor(size / 60))}:${two(size % 60)}`;
}

// Formatters by locale and zone: zones are finite (the IANA database), so this is bounded.
const shortNameFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's own short name at an instant (`CET`, `EST`), as the locale's ICU data gives it. */
function shortName(ms: EpochMs, zone: string, locale: string): string {
  const key = `${locale}|${zone}`;
  let format = shortNameFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    shortNameFormats.set(key, format);
  }
  return format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/**
 * The abbreviation ICU's data gives the zone at an instant with that offset: en-US's short
 * name, en-GB's where en-US has only `GMT+1` (en-US knows few European abbreviations), the
 * offset where neither has a name.
 */
export function icuAbbreviation(ms: EpochMs, zone: string, offset: number): string {
  const name = shortName(ms, zone, 'en-US');
  if (name === '') return offsetText(offset);
  if (/^GMT[+-]/.test(name)) return shortName(ms, zone, 'en-GB') || name;
  return name;
}

let table: Map<string, string> | undefined;

/**
 * The table's abbreviation for the zone at an instant with that offset (zone-abbreviations.ts):
 * none outside the years it was made for, nor where one offset has had several names.
 */
function tableAbbreviation(zone: string, offset: number, ms: EpochMs): string | undefined {
  if (!(ms >= ZONE_ABBREVIATIONS_FROM && ms < ZONE_ABBREVIATIONS_TO)) return undefined;
  if (table === undefined) {
    table = new Map();
    for (const entry of ZONE_ABBREVIATIONS.split('|')) {
      const space = entry.indexOf(' ');
      table.set(entry.slice(0, space), entry.slice(space + 1));
    }
  }
  const pairs = table.get(zone)?.split(' ') ?? [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    if (Number(pairs[i]) === offset) return pairs[i + 1] === '?' ? undefined : pairs[i + 1];
  }
  return undefined;
}

// The table's abbreviations by zone and UTC offset: a zone has only a few.
const abbreviations = new Map<string, string>();

/**
 * The zone's abbreviation at that instant: `CET`, `EST`; `GMT+5:30` where none is in use. From
 * the table made from ICU's data (no Intl formatter: the first costs 25-40 ms), else from ICU
 * for that very instant (an offset can have had other names: Cancun's -05:00 was CDT until 2015).
 */
export function zoneAbbreviation(instant: EpochMs | string, zone: string): string {
  const local = at(instant, zone);
  const ms = local.wall.getTime() - local.offset * 60_000;
  const key = `${local.zone}|${local.offset}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    name = tableAbbreviation(local.zone, local.offset, ms);
    if (name === undefined) return icuAbbreviation(ms, local.zone, local.offset);
    abbreviations.set(key, name);
  }
  return name;
}

const clock = (wall: Date) => `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`;

/** `Tue 1 Dec 2026 10:00 CET`. */
export function formatLocal(instant: EpochMs | string, zone: string): string {
  const { wall } = at(instant, zone);
  const date = `${WEEKDAYS[wall.getUTCDay()]} ${wall.getUTCDate()} ${MONTHS[wall.getUTCMonth()]} ${String(wall.getUTCFullYear()).padStart(4, '0')}`;
  return `${date} ${clock(wall)} ${zoneAbbreviation(instant, zone)}`;
}

/** `Tue 1 Dec 2026 10:00 CET (Europe/Berlin)`. */
export function formatInZone(instant: EpochMs | string, zone: string): string {
  return `${formatLocal(instant, zone)} (${zone})`;
}

/** `10:00 CET` when the instant falls on the same local day as `sameDayAs`, else formatLocal. */
export function formatLocalShort(
  instant: EpochMs | string,
  zone: string,
  sameDayAs: EpochMs | string,
): string {
  const { wall } = at(instant, zone);
  const other = at(sameDayAs, zone).wall;
  const day = (d: Date) => `${d.getUTCFullYear()}-${d.getUTCMonth()}-${d.getUTCDate()}`;
  if (day(wall) === day(other)) {
    return `${clock(wall)} ${zoneAbbreviation(instant, zone)}`;
  }
  return formatLocal(instant, zone);
}
