import { IANAZone } from 'luxon';

// Zones are finite (the IANA database), so this cache is bounded.
const zones = new Map<string, IANAZone>();

/** The luxon zone for an IANA name; throws on an unknown name (config validation rejects those first). */
export function zoneFor(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = IANAZone.create(name);
    if (!zone.isValid) throw new Error(`unknown time zone "${name}"`);
    zones.set(name, zone);
  }
  return zone;
}

export function isValidZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/** The zone's UTC offset at an instant, in minutes. */
export function offsetAt(zone: string, epochMs: number): number {
  return zoneFor(zone).offset(epochMs);
}
