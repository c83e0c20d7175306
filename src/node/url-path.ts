// Whether a request URL's path has a `.` or `..` segment (plain or percent-encoded). URL parsing
// resolves those away, so the request would reach another endpoint than the one asked for: a
// GitHub team slug `..` turns a team membership into the organisation's. No API path has one.
export function hasDotSegment(url: string): boolean {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/)[0] ?? '';
  return path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}
