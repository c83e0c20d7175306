// The policies the tests of organisation layers share (docs/organisation.md): for the command
// line, an org freeze over the year's end that exempts alice, and a repository's own business
// hours that extend other policies and exempt bob; for GitLab (docs/gitlab.md, "Org policies"),
// the policy project at a tag and its change freeze.

/** The org's year-end freeze of production (`prod*`), 21 December to 4 January, UTC. */
export const ORG_FREEZE = `version: 1
message: 'Org freeze: ask #sre'
exempt:
  users: [alice]
windows:
  - name: year-end-freeze
    kind: deny
    environments: ['prod*']
    start: 2026-12-21T00:00
    end: 2027-01-04T00:00
`;

/** Weekdays 09:00-17:00 in Berlin, extending `sources` (outermost first), exempting bob. */
export function repositoryHours(sources: string[]): string {
  return `version: 1
timezone: Europe/Berlin
extends:
${sources.map((source) => `  - ${source}`).join('\n')}
exempt:
  users: [bob]
windows:
  - name: business
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`;
}

/** The org's policy project on GitLab, and its org.yml at tag v3 as an `extends` source. */
export const GITLAB_ORG = 'acme/deploy-policy';
export const GITLAB_ORG_SOURCE = `gitlab>${GITLAB_ORG}:org.yml#v3`;

/**
 * The GitLab org's change freeze, Monday 23 to Wednesday 25 November 2026 in Berlin (over the
 * Tuesday when the repository's own hours allow), with `exempt` (an `exempt:` block, or none).
 */
export function gitlabOrgFreeze(exempt = ''): string {
  return `version: 1
timezone: Europe/Berlin
message: "Org change freeze: ask #sre for an exception"
${exempt}windows:
  - name: year-end-freeze
    kind: deny
    start: 2026-11-23T00:00
    end: 2026-11-26T00:00
`;
}
