import type { ConfigIssue } from '../types.js';

/**
 * One line per issue, the way compilers print them:
 * `deploy-windows.yml:12:15: windows[2].timezone: unknown time zone "America/NewYork"; expected
 * an IANA zone such as Europe/Berlin (did you mean "America/New_York"?)`.
 */
export function formatIssue(issue: ConfigIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  const path = issue.path === '' ? '' : `${issue.path}: `;
  const hint = issue.hint ? ` (did you mean ${issue.hint}?)` : '';
  return `${where}: ${path}${issue.message}${hint}`;
}
