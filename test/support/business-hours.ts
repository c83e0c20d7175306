// The GitLab tests' policy and instants: deploys Tuesday to Thursday, 10:00-16:00 Berlin, and
// a Saturday that it blocks (shared by the in-process harness and the gitlab-ci-local runs).

/** Deploys Tuesday to Thursday, 10:00-16:00 Berlin. */
export const BUSINESS_HOURS = `version: 1
timezone: Europe/Berlin
message: "Deploys: Tue-Thu 10:00-16:00 Berlin"
windows:
  - name: business-hours
    time: "10:00-16:00"
    days: [TU, WE, TH]
`;

/** Saturday 2026-11-21 16:00 Berlin: blocked, next opening Tuesday 2026-11-24 10:00 Berlin. */
export const SATURDAY = '2026-11-21T15:00:00Z';
export const NEXT_OPEN = '2026-11-24T09:00:00.000Z';
/** Tuesday 2026-11-24 11:00 Berlin: allowed. */
export const TUESDAY = '2026-11-24T10:00:00Z';
