import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { lintConfig } from '../../src/core/lint.js';

const NOW = Date.parse('2026-11-23T06:00:00Z'); // a Monday

function lint(yaml: string, withSource = true) {
  const result = loadConfig(yaml, { file: '.github/deploy-windows.yml' });
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return lintConfig(result.config, NOW, withSource ? yaml : undefined);
}

describe('lintConfig', () => {
  it('has nothing to say about a sensible config', () => {
    const yaml = `version: 1
timezone: Europe/Berlin
windows:
  - name: business-hours
    environments: [production, "prod-*"]
    rrule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH;BYHOUR=9;BYMINUTE=0"
    duration: 8h
  - name: christmas
    kind: deny
    dates: [2026-12-24, 2026-12-25]
  - name: staging-nights
    kind: deny
    environments: [staging]
    time: "22:00-06:00"
`;
    expect(lint(yaml)).toEqual([]);
  });

  it('warns about a window whose until has passed, at its name line', () => {
    const yaml = `version: 1
windows:
  - name: business-hours
    time: "09:00-17:00"
  - name: summer-freeze
    kind: deny
    until: 2026-08-31
    dates: [2026-08-01]
`;
    expect(lint(yaml)).toEqual([
      {
        file: '.github/deploy-windows.yml',
        line: 5,
        column: 5,
        path: 'windows[1].until',
        message:
          'window "summer-freeze" expired on 2026-08-31 (until): it no longer has any effect; remove it or move its until date',
      },
    ]);
    // Without the config text: line 1, column 1 and the key path.
    expect(lint(yaml, false)[0]).toMatchObject({ line: 1, column: 1, path: 'windows[1].until' });
  });

  it('warns about an allow window that deny windows always cover', () => {
    const yaml = `version: 1
timezone: Europe/Berlin
windows:
  - name: weekdays
    environments: [production]
    time: "08:00-18:00"
    days: [MO, TU, WE, TH, FR]
  - name: saturday-maintenance
    environments: [production]
    time: "02:00-04:00"
    days: [SA]
  - name: weekend
    kind: deny
    environments: [production]
    weekly: {from: "FR 18:00", to: "MO 06:00"}
`;
    expect(lint(yaml)).toEqual([
      expect.objectContaining({
        path: 'windows[1]',
        line: 8,
        message:
          'allow window "saturday-maintenance" never opens in the next 90 days: deny windows cover every occurrence',
      }),
    ]);
    // When the allow window also serves an environment the deny window spares, it is useful.
    const shared = yaml.replace(
      '- name: saturday-maintenance\n    environments: [production]',
      '- name: saturday-maintenance\n    environments: [production, staging]',
    );
    expect(lint(shared)).toEqual([]);
  });

  it('sees deny periods that cover an allow window only together, across any day', () => {
    // The allow occurrence straddles 2026-12-01 06:00 UTC, eight days after NOW: the deny
    // periods on either side of that instant are merged into one cover.
    const yaml = (secondStart: string) => `version: 1
timezone: UTC
windows:
  - name: release-slot
    start: 2026-12-01T05:00
    end: 2026-12-01T07:00
  - name: before
    kind: deny
    start: 2026-11-30T00:00
    end: 2026-12-01T06:00
  - name: after
    kind: deny
    start: ${secondStart}
    end: 2026-12-02T00:00
`;
    const neverOpens = (warnings: ReturnType<typeof lint>) =>
      warnings.filter((warning) => warning.message.includes('"release-slot" never opens'));
    expect(neverOpens(lint(yaml('2026-12-01T06:00')))).toHaveLength(1);
    expect(neverOpens(lint(yaml('2026-12-01T06:01')))).toEqual([]);
  });

  it('warns per environment that never opens, and for all windows together', () => {
    const yaml = `version: 1
windows:
  - name: business-hours
    environments: [production, staging]
    time: "09:00-17:00"
  - name: migration
    kind: deny
    environments: [production]
    start: 2026-11-01T00:00
    end: 2027-06-01T00:00
`;
    const warnings = lint(yaml);
    // Staging is spared, so the allow window still serves; production never opens.
    expect(warnings.map((w) => [w.path, w.line, w.message])).toEqual([
      ['windows', 1, 'deploys to production are never allowed in the next 90 days'],
      [
        'windows',
        1,
        'without an environment (every window applies), deploys are never allowed in the next 90 days',
      ],
    ]);
  });

  it('warns about allow occurrences too short to deploy in (a duration without a unit is minutes)', () => {
    const yaml = `version: 1
windows:
  - name: nightly
    rrule: "FREQ=DAILY;BYHOUR=2;BYMINUTE=0"
    duration: 2
`;
    expect(lint(yaml)).toEqual([
      expect.objectContaining({
        path: 'windows[0]',
        message: expect.stringMatching(
          /^allow window "nightly" opens for only 2m at a time \(e\.g\. Tue 24 Nov 2026 02:00 UTC \(UTC\)\), too short to deploy in; a duration without a unit is minutes \(write 1h for an hour\)$/,
        ),
      }),
    ]);
  });

  it('warns about a sliver of open time left between windows', () => {
    const yaml = `version: 1
timezone: UTC
windows:
  - name: business-hours
    environments: [production]
    time: "09:00-17:00"
  - name: change-board
    kind: deny
    environments: [production]
    time: "09:00-16:58"
`;
    expect(lint(yaml)).toEqual([
      expect.objectContaining({
        path: 'windows',
        message: expect.stringMatching(
          /^deploys to production are open for only 2m from Mon 23 Nov 2026 16:58/,
        ),
      }),
    ]);
  });

  it('names an environment glob by its pattern', () => {
    const yaml = `version: 1
windows:
  - name: never
    kind: deny
    environments: ["prod-*"]
    weekly: {from: "MO 00:00", to: "MO 00:00"}
`;
    expect(lint(yaml).map((w) => w.message)).toEqual([
      'deploys to "prod-*" are never allowed in the next 90 days',
    ]);
  });
});
