// The timeline of the next 7 days in the "Deployment is blocked" note and the GitHub job
// summary, parsed and drawn by the real mermaid package in headless Chromium: one bar per open
// period, the blocked instant and the next opening (or the closing) as milestones, in the
// window's zone across a DST change and with hostile names; and what the text around it says.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import {
  renderMarkdown,
  TIMELINE_UPCOMING_COUNT,
  timelineBlock,
} from '../../src/core/render/markdown.js';
import type { Config, Decision } from '../../src/core/types.js';
import { buildSummary } from '../../src/github/summary.js';
import { parsedConfig as config } from '../support/configs.js';
import {
  drawMermaid,
  launchChromium,
  loadMermaid,
  mermaidBlocks,
} from '../support/mermaid-chromium.js';

const NO_EXEMPTIONS = { users: [], teams: [], codeowners: null };

/** Decided as the gate decides: with enough open periods for the timeline. */
function decision(policy: Config, environment: string, at: string): Decision {
  return decide(policy, {
    environment,
    at: Date.parse(at),
    upcomingCount: TIMELINE_UPCOMING_COUNT,
  });
}

// Mon-Fri 10:00-16:00 Berlin, and a freeze with a hostile name on Wednesday 2 Dec afternoon.
const BERLIN = config(`version: 1
timezone: Europe/Berlin
windows:
  - name: business-hours
    environments: ["prod: ; #%% x"]
    time: "10:00-16:00"
    days: [MO, TU, WE, TH, FR]
  - name: "freeze: ; %% section evil"
    kind: deny
    environments: ["prod: ; #%% x"]
    start: 2026-12-02T12:00
    end: 2026-12-02T18:00
`);

describe('the timeline text', () => {
  it('a blocked Saturday: the week of open periods in wall time, the instant and the next opening marked', () => {
    // Saturday 2026-11-28 16:00 Berlin.
    const blocked = decision(BERLIN, 'prod: ; #%% x', '2026-11-28T15:00:00Z');
    const lines = timelineBlock(blocked).split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '```mermaid',
      'gantt',
      '  title prod x next 7 days (Europe/Berlin)',
      '  dateFormat YYYY-MM-DD HH:mm',
      '  axisFormat %a %d',
      '  tickInterval 1day',
      '  section open',
    ]);
    expect(lines.filter((line) => line.startsWith('  open :'))).toEqual([
      '  open :active, t0, 2026-11-30 10:00, 360m',
      '  open :active, t1, 2026-12-01 10:00, 360m',
      // Wednesday closes at 12:00 for the freeze.
      '  open :active, t2, 2026-12-02 10:00, 120m',
      '  open :active, t3, 2026-12-03 10:00, 360m',
      '  open :active, t4, 2026-12-04 10:00, 360m',
    ]);
    expect(lines.slice(-4)).toEqual([
      '  section marks',
      '  blocked :milestone, t5, 2026-11-28 16:00, 0m',
      '  next opening :milestone, t6, 2026-11-30 10:00, 0m',
      '```',
    ]);
  });

  it('an allowed instant marks now and the closing; the horizon ends the chart when it comes first', () => {
    const allowed = decision(BERLIN, 'prod: ; #%% x', '2026-11-30T10:00:00Z');
    const text = timelineBlock(allowed);
    expect(text).toContain('  now :milestone,');
    expect(text).toContain(', 2026-11-30 16:00, 0m');
    // A one-day horizon from Monday 11:00: the rest of Monday and Tuesday until 11:00.
    const short = timelineBlock({ ...allowed, horizon: 1440 });
    expect(short).toContain('  open :active, t0, 2026-11-30 11:00, 300m\n');
    expect(short).toContain('  open :active, t1, 2026-12-01 10:00, 60m\n');
    expect(short.match(/ {2}open :/g)).toHaveLength(2);
  });

  it('says so when the open periods it knows end before the week does', () => {
    // Three short windows a day: 21 open periods a week, more than the gate asks for.
    const shifts = config(`version: 1
timezone: UTC
windows:
  - name: night
    time: "00:00-00:10"
  - name: morning
    time: "08:00-08:10"
  - name: afternoon
    time: "16:00-16:10"
`);
    const busy = decision(shifts, 'production', '2026-11-28T00:20:00Z');
    expect(busy.upcoming).toHaveLength(TIMELINE_UPCOMING_COUNT);
    const text = timelineBlock(busy);
    expect(text.match(/ {2}open :/g)).toHaveLength(16);
    expect(text).toMatch(
      /```\n\nOpen periods after Thu 3 Dec 2026 08:10 UTC are not drawn \(more than 16 in 7 days\)\.$/,
    );
    // A quiet week says nothing of the kind.
    expect(timelineBlock(decision(BERLIN, 'prod: ; #%% x', '2026-11-28T15:00:00Z'))).toMatch(
      /```$/,
    );
  });

  it('the note and the summary list five open periods, as before, and the chart draws the week', () => {
    const blocked = decision(BERLIN, 'prod: ; #%% x', '2026-11-28T15:00:00Z');
    expect(blocked.upcoming.length).toBeGreaterThan(5);
    const note = renderMarkdown(blocked, { event: 'blocked', exemptions: NO_EXEMPTIONS });
    expect(note.match(/^- \w{3} \d+ \w{3} 2026 /gm)).toHaveLength(5);
    const summary = buildSummary(
      { exitCode: 1, decision: blocked, errors: [], noteUrl: null, cancelled: false },
      { mode: 'fail', noteUrl: null, rerunAt: null },
    );
    expect(summary).toContain('### Next 7 days (Europe/Berlin)');
    expect(summary.match(/^\| .+ \| <code>2026-/gm)).toHaveLength(5);
    // The allowed note ("went through") has no chart.
    const through = renderMarkdown(blocked, { event: 'allowed', exemptions: NO_EXEMPTIONS });
    expect(mermaidBlocks(through)).toEqual([]);
  });
});

describe('the timeline drawn by the mermaid package in chromium', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await loadMermaid(page);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const draw = (text: string) => drawMermaid(page, text);

  it('the blocked note: five open periods and the two marks, from hostile names', async () => {
    const blocked = decision(BERLIN, 'prod: ; #%% x', '2026-11-28T15:00:00Z');
    const note = renderMarkdown(blocked, { event: 'blocked', exemptions: NO_EXEMPTIONS });
    const blocks = mermaidBlocks(note);
    expect(blocks).toHaveLength(1);
    const drawn = await draw(blocks[0] ?? '');
    expect(drawn).toMatchObject({ ok: true, bars: 7 });
    expect(drawn.labels.sort()).toEqual(['blocked', 'next opening']);
    expect(errors).toEqual([]);
  }, 30_000);

  it("the job summary of an allowed run across Berlin's spring-forward night", async () => {
    const spring = config(`version: 1
timezone: Europe/Berlin
windows:
  - name: nights
    environments: [production]
    time: "01:00-04:00"
`);
    // Friday 2026-03-27 02:00 Berlin; the clocks go forward on Sunday the 29th.
    const allowed = decision(spring, 'production', '2026-03-27T01:00:00Z');
    const summary = buildSummary(
      { exitCode: 0, decision: allowed, errors: [], noteUrl: null, cancelled: false },
      { mode: 'fail', noteUrl: null, rerunAt: null },
    );
    const blocks = mermaidBlocks(summary);
    expect(blocks).toHaveLength(1);
    // Sunday's night is two wall-clock hours long (01:00-04:00 with 02:00-03:00 skipped).
    expect(blocks[0]).toContain('  open :active, t2, 2026-03-29 01:00, 120m');
    const drawn = await draw(blocks[0] ?? '');
    // Eight nights (the first from now on, the last up to a week from now), now and the closing.
    expect(drawn).toMatchObject({ ok: true, bars: 10 });
    expect(drawn.labels.sort()).toEqual(['closes', 'now']);
    expect(errors).toEqual([]);
  }, 30_000);
});
