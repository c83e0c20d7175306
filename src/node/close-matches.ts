// "Did you mean" for holiday places: a code or a name the user typed against the known
// code/name pairs (`USA` -> `US`, `California` -> `CA`, `Bavaria` -> nothing, `Bayern` -> `BY`).

import { editDistance } from '../core/config/did-you-mean.js';

export interface NamedCode {
  code: string;
  /** Every name the place goes by (English and native), for matching and for the hint. */
  names: string[];
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function initials(name: string): string {
  return fold(name)
    .split(' ')
    .filter((word) => !['of', 'and', 'the', 'de', 'du', 'des', 'la', 'le'].includes(word))
    .map((word) => word[0])
    .join('');
}

/** Lower is closer; Infinity: not a plausible match. */
function closeness(query: string, candidate: NamedCode): number {
  const q = fold(query);
  if (q === '') return Number.POSITIVE_INFINITY;
  const code = candidate.code.toLowerCase();
  let best = Number.POSITIVE_INFINITY;
  for (const name of candidate.names) {
    const folded = fold(name);
    if (folded === '') continue; // a name in a script folding cannot compare
    if (folded === q) return 0;
    if (initials(name) === q.replace(/ /g, '')) best = Math.min(best, 1);
    if (q.length >= 4 && (folded.startsWith(q) || q.startsWith(folded))) best = Math.min(best, 1);
    // The distance is at least the difference in length: skip hopeless (or hostile) lengths.
    const limit = Math.max(1, Math.floor(folded.length / 4));
    const distance =
      Math.abs(q.length - folded.length) <= limit ? editDistance(q, folded) : limit + 1;
    if (distance <= limit) best = Math.min(best, 1 + distance);
  }
  if (q.startsWith(code) && q.length <= code.length + 1) best = Math.min(best, 1);
  const codeDistance = q.length <= 4 ? editDistance(q, code) : Number.POSITIVE_INFINITY;
  if (codeDistance <= 1) best = Math.min(best, 1 + codeDistance);
  return best;
}

/** Up to three of the closest matches (all equally close), phrased for a hint: `"US" (United States of America)`. */
export function closeMatches(query: string, candidates: NamedCode[]): string | undefined {
  const ranked = candidates
    .map((candidate) => ({ candidate, score: closeness(query, candidate) }))
    .filter((entry) => Number.isFinite(entry.score))
    .sort((a, b) => a.score - b.score || a.candidate.code.localeCompare(b.candidate.code));
  const best = ranked[0]?.score;
  if (best === undefined) return undefined;
  return ranked
    .filter((entry) => entry.score === best)
    .slice(0, 3)
    .map(({ candidate }) => {
      const name = candidate.names[0];
      return name && name !== candidate.code
        ? `"${candidate.code}" (${name})`
        : `"${candidate.code}"`;
    })
    .join(' or ');
}
