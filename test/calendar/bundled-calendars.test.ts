// The committed CLI bundle computes every kind of holiday rule as date-holidays does: the
// bundles load astronomia, date-chinese and moment-timezone from astronomy.cjs only when a
// rule needs them (scripts/build.mjs), so equinox, lunar and other calendars go through that
// path, and a US config must not need it at all.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli, workspace } from '../cli/run-cli.js';
import { reference } from './reference.js';

/** Japan's equinox days, China's and Korea's lunar calendars, Israel's Hebrew one, Iran's
 * Jalaali, Saudi Arabia's Hijri, Bangladesh's Bengali, Chile's solstice in its own zone. */
const COUNTRIES = ['US', 'JP', 'CN', 'KR', 'IL', 'IR', 'SA', 'BD', 'CL'];

const config = (countries: string[]) =>
  [
    'version: 1',
    'timezone: UTC',
    'windows:',
    ...countries.map((code) => `  - { name: ${code}, kind: deny, holidays: { country: ${code} } }`),
    '',
  ].join('\n');

interface Listing {
  deny: { window: string; start: string; end: string }[];
}

/** The days each window denies in 2026, from the CLI's listing. */
async function deniedDays(cwd: string, cli?: string): Promise<Map<string, string[]>> {
  const args = ['windows', '--from', '2026-01-01T00:00:00Z', '--days', '365', '--format', 'json'];
  const run = await runCli(args, { cwd, cli });
  expect(run.stderr).toBe('');
  const days = new Map<string, string[]>();
  for (const { window, start, end } of (JSON.parse(run.stdout) as Listing).deny) {
    for (let at = Date.parse(start); at < Date.parse(end); at += 86_400_000) {
      const day = new Date(at).toISOString().slice(0, 10);
      if (day.startsWith('2026')) days.set(window, [...(days.get(window) ?? []), day]);
    }
  }
  return days;
}

describe('holidays in the committed CLI bundle', () => {
  it('are the dates date-holidays gives, for every kind of rule (2026)', async () => {
    const days = await deniedDays(workspace({ 'deploy-windows.yml': config(COUNTRIES) }));
    for (const code of COUNTRIES) {
      expect([...new Set(days.get(code))].sort(), code).toEqual(reference(code, null, 2026));
    }
  });

  it('leave the VSOP87 Earth table, which only equinox rules read, to astronomy.cjs', () => {
    // Its first coefficient. The table is 100 KB of numbers: parsed and built on every
    // holidays config's start (4-13 ms here) while it sat in holiday-rules.cjs.
    const coefficient = '1.75347045673';
    const beside = (file: string) => readFileSync(join(dirname(CLI), file), 'utf8');
    expect(beside('holiday-rules.cjs').includes(coefficient)).toBe(false);
    expect(beside('astronomy.cjs').includes(coefficient)).toBe(true);
  });

  it('a US config runs without astronomy.cjs; a lunar-calendar one says what is missing', async () => {
    // The bundle beside a copy of every file but astronomy.cjs.
    const copy = mkdtempSync(join(tmpdir(), 'deploy-window-no-astronomy-'));
    for (const file of readdirSync(dirname(CLI))) {
      if (file !== 'astronomy.cjs') copyFileSync(join(dirname(CLI), file), join(copy, file));
    }
    const cli = join(copy, 'index.js');
    const us = await deniedDays(workspace({ 'deploy-windows.yml': config(['US']) }), cli);
    expect([...new Set(us.get('US'))].sort()).toEqual(reference('US', null, 2026));
    const cn = await runCli(['windows', '--days', '365'], {
      cwd: workspace({ 'deploy-windows.yml': config(['CN']) }),
      cli,
    });
    expect(cn.code).not.toBe(0);
    expect(cn.stderr).toBe(
      'deploy-window: internal error: astronomy.cjs is missing; the holiday rules of this config need it (equinox, lunar and other calendars), and it ships beside the deploy-window bundle\n',
    );
  });
});
