// The gate with an org policy (extends) and break-glass overrides: every layer must allow, an
// exemption counts only in the layer that grants it, and passing outside the windows is an
// override that needs a reason where a layer requires one.
import { describe, expect, it } from 'vitest';
import { runGate } from '../../src/gate/run-gate.js';
import type { GateOptions } from '../../src/gate/types.js';
import type { Notification } from '../../src/node/notify.js';
import type { PolicyFiles } from '../../src/node/policy-files.js';
import { gateOptions } from '../support/gate-options.js';
import { fakeClock, recordingPlatform } from './recording-platform.js';

const ORG = `version: 1
timezone: Europe/Berlin
message: "Year-end freeze: ask #release"
exempt:
  users: [sre-lead]
  require-reason: true
notify:
  - name: org-slack
    url-env: ORG_SLACK_URL
    format: slack
windows:
  - name: year-end-freeze
    kind: deny
    start: 2026-12-21T00:00
    end: 2027-01-04T00:00
`;

const REPO = `version: 1
timezone: Europe/Berlin
extends: [github>acme/deploy-policy:org.yml#v3]
exempt:
  users: [repo-admin, sre-lead]
windows:
  - name: weekdays
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`;

function options(overrides: Partial<GateOptions> = {}): GateOptions {
  return gateOptions({ environment: 'production', ...overrides });
}

/** A platform whose `github>acme/deploy-policy` files are in memory; counts the reads. */
function layeredPlatform(files: Record<string, string> = { 'org.yml': ORG }) {
  const platform = recordingPlatform(REPO);
  const reads: string[] = [];
  const notifications: Notification[] = [];
  const policy: PolicyFiles = {
    describe: 'v3',
    ref: 'v3',
    async read(path) {
      reads.push(path);
      return files[path] ?? null;
    },
  };
  platform.policySources = () => ({ filesFor: () => policy, localPlatform: 'github' });
  platform.notify = async (_targets, notification) => {
    notifications.push(notification);
    return [];
  };
  return { platform, reads, notifications };
}

// Tuesday 2026-12-22 10:00 Berlin: the repository's weekday window allows, the org freezes.
const IN_FREEZE = '2026-12-22T09:00:00Z';

describe('runGate with extends', () => {
  it("blocks inside the org's freeze although the repository's own windows allow", async () => {
    const { platform } = layeredPlatform();
    const result = await runGate(options(), platform, fakeClock(IN_FREEZE));
    expect(result.exitCode).toBe(1);
    expect(result.decision?.blockingWindows).toEqual([
      'github>acme/deploy-policy:org.yml#v3#year-end-freeze',
    ]);
    expect(result.decision?.layers?.map((layer) => [layer.source, layer.allowed])).toEqual([
      ['github>acme/deploy-policy:org.yml#v3', false],
      ['.github/deploy-windows.yml', true],
    ]);
    expect(result.decision?.message).toBe('Year-end freeze: ask #release');
  });

  it("the blocked note offers the org's exempt people, not the repository's", async () => {
    const { platform } = layeredPlatform();
    await runGate(options(), platform, fakeClock(IN_FREEZE));
    expect(platform.notes.map((note) => note.facts.exemptions.users)).toEqual([['sre-lead']]);
  });

  it('an actor exempt only by the repository stays blocked by the org', async () => {
    const { platform } = layeredPlatform();
    const result = await runGate(options({ actor: 'repo-admin' }), platform, fakeClock(IN_FREEZE));
    expect(result.exitCode).toBe(1);
    expect(result.decision?.exempt).toBe(false);
  });

  it('an actor the org exempts needs a reason (require-reason) and is told how to give one', async () => {
    const { platform, notifications } = layeredPlatform();
    const result = await runGate(options({ actor: 'sre-lead' }), platform, fakeClock(IN_FREEZE));
    expect(result.exitCode).toBe(1);
    expect(platform.text('error')).toMatch(
      /sre-lead is exempt \(user:sre-lead\) and may override .* by giving a reason.*--reason/,
    );
    expect(notifications.map((n) => n.event)).toEqual(['blocked']);
    // The closing line (GitLab's and Jenkins' error) says how to override, too.
    expect(result.blockedSummary).toMatch(
      /may override the deploy window .*To override, run again with `--reason.* is recorded\.$/,
    );
    expect(result.blockedSummary).not.toMatch(/\.\.( |$)/);
    const warned = await runGate(
      options({ actor: 'sre-lead', mode: 'warn' }),
      platform,
      fakeClock(IN_FREEZE),
    );
    expect(warned.blockedSummary).toMatch(/ is recorded\. Mode warn: the job continues\.$/);
  });

  it('with a reason the org-exempt actor passes, as an override of the org layer, and it is notified', async () => {
    const { platform, notifications } = layeredPlatform();
    const result = await runGate(
      options({ actor: 'sre-lead', reason: 'hotfix for INC-42' }),
      platform,
      fakeClock(IN_FREEZE),
    );
    expect(result.exitCode).toBe(0);
    expect(result.decision?.override).toEqual({
      actor: 'sre-lead',
      reason: 'hotfix for INC-42',
      layers: ['github>acme/deploy-policy:org.yml#v3'],
      at: Date.parse('2026-12-22T09:00:00.000Z'),
    });
    expect(notifications.map((n) => n.event)).toEqual(['override']);
  });

  it('a source that cannot be read fails closed, in warn mode too', async () => {
    const { platform } = layeredPlatform({});
    const result = await runGate(options({ mode: 'warn' }), platform, fakeClock(IN_FREEZE));
    expect(result.exitCode).toBe(2);
    expect(result.errors[0]?.message).toMatch(/github>acme\/deploy-policy:org\.yml#v3/);
  });

  it('each source is read once, even when the gate decides again after a wait', async () => {
    const { platform, reads } = layeredPlatform();
    // Saturday 2027-01-02 23:00 Berlin: frozen; the org freeze ends at 2027-01-04 00:00, but
    // the weekday window opens Monday 09:00.
    const result = await runGate(
      options({ mode: 'wait', maxWait: 3 * 1440 }),
      platform,
      fakeClock('2027-01-02T22:00:00Z'),
    );
    expect(result.exitCode).toBe(0);
    expect(result.decision?.at).toBe(Date.parse('2027-01-04T08:00:00.000Z'));
    expect(reads).toEqual(['org.yml']);
  });
});

describe('runGate overrides without extends', () => {
  it('every exempt pass outside a window is an override, with or without a reason', async () => {
    const platform = recordingPlatform(`version: 1
exempt:
  users: [alice]
windows:
  - name: weekdays
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`);
    const result = await runGate(
      options({ actor: 'alice' }),
      platform,
      fakeClock('2026-12-05T12:00:00Z'),
    );
    expect(result.exitCode).toBe(0);
    expect(result.decision?.override).toMatchObject({ actor: 'alice', reason: null });
    expect(platform.text('warning')).toMatch(/alice overrode/);
  });

  it('a platform without a way to read sources refuses extends', async () => {
    const platform = recordingPlatform(REPO);
    const result = await runGate(options(), platform, fakeClock(IN_FREEZE));
    expect(result.exitCode).toBe(2);
    expect(result.errors[0]?.message).toMatch(/extends is not supported/);
  });
});
