// Mermaid `gantt` charts of open periods, for comments and notes (GitHub and GitLab render
// them). Every text from a config goes through mermaidText, the one escape for this syntax.
import { offsetAt } from '../time/zones.js';
import type { Interval } from '../types.js';

export interface GanttRow {
  /** Section heading, e.g. "before" / "after" / "production". */
  section: string;
  /** Label of each bar, e.g. "open". */
  label: string;
  periods: readonly Interval[];
  /** Mermaid task tag: `done` (grey), `active` (highlighted), `crit` (red), or none. */
  tag?: 'done' | 'active' | 'crit';
}

export interface GanttMarker {
  label: string;
  at: number;
}

export interface GanttChart {
  title: string;
  /** Bars and markers are drawn in this zone's wall time. */
  zone: string;
  from: number;
  to: number;
  rows: readonly GanttRow[];
  markers?: readonly GanttMarker[];
}

/** At most this many bars per row, so a dense policy cannot make a chart no one can read. */
const MAX_BARS_PER_ROW = 60;

/**
 * Text made safe for a Mermaid gantt line: no `:` `;` `#` `%` (statement, comment and
 * entity syntax), no line breaks or markup characters; at most 60 characters.
 */
export function mermaidText(text: string): string {
  const plain = text
    .replace(/[^\p{L}\p{N} _.,()/+-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60)
    .trim();
  return plain === '' ? '-' : plain;
}

/** `2026-12-01 10:00`: the instant's wall time in the zone (Mermaid reads it as written). */
function wallTime(instant: number, zone: string): string {
  const local = new Date(instant + offsetAt(zone, instant) * 60_000);
  return local.toISOString().slice(0, 16).replace('T', ' ');
}

/** The chart as a Mermaid `gantt` block body (without the ``` fence). */
export function ganttChart(chart: GanttChart): string {
  const lines = [
    'gantt',
    `  title ${mermaidText(chart.title)}`,
    '  dateFormat YYYY-MM-DD HH:mm',
    '  axisFormat %a %d',
    '  tickInterval 1day',
  ];
  let id = 0;
  for (const row of chart.rows) {
    lines.push(`  section ${mermaidText(row.section)}`);
    const periods = row.periods
      .map((period) => ({
        start: Math.max(period.start, chart.from),
        end: Math.min(period.end, chart.to),
      }))
      .filter((period) => period.end > period.start);
    if (periods.length === 0) {
      // An empty section still shows, with a zero-length bar at the start.
      lines.push(`  none :milestone, t${id++}, ${wallTime(chart.from, chart.zone)}, 0m`);
      continue;
    }
    const tag = row.tag ? `${row.tag}, ` : '';
    for (const period of periods.slice(0, MAX_BARS_PER_ROW)) {
      const minutes = Math.max(1, Math.round((period.end - period.start) / 60_000));
      lines.push(
        `  ${mermaidText(row.label)} :${tag}t${id++}, ${wallTime(period.start, chart.zone)}, ${minutes}m`,
      );
    }
  }
  const markers = chart.markers ?? [];
  if (markers.length > 0) {
    lines.push('  section marks');
    for (const marker of markers) {
      lines.push(
        `  ${mermaidText(marker.label)} :milestone, t${id++}, ${wallTime(marker.at, chart.zone)}, 0m`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The chart fenced for Markdown. */
export function ganttBlock(chart: GanttChart): string {
  return `\`\`\`mermaid\n${ganttChart(chart)}\`\`\`\n`;
}
