import type { Decision, ExemptConfig } from './types.js';

const normalize = (login: string) => login.trim().toLowerCase();

/**
 * Is the actor one of the exempt users? Logins compare case-insensitively and exactly, so an
 * app `release-bot[bot]` and a user `release-bot` stay different people. A config may write a
 * user `@alice`; the actor is the platform's ID as it is, so an ID `@alice` is not alice.
 */
export function isExemptUser(exempt: ExemptConfig, actor: string | null): boolean {
  if (actor === null || actor.trim() === '') return false;
  const login = normalize(actor);
  return exempt.users.some((user) => normalize(user).replace(/^@/, '') === login);
}

/** The decision for an exempt actor: allowed, and everything else as for anyone. */
export function exemptDecision(decision: Decision, via: string): Decision {
  return { ...decision, allowed: true, reason: 'exempt', exempt: true, exemptBy: via };
}
