// The calendar page: a week grid per environment with open periods and deny windows, as one
// self-contained HTML file (no network, no external script or font) or one SVG image.
import type { PolicyLayer } from '../layers.js';
import { dateFromDayNumber, weekdayOfDayNumber } from '../time/local-date.js';
import { localDayNumber, startOfLocalDay } from '../time/resolve.js';
import { listable, timelineOfLayers } from '../timeline.js';
import type { Interval, Weekday } from '../types.js';
import { environmentLabel } from './describe.js';
import { escapeHtml } from './escape.js';
import { formatLocal, zoneAbbreviation } from './zone-time.js';

export interface CalendarQuery {
  environments: readonly (string | null)[];
  from: number;
  days: number;
}

export interface CalendarBlock {
  kind: 'open' | 'deny';
  /** Deny: the window's name; open: "open". */
  label: string;
  start: number;
  end: number;
  /** Position within its day column, in percent of the local day. */
  top: number;
  height: number;
}

export interface CalendarDay {
  /** `2026-12-01`, local to the calendar's zone. */
  date: string;
  weekday: Weekday;
  start: number;
  end: number;
  blocks: CalendarBlock[];
}

export interface CalendarEnvironment {
  environment: string | null;
  weeks: CalendarDay[][];
}

export interface CalendarModel {
  zone: string;
  from: number;
  to: number;
  generatedAt: number;
  environments: CalendarEnvironment[];
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(day: number): string {
  const date = dateFromDayNumber(day);
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** Cuts periods to each local day they touch, positioned within that day. */
function blocksOfDay(
  periods: readonly { kind: 'open' | 'deny'; label: string; interval: Interval }[],
  start: number,
  end: number,
): CalendarBlock[] {
  const length = end - start;
  const blocks: CalendarBlock[] = [];
  for (const { kind, label, interval } of periods) {
    const from = Math.max(interval.start, start);
    const to = Math.min(interval.end, end);
    if (to <= from) continue;
    blocks.push({
      kind,
      label,
      start: from,
      end: to,
      top: ((from - start) / length) * 100,
      height: ((to - from) / length) * 100,
    });
  }
  return blocks;
}

/** The grid's data: whole local weeks (Monday first) covering [from, from + days). */
export function calendarModel(
  layers: readonly PolicyLayer[],
  query: CalendarQuery,
  now: number,
): CalendarModel {
  const config = (layers[layers.length - 1] as PolicyLayer).config;
  const zone = config.timezone;
  const firstDay = localDayNumber(query.from, zone);
  const weekdayIndex = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].indexOf(
    weekdayOfDayNumber(firstDay),
  );
  const gridStart = firstDay - weekdayIndex;
  const weekCount = Math.max(1, Math.ceil((firstDay + query.days - gridStart) / 7));
  const dayStart = (day: number) => startOfLocalDay(dateFromDayNumber(day), zone);
  const from = dayStart(gridStart);
  const to = dayStart(gridStart + weekCount * 7);
  let listed = 0;
  const environments = query.environments.map((environment): CalendarEnvironment => {
    const span = listable(timelineOfLayers(layers, { environment, from, to }), listed);
    listed += span.open.length + span.occurrences.length;
    const periods = [
      ...span.open.map((interval) => ({ kind: 'open' as const, label: 'open', interval })),
      ...span.occurrences
        .filter((occurrence) => occurrence.kind === 'deny')
        .map((occurrence) => ({
          kind: 'deny' as const,
          label: occurrence.window,
          interval: { start: occurrence.start, end: occurrence.end },
        })),
    ];
    const weeks: CalendarDay[][] = [];
    for (let week = 0; week < weekCount; week++) {
      const days: CalendarDay[] = [];
      for (let index = 0; index < 7; index++) {
        const day = gridStart + week * 7 + index;
        const start = dayStart(day);
        const end = dayStart(day + 1);
        days.push({
          date: isoDate(day),
          weekday: weekdayOfDayNumber(day),
          start,
          end,
          blocks: blocksOfDay(periods, start, end),
        });
      }
      weeks.push(days);
    }
    return { environment, weeks };
  });
  return { zone, from, to, generatedAt: now, environments };
}

function blockTitle(block: CalendarBlock, zone: string): string {
  const what = block.kind === 'open' ? 'Open for deploys' : `Deny window ${block.label}`;
  return `${what}: ${formatLocal(block.start, zone)} to ${formatLocal(block.end, zone)}`;
}

const STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1f2328; --muted: #656d76; --line: #d0d7de;
  --open: #2da44e; --open-fg: #fff; --deny: #cf222e; --deny-bg: #ffebe9; --now: #8250df; --focus: #0969da; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1;
  --line: #30363d; --open: #238636; --open-fg: #fff; --deny: #f85149; --deny-bg: #3c1618; --now: #a371f7; --focus: #4493f8; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 1rem 1.5rem; background: var(--bg); color: var(--fg);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.meta, .legend { color: var(--muted); margin: .25rem 0; }
.legend span { display: inline-block; width: .9em; height: .9em; vertical-align: -.1em; margin: 0 .3em 0 .8em; border-radius: 2px; }
.legend .open { background: var(--open); } .legend .deny { background: var(--deny-bg); border: 1px solid var(--deny); }
.week { display: grid; grid-template-columns: 3.2rem repeat(7, 1fr); margin-bottom: 1rem; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.head { padding: .3rem; text-align: center; font-weight: 600; border-bottom: 1px solid var(--line); border-left: 1px solid var(--line); }
.head:first-child { border-left: 0; }
.hours { position: relative; height: 480px; color: var(--muted); font-size: 11px; }
.hours div { position: absolute; right: .3rem; transform: translateY(-50%); }
.day { position: relative; height: 480px; border-left: 1px solid var(--line);
  background-image: linear-gradient(var(--line) 1px, transparent 1px); background-size: 100% calc(100% / 6); }
.block { position: absolute; left: 3px; right: 3px; border-radius: 3px; padding: 1px 3px; overflow: hidden;
  font-size: 11px; line-height: 1.2; cursor: default; min-height: 2px; }
.block.open { background: var(--open); color: var(--open-fg); }
.block.deny { left: 45%; background: var(--deny-bg); color: var(--fg); border: 1px solid var(--deny); }
.block:focus { outline: 3px solid var(--focus); outline-offset: 1px; z-index: 2; }
.now { position: absolute; left: 0; right: 0; height: 2px; background: var(--now); z-index: 3; pointer-events: none; }
.now::before { content: ""; position: absolute; left: -4px; top: -3px; width: 8px; height: 8px; border-radius: 50%; background: var(--now); }
#detail { min-height: 1.5em; margin: .5rem 0; }
`;

// Draws the "now" line and shows each block's times in the viewer's own zone; no network.
const SCRIPT = `
(function () {
  var fmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  var detail = document.getElementById('detail');
  var zoneName = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.getElementById('viewer-zone').textContent = zoneName;
  function show(el) {
    var start = new Date(Number(el.dataset.start)), end = new Date(Number(el.dataset.end));
    detail.textContent = el.getAttribute('aria-label') + ' (your time: ' + fmt.format(start) + ' to ' + fmt.format(end) + ')';
  }
  var blocks = Array.prototype.slice.call(document.querySelectorAll('.block'));
  blocks.forEach(function (el, i) {
    el.addEventListener('focus', function () { show(el); });
    el.addEventListener('mouseenter', function () { show(el); });
    el.addEventListener('keydown', function (e) {
      var step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
      if (!step) return;
      e.preventDefault();
      var next = blocks[i + step];
      if (next) next.focus();
    });
  });
  var now = Date.now();
  document.querySelectorAll('.day').forEach(function (day) {
    var start = Number(day.dataset.start), end = Number(day.dataset.end);
    if (now < start || now >= end) return;
    var line = document.createElement('div');
    line.className = 'now';
    line.setAttribute('role', 'presentation');
    line.style.top = ((now - start) / (end - start) * 100) + '%';
    day.appendChild(line);
  });
})();
`;

function dayHtml(day: CalendarDay, zone: string): string {
  const blocks = day.blocks
    .map((block) => {
      const title = escapeHtml(blockTitle(block, zone));
      const text = block.kind === 'open' ? 'open' : escapeHtml(block.label);
      return `<div class="block ${block.kind}" tabindex="0" role="img" aria-label="${title}" title="${title}" data-start="${block.start}" data-end="${block.end}" style="top:${block.top.toFixed(3)}%;height:${block.height.toFixed(3)}%">${text}</div>`;
    })
    .join('');
  return `<div class="day" data-date="${day.date}" data-start="${day.start}" data-end="${day.end}">${blocks}</div>`;
}

const DAY_NAMES = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** `Mon 30 Nov`. */
function dayLabel(day: CalendarDay): string {
  const [, month, date] = day.date.split('-').map(Number);
  return `${DAY_NAMES[day.weekday]} ${date} ${MONTH_NAMES[(month ?? 1) - 1]}`;
}

function weekHtml(days: CalendarDay[], zone: string): string {
  const heads = days
    .map((day) => `<div class="head">${day.weekday} ${day.date.slice(5)}</div>`)
    .join('');
  const hours = [0, 4, 8, 12, 16, 20]
    .map((hour) => `<div style="top:${(hour / 24) * 100}%">${pad(hour)}:00</div>`)
    .join('');
  const label = `Week of ${days[0]?.date ?? ''}`;
  return `<section class="week" aria-label="${label}"><div class="head"></div>${heads}<div class="hours" aria-hidden="true">${hours}</div>${days.map((day) => dayHtml(day, zone)).join('')}</section>`;
}

/** One self-contained HTML page: inline style and script, no external resource. */
export function calendarHtml(model: CalendarModel): string {
  const zone = escapeHtml(model.zone);
  const sections = model.environments
    .map((env) => {
      const name = escapeHtml(environmentLabel(env.environment));
      return `<h2>${name}</h2>${env.weeks.map((week) => weekHtml(week, model.zone)).join('')}`;
    })
    .join('\n');
  const generated = escapeHtml(formatLocal(model.generatedAt, model.zone));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Deploy windows</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Deploy windows</h1>
<p class="meta">Times in <strong>${zone}</strong> (${escapeHtml(zoneAbbreviation(model.from, model.zone))}); your zone: <span id="viewer-zone">unknown</span>. Generated ${generated}. Tab or the arrow keys move between periods.</p>
<p class="legend"><span class="open"></span>open for deploys<span class="deny"></span>deny window</p>
<p id="detail" aria-live="polite"></p>
${sections}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** One SVG image of the first environment's weeks (for READMEs and chat). */
export function calendarSvg(model: CalendarModel): string {
  const dayWidth = 120;
  const hourAxis = 40;
  const headHeight = 24;
  const gridHeight = 240;
  const weekHeight = headHeight + gridHeight + 16;
  const env = model.environments[0];
  const weeks = env?.weeks ?? [];
  const width = hourAxis + dayWidth * 7 + 10;
  const height = 40 + weeks.length * weekHeight;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>Deploy windows: ${escapeHtml(environmentLabel(env?.environment ?? null))} (${escapeHtml(model.zone)})</title>`,
    '<rect width="100%" height="100%" fill="#fff"/>',
    `<text x="4" y="20" font-size="14" font-weight="bold">${escapeHtml(environmentLabel(env?.environment ?? null))}, times in ${escapeHtml(model.zone)}</text>`,
  ];
  weeks.forEach((days, w) => {
    const top = 40 + w * weekHeight;
    for (const hour of [0, 6, 12, 18]) {
      const y = top + headHeight + (hour / 24) * gridHeight;
      out.push(
        `<text x="${hourAxis - 4}" y="${y + 4}" text-anchor="end" fill="#656d76">${pad(hour)}:00</text>`,
      );
    }
    days.forEach((day, d) => {
      const x = hourAxis + d * dayWidth;
      out.push(
        `<text x="${x + dayWidth / 2}" y="${top + 16}" text-anchor="middle" font-weight="bold">${dayLabel(day)}</text>`,
      );
      out.push(
        `<rect x="${x}" y="${top + headHeight}" width="${dayWidth}" height="${gridHeight}" fill="none" stroke="#d0d7de"/>`,
      );
      for (const block of day.blocks) {
        const y = top + headHeight + (block.top / 100) * gridHeight;
        const h = Math.max(1, (block.height / 100) * gridHeight);
        const title = escapeHtml(blockTitle(block, model.zone));
        if (block.kind === 'open') {
          out.push(
            `<rect x="${x + 2}" y="${y.toFixed(2)}" width="${dayWidth - 4}" height="${h.toFixed(2)}" rx="2" fill="#2da44e"><title>${title}</title></rect>`,
          );
        } else {
          out.push(
            `<rect x="${x + dayWidth / 2}" y="${y.toFixed(2)}" width="${dayWidth / 2 - 2}" height="${h.toFixed(2)}" rx="2" fill="#ffebe9" stroke="#cf222e"><title>${title}</title></rect>`,
          );
          if (h >= 12)
            out.push(
              `<text x="${x + dayWidth / 2 + 3}" y="${(y + 11).toFixed(2)}" fill="#1f2328">${escapeHtml(block.label.slice(0, 14))}</text>`,
            );
        }
      }
    });
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
