// `cron: {start, end}` on DST nights: each start and the first end after it are paired in
// local wall time, then both become instants (docs/engine.md, "Time zones and daylight saving").
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { decide } from '../../src/core/decide.js';
import type { Config, Decision } from '../../src/core/types.js';

function load(zone: string, kind: 'allow' | 'deny', schedule: string): Config {
  const text = [
    'version: 1',
    `timezone: ${zone}`,
    'windows:',
    '  - name: nightly',
    `    kind: ${kind}`,
    `    ${schedule}`,
    '',
  ].join('\n');
  const loaded = loadConfig(text, { file: 'deploy-windows.yml' });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.config;
}

const verdict = (decision: Decision) => ({
  allowed: decision.allowed,
  closesAt: decision.closesAt,
  nextOpen: decision.nextOpen,
});

function ask(config: Config, at: string) {
  return verdict(decide(config, { environment: 'production', at: Date.parse(at) }));
}

/** The verdict of a blocked instant that opens at `opens`. */
const blockedUntil = (opens: string) => ({
  allowed: false,
  closesAt: null,
  nextOpen: Date.parse(opens),
});

describe('cron: {start, end} with a start in the spring-forward gap', () => {
  // 2026-03-08 in New York: 02:00-02:59 does not exist. 02:30 reads as 07:30Z (pre-gap
  // offset), 03:00 as 07:00Z: the pair 02:30 -> 03:00 is reversed, so that night has no window.
  const cronPair = 'cron: {start: "30 2 * * *", end: "0 3 * * *"}';

  it('New York: a daily 02:30-03:00 freeze does not freeze the day after the gap', () => {
    expect(ask(load('America/New_York', 'deny', cronPair), '2026-03-08T07:40:00Z')).toEqual({
      allowed: true,
      closesAt: Date.parse('2026-03-09T06:30:00.000Z'),
      nextOpen: null,
    });
  });

  it('New York: a daily 02:30-03:00 allow window does not open for 23.5 hours', () => {
    expect(ask(load('America/New_York', 'allow', cronPair), '2026-03-08T07:40:00Z')).toEqual(
      blockedUntil('2026-03-09T06:30:00.000Z'),
    );
  });

  it('New York: decides as time: "02:30-03:00" does, before, during and after the night', () => {
    for (const kind of ['allow', 'deny'] as const) {
      const cron = load('America/New_York', kind, cronPair);
      const time = load('America/New_York', kind, 'time: "02:30-03:00"');
      for (const at of [
        '2026-03-07T07:40:00Z',
        '2026-03-08T06:59:00Z',
        '2026-03-08T07:00:00Z',
        '2026-03-08T07:30:00Z',
        '2026-03-08T07:40:00Z',
        '2026-03-08T12:00:00Z',
        '2026-03-09T06:45:00Z',
      ]) {
        expect(ask(cron, at), `${kind} at ${at}`).toEqual(ask(time, at));
      }
    }
  });

  it('Santiago: 00:30 -> 01:30 across the midnight change of 2024-09-08 is empty', () => {
    // 2024-09-08 00:00-00:59 does not exist in Santiago (-04 -> -03 at 04:00Z): 00:30 reads as
    // 04:30Z, and 01:30 -03 is 04:30Z too.
    const freeze = load(
      'America/Santiago',
      'deny',
      'cron: {start: "30 0 * * *", end: "30 1 * * *"}',
    );
    expect(ask(freeze, '2024-09-08T04:30:00Z')).toEqual({
      allowed: true,
      closesAt: Date.parse('2024-09-09T03:30:00.000Z'),
      nextOpen: null,
    });
    expect(ask(freeze, '2024-09-08T12:00:00Z').allowed).toBe(true);
    // The nights either side are ordinary one-hour freezes.
    expect(ask(freeze, '2024-09-07T05:00:00Z')).toEqual(blockedUntil('2024-09-07T05:30:00.000Z'));
    expect(ask(freeze, '2024-09-09T04:00:00Z')).toEqual(blockedUntil('2024-09-09T04:30:00.000Z'));
  });

  it('Tehran: 00:30 -> 01:30 across the midnight change of 2022-03-22 is empty', () => {
    // Iran still kept DST in 2022: 2022-03-22 00:00-00:59 did not exist (+03:30 -> +04:30 at
    // 2022-03-21T20:30Z). 00:30 reads as 21:00Z, and 01:30 +04:30 is 21:00Z too.
    const freeze = load('Asia/Tehran', 'deny', 'cron: {start: "30 0 * * *", end: "30 1 * * *"}');
    expect(ask(freeze, '2022-03-21T21:00:00Z')).toEqual({
      allowed: true,
      closesAt: Date.parse('2022-03-22T20:00:00.000Z'),
      nextOpen: null,
    });
    expect(ask(freeze, '2022-03-22T06:00:00Z').allowed).toBe(true);
    expect(ask(freeze, '2022-03-20T21:30:00Z')).toEqual(blockedUntil('2022-03-20T22:00:00.000Z'));
  });
});

describe('cron: {start, end} with two starts around the gap before one end', () => {
  // A start in the gap reads with the offset from before it, so it lands after the starts just
  // past the gap: each start still runs to its own first end, and the night is their union.
  it('Lord Howe: 02:15 (in the 30-minute gap) and 02:30, both to 03:00, freeze from 15:30Z', () => {
    // 2026-10-03 at 15:30Z: 02:00 +10:30 -> 02:30 +11. 02:30 is 15:30Z, 02:15 reads as 15:45Z,
    // 03:00 is 16:00Z: [15:30Z, 16:00Z) and [15:45Z, 16:00Z).
    const freeze = load(
      'Australia/Lord_Howe',
      'deny',
      'cron: {start: "15,30 2 * * *", end: "0 3 * * *"}',
    );
    for (const at of ['2026-10-03T15:30:00Z', '2026-10-03T15:40:00Z', '2026-10-03T15:50:00Z']) {
      expect(ask(freeze, at), at).toEqual(blockedUntil('2026-10-03T16:00:00.000Z'));
    }
    // The same night with the 02:30 start alone, which was always right.
    const alone = load(
      'Australia/Lord_Howe',
      'deny',
      'cron: {start: "30 2 * * *", end: "0 3 * * *"}',
    );
    expect(ask(alone, '2026-10-03T15:30:00Z')).toEqual(ask(freeze, '2026-10-03T15:30:00Z'));
  });

  it('Troll: 02:30 (in the two-hour gap, an empty pair) and 03:30 to 04:00 freeze 01:30Z-02:00Z', () => {
    // 2026-03-29 at 01:00Z: 01:00 +00 -> 03:00 +02. 02:30 reads as 02:30Z, after 04:00 (02:00Z):
    // empty. 03:30 is 01:30Z.
    const freeze = load(
      'Antarctica/Troll',
      'deny',
      'cron: {start: "30 2,3 * * *", end: "0 4 * * *"}',
    );
    expect(ask(freeze, '2026-03-29T01:30:00Z')).toEqual(blockedUntil('2026-03-29T02:00:00.000Z'));
    expect(ask(freeze, '2026-03-29T02:00:00Z').allowed).toBe(true);
  });
});

describe('cron: {start, end} with an end in the spring-forward gap', () => {
  it('New York: 03:10 -> 02:30 runs to the next day in wall time, not to 02:30 (07:30Z) the same morning', () => {
    // Wall time: 2026-03-08 03:10 EDT (07:10Z) -> 2026-03-09 02:30 EDT (06:30Z). Paired by
    // instants it would have ended at 07:30Z after 20 minutes.
    const freeze = load(
      'America/New_York',
      'deny',
      'cron: {start: "10 3 * * *", end: "30 2 * * *"}',
    );
    expect(ask(freeze, '2026-03-08T12:00:00Z')).toEqual(blockedUntil('2026-03-09T06:30:00.000Z'));
  });
});

describe('cron: {start, end} in the repeated hour (fall-back)', () => {
  it('New York: 01:30 -> 01:45 on 2026-11-01 is the first pass only, as time: "01:30-01:45"', () => {
    const freeze = load(
      'America/New_York',
      'deny',
      'cron: {start: "30 1 * * *", end: "45 1 * * *"}',
    );
    expect(ask(freeze, '2026-11-01T05:30:00Z')).toEqual(blockedUntil('2026-11-01T05:45:00.000Z'));
    // 01:35 EST, the second pass: not frozen.
    expect(ask(freeze, '2026-11-01T06:35:00Z').allowed).toBe(true);
  });
});
