// The policy change the GitLab preview tests review (docs/preview.md, "On a merge request: the
// GitLab preview job"): the merge request's diff base, the policy it holds, the same policy
// opening an hour earlier, and where the previewed days start.

/** The merge request's diff base (CI_MERGE_REQUEST_DIFF_BASE_SHA). */
export const BASE = 'ba5e000000000000000000000000000000000001';

/** Production open Tuesday to Thursday, 10:00-16:00 Berlin. */
export const POLICY = `version: 1
timezone: Europe/Berlin
windows:
  - name: business-hours
    environments: [production]
    time: "10:00-16:00"
    days: [TU, WE, TH]
`;

/** POLICY opening at 09:00: Tuesday to Thursday 09:00-10:00 Berlin gained. */
export const LONGER = POLICY.replace('"10:00-16:00"', '"09:00-16:00"');

/** Monday 2026-11-23 00:00 Berlin; Tuesday at 09:00 POLICY is still closed. */
export const FROM = '2026-11-22T23:00:00Z';
