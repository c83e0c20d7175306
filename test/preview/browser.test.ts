// The pictures as people see them: the calendar page in a real browser (Debian's chromium,
// headless), and the Mermaid charts of previews parsed and drawn by the real mermaid package.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffPolicies } from '../../src/core/diff.js';
import { calendarHtml, calendarModel } from '../../src/core/render/calendar.js';
import { diffMarkdown } from '../../src/core/render/diff.js';
import { ganttChart } from '../../src/core/render/mermaid.js';
import { parsedConfig as config } from '../support/configs.js';
import {
  drawMermaid as draw,
  launchChromium,
  loadMermaid,
  mermaidBlocks,
} from '../support/mermaid-chromium.js';

const REPO = resolve(import.meta.dirname, '../..');

const POLICY = config(`version: 1
timezone: Europe/Berlin
windows:
  - name: business-hours
    environments: [production]
    time: "10:00-16:00"
    days: [MO, TU, WE, TH, FR]
  - name: "<b>release</b> freeze"
    kind: deny
    environments: [production]
    start: 2026-12-02T12:00
    end: 2026-12-02T18:00
`);

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

interface Watched {
  page: Page;
  errors: string[];
  requests: string[];
}

async function watchedPage(): Promise<Watched> {
  const page = await browser.newPage({
    viewport: { width: 1200, height: 900 },
    timezoneId: 'America/New_York',
  });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  return { page, errors, requests };
}

describe('calendar page in chromium', () => {
  it('draws the open periods and deny windows where they belong, with no network and no errors', async () => {
    // Tuesday 2026-12-01 11:30 Berlin: inside the first week shown.
    const now = Date.parse('2026-12-01T10:30:00Z');
    const html = calendarHtml(
      calendarModel(
        [{ source: POLICY.file, config: POLICY }],
        { environments: ['production'], from: now, days: 6 },
        now,
      ),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'dw-calendar-')), 'calendar.html');
    writeFileSync(file, html);
    const { page, errors, requests } = await watchedPage();
    await page.clock.setFixedTime(now);
    await page.goto(`file://${file}`);

    const layout = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.day')).map((day) => {
        const box = day.getBoundingClientRect();
        return {
          date: day.dataset.date,
          blocks: Array.from(day.querySelectorAll<HTMLElement>('.block')).map((block) => {
            const b = block.getBoundingClientRect();
            return {
              kind: block.classList.contains('open') ? 'open' : 'deny',
              text: block.textContent,
              top: (b.top - box.top) / box.height,
              height: b.height / box.height,
            };
          }),
          now: day.querySelector('.now') !== null,
        };
      }),
    );
    expect(layout.map((day) => day.date)).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    const monday = layout[0]?.blocks ?? [];
    expect(monday).toHaveLength(1);
    expect(monday[0]?.kind).toBe('open');
    expect(monday[0]?.top).toBeCloseTo(10 / 24, 2);
    expect(monday[0]?.height).toBeCloseTo(6 / 24, 2);
    // Wednesday: open 10:00-12:00, then the freeze (12:00-18:00) closes it; the name is text.
    const wednesday = layout[2]?.blocks ?? [];
    expect(wednesday.map((block) => [block.kind, block.text])).toEqual([
      ['open', 'open'],
      ['deny', '<b>release</b> freeze'],
    ]);
    expect(wednesday[0]?.height).toBeCloseTo(2 / 24, 2);
    expect(wednesday[1]?.top).toBeCloseTo(12 / 24, 2);
    expect(wednesday[1]?.height).toBeCloseTo(6 / 24, 2);
    expect(layout.slice(5).every((day) => day.blocks.length === 0)).toBe(true);
    // The "now" line is drawn on Tuesday only.
    expect(layout.map((day) => day.now)).toEqual([false, true, false, false, false, false, false]);

    // Keyboard: Tab reaches the first period, the arrow keys move on, the detail names it.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /^Open for deploys: Mon 30 Nov 2026 10:00 CET/,
    );
    for (const _ of [1, 2, 3]) await page.keyboard.press('ArrowRight');
    const detail = await page.textContent('#detail');
    expect(detail).toMatch(/Deny window <b>release<\/b> freeze: Wed 2 Dec 2026 12:00 CET/);
    // The viewer's own zone (the page was opened as New York): 06:00 EST.
    expect(detail).toMatch(/your time: .*06:00 AM EST/);
    expect(await page.textContent('#viewer-zone')).toBe('America/New_York');

    expect(errors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(requests).toHaveLength(1);

    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(13, 17, 23)');
    await page.emulateMedia({ colorScheme: 'light' });
    const shot = process.env.DEPLOY_WINDOW_SCREENSHOTS
      ? join(REPO, 'docs/images/calendar.png')
      : join(tmpdir(), 'deploy-window-calendar.png');
    await page.screenshot({ path: shot, fullPage: true });
    await page.close();
  }, 30_000);
});

describe('Mermaid charts, parsed and drawn by the mermaid package', () => {
  it('a preview chart with hostile window names parses, with one bar per open period', async () => {
    const { page, errors } = await watchedPage();
    await loadMermaid(page);
    const after = config(`version: 1
timezone: Europe/Berlin
windows:
  - name: "x: y; %% #1 \\n section evil"
    environments: ["prod: ; #"]
    time: "09:00-15:00"
    days: [MO, TU, WE, TH, FR]
`);
    const before = config(`version: 1
timezone: Europe/Berlin
windows:
  - name: b
    environments: ["prod: ; #"]
    time: "10:00-16:00"
    days: [MO, TU, WE, TH, FR]
`);
    const from = Date.parse('2026-11-30T00:00:00Z');
    const markdown = diffMarkdown(diffPolicies(before, after, { environments: [], from, days: 7 }));
    const blocks = mermaidBlocks(markdown);
    expect(blocks).toHaveLength(1);
    const drawn = await draw(page, blocks[0] ?? '');
    expect(drawn).toMatchObject({ ok: true, bars: 10 });

    const bad = await draw(page, 'gantt\n  section a\n  open : : :: bad ;;');
    expect(bad.ok).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  it('markers and an empty section draw too', async () => {
    const { page } = await watchedPage();
    await loadMermaid(page);
    const from = Date.parse('2026-03-28T00:00:00Z');
    const text = ganttChart({
      title: 'production (Europe/Berlin)',
      zone: 'Europe/Berlin',
      from,
      to: from + 7 * 86_400_000,
      rows: [
        {
          section: 'open',
          label: 'open',
          periods: [{ start: from + 3_600_000, end: from + 7_200_000 }],
        },
        { section: 'nothing', label: 'open', periods: [] },
      ],
      markers: [{ label: 'blocked here', at: from + 86_400_000 }],
    });
    const drawn = await draw(page, text);
    expect(drawn.ok).toBe(true);
    expect(drawn.bars).toBe(3);
    await page.close();
  }, 30_000);
});
