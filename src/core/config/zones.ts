// Time zone names: IANA zones (checked with Intl), `local` for the machine's zone.
import { isCanonicalZone, isValidZone, listedZones } from '../time/zones.js';
import { suggest } from './did-you-mean.js';
import type { Parsed } from './values.js';

/**
 * Resolves a config's `timezone` value: an IANA zone (spelt as the zone database spells it when
 * only the letter case differs), or `local` = `localZone()` (asked only then: it costs an
 * ICU look-up of the machine's zone).
 */
export function resolveZone(text: string, localZone: () => string): Parsed<string> {
  const name = text.trim();
  if (name === 'local') {
    const machine = localZone();
    if (machine !== '' && isValidZone(machine)) return { ok: true, value: machine };
    // A POSIX TZ rule (`JST-9`) or an unreadable zone: ICU names no zone, and reading the
    // windows in UTC instead would move every one of them without a word.
    return {
      ok: false,
      message:
        "`local` is the zone of the machine that runs deploy-window, and it has no IANA name here (TZ set to a POSIX rule such as JST-9, or to a name this runtime does not know); write the zone's name, such as Asia/Tokyo",
    };
  }
  if (name !== '' && isValidZone(name)) {
    if (isCanonicalZone(name)) return { ok: true, value: name };
    const lower = name.toLowerCase();
    const exact = [...listedZones()].find((zone) => zone.toLowerCase() === lower);
    return { ok: true, value: exact ?? name };
  }
  const hint = suggest(name, [...listedZones(), 'local']);
  return {
    ok: false,
    message: `unknown time zone "${text}"; expected an IANA zone such as Europe/Berlin`,
    ...(hint === undefined ? {} : { hint }),
  };
}
