// `windows` listings: the open periods and deny occurrences of a span, as text or JSON.
import { formatDuration } from '../duration.js';
import { formatInstant } from '../time/instant.js';
import type { Timeline } from '../timeline.js';
import { environmentLabel } from './describe.js';
import { jsonDocument, visibleControls } from './escape.js';
import { formatLocal, formatLocalShort } from './zone-time.js';

export interface WindowsListing {
  environment: string | null;
  from: number;
  to: number;
  /** The zone open periods are shown in (the config's). */
  timezone: string;
  timeline: Timeline;
  warnings: string[];
  /** The policy layers' sources, outermost first (docs/organisation.md); shown when more than one. */
  layers?: string[];
}

function span(
  start: number,
  end: number,
  zone: string,
  cutStart: boolean,
  cutEnd: boolean,
): string {
  const from = `${formatLocal(start, zone)}${cutStart ? ' (already open)' : ''}`;
  const to = `${formatLocalShort(end, zone, start)}${cutEnd ? ' (or later)' : ''}`;
  return `${from} -> ${to}`;
}

function length(start: number, end: number): string {
  return formatDuration(Math.round((end - start) / 60_000));
}

/** The listing as JSON: instants in UTC, one entry per open period and deny occurrence. */
export function windowsJson(listing: WindowsListing): string {
  const body = {
    environment: listing.environment,
    from: formatInstant(listing.from),
    to: formatInstant(listing.to),
    timezone: listing.timezone,
    open: listing.timeline.open.map((period) => ({
      start: formatInstant(period.start),
      end: formatInstant(period.end),
    })),
    deny: listing.timeline.occurrences
      .filter((occurrence) => occurrence.kind === 'deny')
      .map((occurrence) => ({
        window: occurrence.window,
        start: formatInstant(occurrence.start),
        end: formatInstant(occurrence.end),
        timezone: occurrence.timezone,
      })),
    occurrences: listing.timeline.occurrences.map((occurrence) => ({
      window: occurrence.window,
      kind: occurrence.kind,
      start: formatInstant(occurrence.start),
      end: formatInstant(occurrence.end),
      timezone: occurrence.timezone,
      ...(occurrence.layer === undefined ? {} : { layer: occurrence.layer }),
    })),
    warnings: listing.warnings,
    ...(listing.layers && listing.layers.length > 1 ? { layers: listing.layers } : {}),
  };
  return jsonDocument(body);
}

/** The policy layers a listing intersects, when there is more than the file itself. */
function layerLines(layers: readonly string[] | undefined): string[] {
  if (!layers || layers.length <= 1) return [];
  return [
    '',
    `Layers (${layers.length}, outermost first; open periods are when every layer allows):`,
    ...layers.map((source, index) => `  ${index + 1}. ${source}`),
  ];
}

/** The listing for a terminal: open periods in the config's zone, deny occurrences in theirs. */
export function windowsText(listing: WindowsListing): string {
  const { from, to, timezone, timeline } = listing;
  const lines = [
    `Windows for ${environmentLabel(listing.environment)}, ${formatLocal(from, timezone)} to ${formatLocal(to, timezone)} (${timezone})`,
    ...layerLines(listing.layers),
    '',
    `Open periods (${timeline.open.length}):`,
  ];
  if (timeline.open.length === 0) lines.push('  none: deploys are blocked for the whole span');
  for (const period of timeline.open) {
    const text = span(period.start, period.end, timezone, period.start <= from, period.end >= to);
    lines.push(`  ${text}  [${length(period.start, period.end)}]`);
  }
  const denies = timeline.occurrences.filter((occurrence) => occurrence.kind === 'deny');
  lines.push('', `Deny occurrences (${denies.length}):`);
  if (denies.length === 0) lines.push('  none');
  for (const deny of denies) {
    const text = span(deny.start, deny.end, deny.timezone, deny.start < from, deny.end >= to);
    lines.push(`  ${visibleControls(deny.window)}: ${text}`);
  }
  for (const warning of listing.warnings) lines.push('', `Warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
