// An instant as people in a window's zone read it: `Tue 1 Dec 2026 10:00 CET (Europe/Berlin)`.
import { DateTime } from 'luxon';
import type { EpochMs } from '../types.js';

function at(instant: EpochMs | string, zone: string): DateTime {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant;
  const local = DateTime.fromMillis(ms, { zone, locale: 'en-US' });
  return local.isValid ? local : DateTime.fromMillis(ms, { zone: 'UTC', locale: 'en-US' });
}

// Abbreviations by zone and UTC offset: each costs ICU formatters, and a zone has only a few.
const abbreviations = new Map<string, string>();

/** The zone's abbreviation at that instant: `CET`, `EST`; `GMT+5:30` where none is in use. */
export function zoneAbbreviation(instant: EpochMs | string, zone: string): string {
  const local = at(instant, zone);
  const key = `${local.zoneName}|${local.offset}`;
  const known = abbreviations.get(key);
  if (known !== undefined) return known;
  let name = local.offsetNameShort ?? '';
  if (name === '') name = local.toFormat('ZZ');
  else if (/^GMT[+-]/.test(name)) {
    // en-US knows few European abbreviations (CET, BST); en-GB knows them.
    name = local.setLocale('en-GB').offsetNameShort || name;
  }
  abbreviations.set(key, name);
  return name;
}

/** `Tue 1 Dec 2026 10:00 CET`. */
export function formatLocal(instant: EpochMs | string, zone: string): string {
  const local = at(instant, zone);
  return `${local.toFormat('ccc d LLL yyyy HH:mm')} ${zoneAbbreviation(instant, zone)}`;
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
  const local = at(instant, zone);
  if (local.hasSame(at(sameDayAs, zone), 'day')) {
    return `${local.toFormat('HH:mm')} ${zoneAbbreviation(instant, zone)}`;
  }
  return formatLocal(instant, zone);
}
