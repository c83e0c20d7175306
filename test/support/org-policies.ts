// The policies the command-line tests of organisation layers share (docs/organisation.md): an
// org freeze over the year's end that exempts alice, and a repository's own business hours that
// extend other policies and exempt bob.

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
