import { describe, expect, it } from 'vitest';
import { runGate } from '../../src/gate/run-gate.js';
import type { GateOptions } from '../../src/gate/types.js';
import { gateOptions } from '../support/gate-options.js';
import { fakeClock, recordingPlatform } from './recording-platform.js';

// Mon-Fri 09:00-17:00 UTC; 2026-11-23 is a Monday.
const BUSINESS_HOURS = `version: 1
timezone: UTC
message: "Deploys Mon-Fri 09:00-17:00 UTC. Exceptions: #release"
exempt:
  users: [alice]
  teams: [acme/release]
windows:
  - name: business-hours
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`;

const WITH_MORNING_FREEZE = `${BUSINESS_HOURS}  - name: morning-freeze
    kind: deny
    start: 2026-11-23T09:00
    end: 2026-11-23T10:00
`;

function options(overrides: Partial<GateOptions> = {}): GateOptions {
  return gateOptions({ environment: 'production', maxWait: 330, ...overrides });
}

describe('runGate: modes', () => {
  it('allows inside the window and only updates an existing note', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const result = await runGate(options(), platform, fakeClock('2026-11-23T10:00:00Z'));
    expect(result.exitCode).toBe(0);
    expect(result.decision?.allowed).toBe(true);
    expect(result.decision?.closesAt).toBe(Date.parse('2026-11-23T17:00:00.000Z'));
    expect(platform.notes.map((note) => note.event)).toEqual(['allowed']);
    expect(platform.reports).toEqual([result]);
    expect(platform.text('error')).toBe('');
  });

  it('fails when blocked, naming the next opening, and posts the blocked note', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const result = await runGate(options(), platform, fakeClock('2026-11-23T08:30:00Z'));
    expect(result.exitCode).toBe(1);
    expect(result.decision?.reason).toBe('outside-allow-window');
    expect(result.decision?.nextOpen).toBe(Date.parse('2026-11-23T09:00:00.000Z'));
    expect(platform.notes.map((note) => note.event)).toEqual(['blocked']);
    expect(result.noteUrl).toBe('https://example.test/note/1');
    expect(platform.text('error')).toContain('Deployment is blocked');
    expect(platform.text('error')).toContain('2026-11-23T09:00:00.000Z');
  });

  it('the closing line keeps a deny window’s name on it (a line break written out)', async () => {
    const platform = recordingPlatform(`${BUSINESS_HOURS}  - name: "freeze\\nERROR: forged"
    kind: deny
    start: 2026-11-23T09:00
    end: 2026-11-23T10:00
`);
    const result = await runGate(options(), platform, fakeClock('2026-11-23T09:30:00Z'));
    expect(result.exitCode).toBe(1);
    // Jenkins' error() and GitLab's last line print this summary as it is.
    expect(result.blockedSummary).toContain('inside the deny window "freeze\\u000aERROR: forged"');
    expect(result.blockedSummary).not.toContain('\n');
  });

  it('warn mode succeeds with a warning and still reports the block', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const result = await runGate(
      options({ mode: 'warn' }),
      platform,
      fakeClock('2026-11-23T08:30:00Z'),
    );
    expect(result.exitCode).toBe(0);
    expect(result.decision?.allowed).toBe(false);
    expect(platform.text('warning')).toMatch(/Deployment is blocked.*warn/);
    expect(platform.notes.map((note) => note.event)).toEqual(['blocked']);
  });

  it('judges a fixed `at` exactly, however long the look-ups take', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const clock = fakeClock('2030-01-01T00:00:00Z');
    const realNow = clock.now;
    let calls = 0;
    clock.now = () => realNow() + 7 * ++calls; // time passes between every look at the clock
    const at = Date.parse('2026-11-23T08:30:00Z');
    const result = await runGate(options({ at }), platform, clock);
    expect(result.decision?.at).toBe(Date.parse('2026-11-23T08:30:00.000Z'));
  });

  it('does not write notes when comment is off', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    await runGate(options({ comment: false }), platform, fakeClock('2026-11-23T08:30:00Z'));
    expect(platform.notes).toEqual([]);
  });

  it('logs the decision in plain lines', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    await runGate(options(), platform, fakeClock('2026-11-23T08:30:00Z'));
    expect(platform.text('info')).toContain('BLOCKED');
    expect(platform.text('info')).toContain('Deploys Mon-Fri 09:00-17:00 UTC');
  });

  it('a note that cannot be written is a warning and does not change the outcome', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    platform.publishNote = async () => {
      throw new Error('POST /repos/acme/app/issues/7/comments -> 403: Resource not accessible');
    };
    const result = await runGate(options(), platform, fakeClock('2026-11-23T08:30:00Z'));
    expect(result.exitCode).toBe(1);
    expect(result.noteUrl).toBeNull();
    expect(platform.text('warning')).toContain('403: Resource not accessible');
  });
});

describe('runGate: wait mode', () => {
  it('sleeps until the opening within max-wait, logging each minute, then decides again', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const clock = fakeClock('2026-11-23T08:30:00Z');
    const result = await runGate(options({ mode: 'wait', maxWait: 60 }), platform, clock);
    expect(result.exitCode).toBe(0);
    expect(result.decision?.allowed).toBe(true);
    expect(result.decision?.at).toBe(Date.parse('2026-11-23T09:00:00.000Z'));
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(30 * 60_000);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(60_000);
    const waitLines = platform.lines.filter((line) =>
      line.text.startsWith('Waiting for the window'),
    );
    expect(waitLines.length).toBe(30);
    expect(waitLines[0]?.text).toContain('30m left');
    // The blocked note says why the job waits; it is updated once the deploy may go.
    expect(platform.notes.map((note) => note.event)).toEqual(['blocked', 'allowed']);
  });

  it('fails at once when the opening is beyond max-wait, saying why', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const clock = fakeClock('2026-11-27T17:30:00Z'); // Friday evening
    const result = await runGate(options({ mode: 'wait', maxWait: 330 }), platform, clock);
    expect(result.exitCode).toBe(1);
    expect(clock.sleeps).toEqual([]);
    expect(result.decision?.nextOpen).toBe(Date.parse('2026-11-30T09:00:00.000Z'));
    expect(platform.text('error')).toMatch(/beyond max-wait \(5h 30m\)/);
    expect(platform.text('error')).toContain('2d 15h');
  });

  it('reloads the config after the wait and waits again when a new deny window appeared', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const clock = fakeClock('2026-11-23T08:30:00Z');
    clock.onSleep = (count) => {
      if (count === 1) platform.configText = WITH_MORNING_FREEZE;
    };
    const result = await runGate(options({ mode: 'wait', maxWait: 120 }), platform, clock);
    expect(result.exitCode).toBe(0);
    expect(result.decision?.at).toBe(Date.parse('2026-11-23T10:00:00.000Z'));
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(90 * 60_000);
  });

  it('fails when a reloaded config pushes the opening beyond what is left of max-wait', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const clock = fakeClock('2026-11-23T08:30:00Z');
    clock.onSleep = (count) => {
      if (count === 1) platform.configText = WITH_MORNING_FREEZE;
    };
    const result = await runGate(options({ mode: 'wait', maxWait: 45 }), platform, clock);
    expect(result.exitCode).toBe(1);
    expect(result.decision?.nextOpen).toBe(Date.parse('2026-11-23T10:00:00.000Z'));
    expect(platform.text('error')).toContain('beyond max-wait');
  });

  it('with a fixed `at`, time moves on from `at` while waiting', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const clock = fakeClock('2030-01-01T00:00:00Z');
    const result = await runGate(
      options({ mode: 'wait', at: Date.parse('2026-11-23T08:59:30Z') }),
      platform,
      clock,
    );
    expect(result.exitCode).toBe(0);
    expect(clock.sleeps).toEqual([30_000]);
    expect(result.decision?.at).toBe(Date.parse('2026-11-23T09:00:00.000Z'));
  });

  it('a cancelled wait exits 1 at once and updates the note to say so', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const clock = fakeClock('2026-11-23T08:30:00Z');
    const controller = new AbortController();
    clock.onSleep = (count) => {
      if (count === 3) controller.abort();
    };
    const result = await runGate(
      options({ mode: 'wait', reschedule: true }),
      platform,
      clock,
      controller.signal,
    );
    expect(result.exitCode).toBe(1);
    expect(result.cancelled).toBe(true);
    expect(clock.sleeps.length).toBe(3);
    expect(platform.notes.map((note) => note.event)).toEqual(['blocked', 'wait-cancelled']);
    expect(platform.reschedules).toEqual([]);
    expect(platform.reports.at(-1)?.cancelled).toBe(true);
    expect(platform.text('error')).toContain('cancelled');
  });
});

describe('runGate: invalid config', () => {
  it.each(['fail', 'wait', 'warn'] as const)(
    'exits 2 in %s mode with file, line and key path',
    async (mode) => {
      const platform = recordingPlatform(
        BUSINESS_HOURS.replace('timezone: UTC', 'timezone: Mars/Olympus'),
      );
      const result = await runGate(options({ mode }), platform, fakeClock('2026-11-23T10:00:00Z'));
      expect(result.exitCode).toBe(2);
      expect(result.decision).toBeNull();
      expect(result.errors[0]?.path).toBe('timezone');
      expect(platform.text('error')).toContain('.github/deploy-windows.yml:2');
      expect(platform.notes).toEqual([]);
      expect(platform.reports).toEqual([result]);
    },
  );

  it('exits 2 when the config breaks during a wait', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const clock = fakeClock('2026-11-23T08:30:00Z');
    clock.onSleep = () => {
      platform.configText = 'version: 2\n';
    };
    const result = await runGate(options({ mode: 'wait' }), platform, clock);
    expect(result.exitCode).toBe(2);
  });
});

describe('runGate: exemptions', () => {
  it('exempts a user listed in exempt.users without asking the platform', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const result = await runGate(
      options({ actor: 'Alice' }),
      platform,
      fakeClock('2026-11-23T08:30:00Z'),
    );
    expect(result.exitCode).toBe(0);
    expect(result.decision).toMatchObject({
      allowed: true,
      reason: 'exempt',
      exempt: true,
      exemptBy: 'user:Alice',
    });
    expect(result.decision?.nextOpen).toBe(Date.parse('2026-11-23T09:00:00.000Z'));
    expect(platform.exemptionCalls).toEqual([]);
    expect(platform.notes.map((note) => note.event)).toEqual(['allowed']);
  });

  it('exempts through the platform (team) and logs its warnings', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    platform.exemption = {
      exempt: true,
      via: 'team:acme/release',
      warnings: ['codeowners: no file'],
    };
    const result = await runGate(
      options({ actor: 'bob' }),
      platform,
      fakeClock('2026-11-23T08:30:00Z'),
    );
    expect(result.exitCode).toBe(0);
    expect(result.decision?.exemptBy).toBe('team:acme/release');
    expect(platform.exemptionCalls[0]?.actor).toBe('bob');
    expect(platform.text('warning')).toContain('codeowners: no file');
  });

  it('a failed look-up never exempts', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    platform.exemption = new Error('GET /orgs/acme/teams/release/memberships/bob -> 403');
    const result = await runGate(
      options({ actor: 'bob' }),
      platform,
      fakeClock('2026-11-23T08:30:00Z'),
    );
    expect(result.exitCode).toBe(1);
    expect(result.decision?.exempt).toBe(false);
    expect(platform.text('warning')).toContain('-> 403');
  });

  it('asks nothing when nobody triggered the run', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    await runGate(options(), platform, fakeClock('2026-11-23T08:30:00Z'));
    await runGate(options(), platform, fakeClock('2026-11-23T10:00:00Z'));
    expect(platform.exemptionCalls).toEqual([]);
  });

  it('judges the actor inside a window too: exempt, no override, no record', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    platform.exemption = { exempt: true, via: 'team:acme/release', warnings: [] };
    const anyone = await runGate(options(), platform, fakeClock('2026-11-23T10:00:00Z'));
    const result = await runGate(
      options({ actor: 'bob' }),
      platform,
      fakeClock('2026-11-23T10:00:00Z'),
    );
    expect(result.exitCode).toBe(0);
    expect(result.decision).toEqual({
      ...anyone.decision,
      reason: 'exempt',
      exempt: true,
      exemptBy: 'team:acme/release',
    });
    expect(platform.exemptionCalls.map((call) => call.actor)).toEqual(['bob']);
    expect(platform.text('warning')).not.toMatch(/override/i);
  });

  it('a look-up that fails inside a window leaves the windows to decide, with a warning', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    platform.exemption = new Error('GET /orgs/acme/teams/release/memberships/bob -> 403');
    const result = await runGate(
      options({ actor: 'bob' }),
      platform,
      fakeClock('2026-11-23T10:00:00Z'),
    );
    expect(result.exitCode).toBe(0);
    expect(result.decision).toMatchObject({ reason: 'inside-allow-window', exempt: false });
    expect(platform.text('warning')).toContain('-> 403');
  });
});

describe('runGate: re-runs', () => {
  it('records a re-run when blocked and asked to, before writing the note', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const order: string[] = [];
    const reschedule = platform.reschedule;
    platform.reschedule = async (decision) => {
      order.push('reschedule');
      return reschedule(decision);
    };
    const publish = platform.publishNote;
    platform.publishNote = async (decision, event, facts) => {
      order.push(`note:${event}`);
      return publish(decision, event, facts);
    };
    const result = await runGate(
      options({ reschedule: true }),
      platform,
      fakeClock('2026-11-23T08:30:00Z'),
    );
    expect(result.exitCode).toBe(1);
    expect(platform.reschedules.map((decision) => decision.nextOpen)).toEqual([
      Date.parse('2026-11-23T09:00:00.000Z'),
    ]);
    expect(order).toEqual(['reschedule', 'note:blocked']);
  });

  it("hands the re-run's instant to the note and the report, and the config's exemptions to the note", async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    const result = await runGate(
      options({ reschedule: true }),
      platform,
      fakeClock('2026-11-23T08:30:00Z'),
    );
    expect(platform.notes.map((note) => note.facts)).toEqual([
      {
        exemptions: expect.objectContaining({ users: ['alice'], teams: ['acme/release'] }),
        rerunAt: '2026-11-23T09:00:00.000Z',
      },
    ]);
    expect(result.rerunAt).toBe('2026-11-23T09:00:00.000Z');
    expect(platform.reports.map((report) => report.rerunAt)).toEqual(['2026-11-23T09:00:00.000Z']);
  });

  it('a note written before any re-run was recorded says there is none', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    await runGate(options(), platform, fakeClock('2026-11-23T08:30:00Z'));
    expect(platform.notes.map((note) => note.facts.rerunAt)).toEqual([null]);
    expect(platform.reports.map((report) => report.rerunAt)).toEqual([null]);
  });

  it('records nothing when allowed or when not asked', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    await runGate(options({ reschedule: true }), platform, fakeClock('2026-11-23T10:00:00Z'));
    await runGate(options(), platform, fakeClock('2026-11-23T08:30:00Z'));
    expect(platform.reschedules).toEqual([]);
  });

  it('retires pending re-runs once a run with reschedule is allowed, and only then', async () => {
    const platform = recordingPlatform(BUSINESS_HOURS);
    await runGate(options({ reschedule: true }), platform, fakeClock('2026-11-23T08:30:00Z'));
    expect(platform.retired).toEqual([]);
    await runGate(options(), platform, fakeClock('2026-11-23T10:00:00Z'));
    expect(platform.retired).toEqual([]);
    await runGate(options({ reschedule: true }), platform, fakeClock('2026-11-23T10:00:00Z'));
    expect(platform.retired.map((decision) => decision.allowed)).toEqual([true]);
  });
});

describe('runGate: the actor the platform names', () => {
  const NO_EXEMPTIONS = `version: 1
timezone: UTC
windows:
  - name: business-hours
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`;

  function askingPlatform(configText: string, answer: string | null) {
    const platform = recordingPlatform(configText);
    const asked: string[] = [];
    platform.resolveActor = async () => {
      asked.push('resolveActor');
      return answer;
    };
    return { platform, asked };
  }

  it('judges the actor the platform names when the caller named nobody', async () => {
    const { platform, asked } = askingPlatform(BUSINESS_HOURS, 'alice');
    const result = await runGate(options(), platform, fakeClock('2026-11-23T08:30:00Z'));
    expect(result.decision?.exemptBy).toBe('user:alice');
    expect(asked).toEqual(['resolveActor']);
  });

  it('asks nobody when the caller named the actor or nobody could be exempt', async () => {
    const named = askingPlatform(BUSINESS_HOURS, 'alice');
    const result = await runGate(
      options({ actor: 'bob' }),
      named.platform,
      fakeClock('2026-11-23T08:30:00Z'),
    );
    expect(result.decision?.exempt).toBe(false);
    const nobody = askingPlatform(NO_EXEMPTIONS, 'alice');
    for (const at of ['2026-11-23T08:30:00Z', '2026-11-23T10:00:00Z']) {
      await runGate(options(), nobody.platform, fakeClock(at));
    }
    expect([...named.asked, ...nobody.asked]).toEqual([]);
  });

  it('asks inside a window too, for the reason exempt', async () => {
    const { platform, asked } = askingPlatform(BUSINESS_HOURS, 'alice');
    const result = await runGate(options(), platform, fakeClock('2026-11-23T10:00:00Z'));
    expect(result.decision).toMatchObject({ reason: 'exempt', exemptBy: 'user:alice' });
    expect(asked).toEqual(['resolveActor']);
  });

  it('an unknown actor exempts nobody', async () => {
    const { platform, asked } = askingPlatform(BUSINESS_HOURS, null);
    const result = await runGate(options(), platform, fakeClock('2026-11-23T08:30:00Z'));
    expect(result.exitCode).toBe(1);
    expect(result.decision?.exempt).toBe(false);
    expect(platform.exemptionCalls).toEqual([]);
    expect(asked).toEqual(['resolveActor']);
  });
});
