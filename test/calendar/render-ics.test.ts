import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { foldLine, renderIcs } from '../../src/core/render/ics.js';
import { timeline } from '../../src/core/timeline.js';
import type { Config } from '../../src/core/types.js';

const CONFIG = `version: 1
timezone: Europe/Berlin
message: "Deploys: Mon-Fri 09:00-17:00 Berlin"
windows:
  - name: business-hours
    environments: [production]
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
  - name: "Q4 freeze; payments, billing & ledger — Zahlungsverkehr während des Jahresabschlusses"
    kind: deny
    message: "Year-end freeze.\\nAsk #release, or page the on-call."
    start: 2026-12-01T12:00
    end: 2026-12-02T10:00
`;

function load(): Config {
  const result = loadConfig(CONFIG, { file: '.github/deploy-windows.yml' });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

function feed(now: number): string {
  const config = load();
  const from = Date.parse('2026-11-30T00:00:00Z');
  const to = Date.parse('2026-12-03T00:00:00Z');
  return renderIcs(
    config,
    {
      environment: 'production',
      timeline: timeline(config, { environment: 'production', from, to }),
    },
    now,
  );
}

function events(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  return root.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      utc: event.startDate.zone?.tzid === 'UTC',
      stamp: String(vevent.getFirstPropertyValue('dtstamp')),
    };
  });
}

describe('renderIcs', () => {
  const now = Date.parse('2026-11-29T08:15:30Z');
  const text = feed(now);

  it('is a calendar ical.js reads back: header and one event per open period and freeze', () => {
    const root = new ICAL.Component(ICAL.parse(text));
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(root.getFirstPropertyValue('prodid')).toBe('-//deploy-window//deploy-window//EN');
    expect(root.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(root.getFirstPropertyValue('x-wr-calname')).toBe('Deploy windows (production)');
    const found = events(text);
    expect(found.map((e) => [e.summary, e.start, e.end])).toEqual([
      ['Deploys open (production)', '2026-11-30T08:00:00.000Z', '2026-11-30T16:00:00.000Z'],
      ['Deploys open (production)', '2026-12-01T08:00:00.000Z', '2026-12-01T11:00:00.000Z'],
      [
        'Deploy freeze: Q4 freeze; payments, billing & ledger — Zahlungsverkehr während des Jahresabschlusses',
        '2026-12-01T11:00:00.000Z',
        '2026-12-02T09:00:00.000Z',
      ],
      ['Deploys open (production)', '2026-12-02T09:00:00.000Z', '2026-12-02T16:00:00.000Z'],
    ]);
    expect(found.every((e) => e.utc)).toBe(true);
    expect(found[2]?.description).toBe('Year-end freeze.\nAsk #release, or page the on-call.');
    expect(found.every((e) => e.stamp === '2026-11-29T08:15:30Z')).toBe(true);
  });

  it('keeps UIDs across runs (a later DTSTAMP, the same events) and never repeats one', () => {
    const later = feed(now + 3_600_000);
    const first = events(text);
    const second = events(later);
    expect(second.map((e) => e.uid)).toEqual(first.map((e) => e.uid));
    expect(second[0]?.stamp).not.toBe(first[0]?.stamp);
    expect(new Set(first.map((e) => e.uid)).size).toBe(first.length);
    expect(first.every((e) => /^[0-9a-f]{14}-\d{8}T\d{6}Z@deploy-window$/.test(e.uid))).toBe(true);
  });

  it('ends every line with CRLF and folds lines to 75 octets without splitting characters', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n').slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    expect(text).not.toContain('\uFFFD');
    expect(text).toContain('SUMMARY:Deploy freeze: Q4 freeze\\; payments\\, billing & ledger');
  });

  it('folds a long line of multi-byte characters into pieces that join back to it', () => {
    const line = `SUMMARY:${'Ä'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(line);
  });

  it('folds any text greedily at 75 octets, counting each character as UTF-8 writes it', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', '\ud800', '字'), maxLength: 300 }),
        (text) => {
          const line = `DESCRIPTION:${text}`;
          const parts = foldLine(line).split('\r\n');
          const octets = (part: string) => Buffer.byteLength(part, 'utf8');
          for (const part of parts) expect(octets(part)).toBeLessThanOrEqual(75);
          // Greedy: each part but the last was cut only because the next character did not fit.
          for (const [index, part] of parts.slice(0, -1).entries()) {
            const next = [...(parts[index + 1] ?? '').slice(1)][0] ?? '';
            expect(octets(part) + octets(next)).toBeGreaterThan(75);
          }
          expect(parts.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(
            line,
          );
        },
      ),
    );
  });

  it('an empty span is still a valid calendar', () => {
    const config = load();
    const empty = renderIcs(
      config,
      { environment: null, timeline: { open: [], occurrences: [] } },
      now,
    );
    const root = new ICAL.Component(ICAL.parse(empty));
    expect(root.getAllSubcomponents('vevent')).toHaveLength(0);
    expect(root.getFirstPropertyValue('x-wr-calname')).toBe('Deploy windows (all environments)');
  });
});
