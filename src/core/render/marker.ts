// The hidden markers by which the gate finds its own comments and notes: only a body's first
// line counts, because later lines hold text a change chose (file and window names).

/** Does `body` start with `marker` (the whole first line, or the start of it for a prefix)? */
export function carriesMarker(body: string, marker: string, whole = true): boolean {
  if (!body.startsWith(marker)) return false;
  if (!whole) return true;
  const next = body.charAt(marker.length);
  return next === '' || next === '\n' || next === '\r';
}
