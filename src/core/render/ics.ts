// `deploy-window windows --format ics`: the open periods and deploy freezes of a span as an
// RFC 5545 calendar that calendar apps can subscribe to. Pure: the caller passes `now`.

import { formatInstant } from '../time/instant.js';
import type { Timeline } from '../timeline.js';
import type { Config } from '../types.js';
import { visibleControls } from './escape.js';

export interface IcsListing {
  environment: string | null;
  timeline: Timeline;
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;
/** Only ASCII: one octet a character. */
const NOT_ASCII = /[\u0080-\uffff]/;

/** The octets of a code point in UTF-8 (a lone surrogate is written as U+FFFD: three). */
function utf8Octets(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

const ZERO_WIDTH_SPACE = '\u200B';

/**
 * TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 3.3.11), and the
 * control characters TEXT may not hold written out as `\u001b`. A feed may be printed in a
 * GitHub runner's log, which reads a line that starts with `::` (leading space trimmed) or
 * holds `##[` as a command, and any fold could start a line: a zero-width space goes between
 * two colons and between `##` and `[` (docs/github-action.md, "What reaches the log").
 */
export function escapeIcsText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) =>
      visibleControls(line)
        .replace(/\\/g, '\\\\')
        .replace(/;/g, '\\;')
        .replace(/,/g, '\\,')
        .replace(/:(?=:)/g, `:${ZERO_WIDTH_SPACE}`)
        .replace(/##\[/g, `#${ZERO_WIDTH_SPACE}#[`),
    )
    .join('\\n');
}

/** A content line folded to at most 75 octets per line, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  if (line.length <= MAX_LINE_OCTETS && !NOT_ASCII.test(line)) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = utf8Octets(character.codePointAt(0) ?? 0);
    // A continuation line starts with a space, which counts towards its 75 octets.
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join(CRLF);
}

/** `20261124T090000Z`. */
export function formatIcsUtc(epochMs: number): string {
  return formatInstant(epochMs)
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** A 53-bit string hash (cyrb53), hex: stable across runs and platforms, no crypto needed. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** The same period of the same window gets the same UID in every run, so clients update it. */
export function icsUid(label: string, start: number): string {
  return `${hash(`${label}\n${start}`)}-${formatIcsUtc(start)}@deploy-window`;
}

interface FeedEvent {
  uid: string;
  start: number;
  end: number;
  summary: string;
  description: string;
}

function eventLines(event: FeedEvent, stamp: string): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${stamp}`,
    `DTSTART:${formatIcsUtc(event.start)}`,
    `DTEND:${formatIcsUtc(event.end)}`,
    `SUMMARY:${escapeIcsText(event.summary)}`,
    `DESCRIPTION:${escapeIcsText(event.description)}`,
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

/**
 * The calendar feed: one VEVENT per open period ("Deploys open (<env>)") and per deny
 * occurrence ("Deploy freeze: <window>"), times in UTC, CRLF line ends, folded lines.
 */
export function renderIcs(config: Config, listing: IcsListing, now: number): string {
  const environment = listing.environment ?? 'all environments';
  const messages = new Map(config.windows.map((window) => [window.name, window.message]));
  const events: FeedEvent[] = [
    ...listing.timeline.open.map((period) => ({
      uid: icsUid(`open\n${listing.environment ?? '*'}`, period.start),
      start: period.start,
      end: period.end,
      summary: `Deploys open (${environment})`,
      description: `Deploys to ${environment} are allowed (deploy-window, ${config.file}).`,
    })),
    ...listing.timeline.occurrences
      .filter((occurrence) => occurrence.kind === 'deny')
      .map((occurrence) => ({
        uid: icsUid(`deny\n${occurrence.window}`, occurrence.start),
        start: occurrence.start,
        end: occurrence.end,
        summary: `Deploy freeze: ${occurrence.window}`,
        description:
          messages.get(occurrence.window) ??
          config.message ??
          `Deploys are blocked by the deny window "${occurrence.window}" (${config.file}).`,
      })),
  ].sort((a, b) => a.start - b.start || a.summary.localeCompare(b.summary));
  const stamp = formatIcsUtc(now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//deploy-window//deploy-window//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeIcsText(`Deploy windows (${environment})`)}`,
    `X-WR-TIMEZONE:${config.timezone}`,
    ...events.flatMap((event) => eventLines(event, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
