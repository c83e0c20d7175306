// "Did you mean" suggestions: the known names closest to a misspelt one.

/** Optimal string alignment distance: Levenshtein plus transposition of adjacent characters. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table: number[] = new Array(rows * cols).fill(0);
  const at = (i: number, j: number): number => table[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) table[i * cols] = i;
  for (let j = 0; j < cols; j++) table[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      table[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '_');
}

/**
 * The candidates closest to `input` (case-insensitive; spaces, `-` and `_` alike), all at the
 * best distance, at most `limit`; none when nothing is close enough to be a plausible typo.
 */
export function closestMatches(input: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = normalize(input);
  if (wanted === '' || wanted.length > 200) return [];
  const threshold = Math.max(1, Math.min(3, Math.floor(wanted.length / 3)));
  const scored: { candidate: string; distance: number }[] = [];
  // The distance is at least the difference in length: only names of about the same length are
  // compared at all (a 200-character typo against 600 zone names costs nothing).
  const within = (known: string) =>
    Math.abs(known.length - wanted.length) <= threshold
      ? editDistance(wanted, known)
      : Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const known = normalize(candidate);
    let distance = within(known);
    // A zone's city alone (`new york`) or a key with a missing prefix still points at it.
    const tail = known.slice(known.lastIndexOf('/') + 1);
    if (tail !== known && tail.length > 2) distance = Math.min(distance, within(tail));
    if (distance <= threshold) scored.push({ candidate, distance });
  }
  const best = Math.min(...scored.map((entry) => entry.distance));
  return scored
    .filter((entry) => entry.distance === best)
    .sort((a, b) => a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/** Phrases candidates for ConfigIssue.hint: `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
export function phraseHint(candidates: readonly string[]): string | undefined {
  const quoted = candidates.map((candidate) => `"${candidate}"`);
  if (quoted.length === 0) return undefined;
  if (quoted.length === 1) return quoted[0];
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** closestMatches phrased as a hint, or undefined. */
export function suggest(
  input: string,
  candidates: readonly string[],
  limit = 3,
): string | undefined {
  return phraseHint(closestMatches(input, candidates, limit));
}

/** Words people write for a config key, for hints when the spelling is not merely off. */
const KEY_SYNONYMS: Record<string, string> = {
  tz: 'timezone',
  zone: 'timezone',
  time_zone: 'timezone',
  type: 'kind',
  env: 'environments',
  envs: 'environments',
  environment: 'environments',
  user: 'users',
  team: 'teams',
  codeowner: 'codeowners',
  window: 'windows',
  begin: 'start',
  stop: 'end',
  finish: 'end',
  since: 'from',
  to: 'until',
  day: 'days',
  weekdays: 'days',
  date: 'dates',
  holiday: 'holidays',
  rule: 'rrule',
  recurrence: 'rrule',
  length: 'duration',
  for: 'duration',
  hours: 'time',
  calendar: 'ics',
  description: 'message',
  reason: 'message',
};

/** A did-you-mean hint for an unknown key among `known` keys (typos and common synonyms). */
export function suggestKey(input: string, known: readonly string[]): string | undefined {
  const synonym = KEY_SYNONYMS[input.toLowerCase().replace(/[\s-]+/g, '_')];
  if (synonym !== undefined && known.includes(synonym)) return phraseHint([synonym]);
  return suggest(input, known);
}
