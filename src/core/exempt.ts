import type { Decision, ExemptConfig } from './types.js';

/**
 * A login as compared: ASCII white space trimmed and ASCII letters lower-cased, nothing else.
 * `trim()` would strip a no-break space and `toLowerCase()` fold the Kelvin sign into `k`, so
 * a look-alike ID (`alice` + U+00A0) would pass as alice.
 */
const normalize = (login: string) =>
  trimAsciiSpace(login).replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * The text without ASCII white space around it, and nothing else: `trim()` also strips a
 * no-break space, a byte order mark or U+2028, which make another ID to a platform.
 */
export function trimAsciiSpace(text: string): string {
  return text.replace(/^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g, '');
}

/**
 * Is the actor one of the exempt users? Logins compare case-insensitively (ASCII letters) and
 * exactly, so an app `release-bot[bot]` and a user `release-bot` stay different people. A config
 * may write a user `@alice`; the actor is the platform's ID as it is, so an ID `@alice` is not
 * alice.
 */
export function isExemptUser(exempt: ExemptConfig, actor: string | null): boolean {
  if (actor === null) return false;
  const login = normalize(actor);
  if (login === '') return false;
  return exempt.users.some((user) => normalize(user).replace(/^@/, '') === login);
}

/** The decision for an exempt actor: allowed, and everything else as for anyone. */
export function exemptDecision(decision: Decision, via: string): Decision {
  return { ...decision, allowed: true, reason: 'exempt', exempt: true, exemptBy: via };
}
