// What the end-to-end runs of the action's bundle share (docs/github-action.md): the commit each
// run deploys, the token its `github-token` input gets, and the weekday hours their configs open
// in UTC, with an instant before they open.

/** The commit every run deploys (the runner's GITHUB_SHA). */
export const RUN_SHA = 'c0ffee0000000000000000000000000000000001';

/** The workflow token the runs hand the `github-token` input: a secret no log may show. */
export const RUN_TOKEN = 'ghs_e2etoken1234567890abcdefghijklmnop';

/** The `windows:` of a config with `timezone: UTC`: production open Mon-Fri 09:00-17:00. */
export const WEEKDAY_HOURS_UTC = `windows:
  - name: business-hours
    environments: [production]
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`;

/** Monday 2026-11-23 08:30 UTC: blocked, half an hour before WEEKDAY_HOURS_UTC opens. */
export const BLOCKED_AT = '2026-11-23T08:30:00Z';
