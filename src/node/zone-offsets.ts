// Zone offsets through TZ: V8's Date reads the zone TZ names from ICU's data, as Intl does,
// without the 25-40 ms Intl spends building its locale list for the first formatter.
import {
  intlZoneReader,
  useZoneReader,
  type ZoneOffsets,
  type ZoneReader,
} from '../core/time/zones.js';

const SECOND_MS = 1000;
const wall = new Date(0);

/** Local wall fields of the zone TZ names, as UTC ms: their difference with the instant. */
const dateOffsets: ZoneOffsets = {
  offset(epochMs) {
    if (!(Math.abs(epochMs) <= 8.64e15)) return Number.NaN;
    const local = new Date(epochMs);
    wall.setUTCFullYear(local.getFullYear(), local.getMonth(), local.getDate());
    wall.setUTCHours(local.getHours(), local.getMinutes(), local.getSeconds(), 0);
    const whole = epochMs - (((epochMs % SECOND_MS) + SECOND_MS) % SECOND_MS);
    return (wall.getTime() - whole) / 60_000;
  },
};

/**
 * Reads with TZ set to the zone for the length of one `read`, then puts TZ back: child
 * processes and `timezone: local` see the machine's zone. TZ is assigned again before every
 * probe: Node then empties V8's cache of local offsets, which assumes no two offset changes
 * within 19 days (Node 24's read Gaza's breaks of 2040 and Brazil's of 2000 wrong from a
 * look-up days before).
 */
export function tzZoneReader(env: NodeJS.ProcessEnv = process.env): ZoneReader {
  return (zone, read) => {
    const before = env.TZ;
    const fresh: ZoneOffsets = {
      offset(epochMs) {
        env.TZ = zone;
        return dateOffsets.offset(epochMs);
      },
    };
    try {
      return read(fresh);
    } finally {
      if (before === undefined) delete env.TZ;
      else env.TZ = before;
    }
  };
}

const PROBE = Date.UTC(2021, 0, 15, 12);

/**
 * Does setting TZ move Date's zone here? Not on Windows, where ICU asks the system and not TZ;
 * two zones with different offsets at one instant tell, whatever the machine's zone is.
 */
function tzMovesDate(reader: ZoneReader): boolean {
  const tokyo = reader('Asia/Tokyo', (zone) => zone.offset(PROBE));
  const newYork = reader('America/New_York', (zone) => zone.offset(PROBE));
  return tokyo === 540 && newYork === -300;
}

/**
 * Reads the runtime's listed zones through TZ from now on, after checking on first use that
 * TZ moves Date here; where it does not, Intl reads them as before.
 */
export function readZonesThroughTz(env: NodeJS.ProcessEnv = process.env): void {
  const reader = tzZoneReader(env);
  let checked: ZoneReader | undefined;
  useZoneReader((zone, read) => {
    checked ??= tzMovesDate(reader) ? reader : intlZoneReader;
    return checked(zone, read);
  });
}
