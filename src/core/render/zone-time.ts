// An instant as people in a window's zone read it: `Tue 1 Dec 2026 10:00 CET (Europe/Berlin)`.
import { isValidZone, offsetAt } from '../time/zones.js';
import type { EpochMs } from '../types.js';

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

/** The zone's own short name at an instant (`CET`, `EST`), as the locale's ICU data gives it. */
function shortName(ms: EpochMs, zone: string, locale: string): string {
  const part = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}

// Abbreviations by zone and UTC offset: each costs ICU formatters, and a zone has only a few.
const abbreviations = new Map<string, string>();

/** The zone's abbreviation at that instant: `CET`, `EST`; `GMT+5:30` where none is in use. */
export function zoneAbbreviation(instant: EpochMs | string, zone: string): string {
  const local = at(instant, zone);
  const key = `${local.zone}|${local.offset}`;
  const known = abbreviations.get(key);
  if (known !== undefined) return known;
  const ms = local.wall.getTime() - local.offset * 60_000;
  let name = shortName(ms, local.zone, 'en-US');
  if (name === '') name = offsetText(local.offset);
  else if (/^GMT[+-]/.test(name)) {
    // en-US knows few European abbreviations (CET, BST); en-GB knows them.
    name = shortName(ms, local.zone, 'en-GB') || name;
  }
  abbreviations.set(key, name);
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
