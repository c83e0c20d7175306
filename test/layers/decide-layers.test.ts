// The layered decision as users read it: an org freeze blocks although the repository allows,
// windows named by their source, each layer's verdict, the org's message, and exemptions that
// count only in the layer that grants them.
import { describe, expect, it } from 'vitest';
import { decide, decideLayers } from '../../src/core/decide.js';
import { decideForActor } from '../../src/core/layered-override.js';
import { applyLayerExemptions, layeredPass, type PolicyLayer } from '../../src/core/layers.js';
import { renderJson } from '../../src/core/render/json.js';
import { layeredTimeline } from '../../src/core/timeline.js';
import { at, config, once, time, window } from '../core/engine-builders.js';

const ORG = 'github>acme/deploy-policy:org.yml#v3';

const org: PolicyLayer = {
  source: ORG,
  config: config(
    [
      window('year-end-freeze', once('2026-12-21T12:00', '2027-01-04T00:00'), {
        kind: 'deny',
        message: 'Org freeze until 4 January: ask #sre',
        environments: ['prod*'],
      }),
    ],
    { file: ORG, message: 'Org policy: see go/deploy' },
  ),
};

const repo: PolicyLayer = {
  source: '.github/deploy-windows.yml',
  config: config([window('business', time('09:00-17:00', ['MO', 'TU', 'WE', 'TH', 'FR']))], {
    file: '.github/deploy-windows.yml',
    message: 'Deploys: weekdays 09-17 UTC',
  }),
};

const ask = (layers: PolicyLayer[], when: string, environment = 'production', minDuration = 0) =>
  decideLayers(layers, { environment, at: at(when), minDuration });

describe('a layered decision', () => {
  it('blocks inside the org freeze although the repository allows, naming the org window', () => {
    const decision = ask([org, repo], '2026-12-22T10:00:00Z');
    expect(decision).toMatchObject({
      allowed: false,
      reason: 'inside-deny-window',
      activeWindows: [`${ORG}#year-end-freeze`, 'business'],
      blockingWindows: [`${ORG}#year-end-freeze`],
      message: 'Org freeze until 4 January: ask #sre',
      nextOpen: at('2027-01-04T09:00:00.000Z'),
      layers: [
        {
          source: ORG,
          allowed: false,
          reason: 'inside-deny-window',
          blockingWindows: [`${ORG}#year-end-freeze`],
        },
        {
          source: '.github/deploy-windows.yml',
          allowed: true,
          reason: 'inside-allow-window',
          blockingWindows: [],
        },
      ],
    });
  });

  it('applies each layer with its own environment globs', () => {
    const staging = ask([org, repo], '2026-12-22T10:00:00Z', 'staging');
    expect(staging).toMatchObject({ allowed: true, closesAt: at('2026-12-22T17:00:00.000Z') });
    expect(staging.activeWindows).toEqual(['business']);
  });

  it('closes at the first instant any layer stops allowing', () => {
    const decision = ask([org, repo], '2026-12-21T10:00:00Z');
    expect(decision).toMatchObject({ allowed: true, closesAt: at('2026-12-21T12:00:00.000Z') });
    // With a 3h runway the 2h left are not enough: the next open period long enough is after the freeze.
    expect(ask([org, repo], '2026-12-21T10:00:00Z', 'production', 180)).toMatchObject({
      allowed: false,
      reason: 'outside-allow-window',
      nextOpen: at('2027-01-04T09:00:00.000Z'),
      layers: [
        { source: ORG, allowed: false, reason: 'outside-allow-window' },
        { source: '.github/deploy-windows.yml', allowed: true },
      ],
    });
  });

  it("takes the first blocking layer's message, outermost first, else the file's own", () => {
    const silentOrg: PolicyLayer = {
      source: ORG,
      config: config(
        [window('freeze', once('2026-12-21T12:00', '2027-01-04T00:00'), { kind: 'deny' })],
        { file: ORG },
      ),
    };
    // The org blocks without a message; the repository blocks too (a Saturday) with one.
    expect(ask([silentOrg, repo], '2026-12-26T10:00:00Z').message).toBe(
      'Deploys: weekdays 09-17 UTC',
    );
    expect(ask([org, repo], '2026-12-26T10:00:00Z').message).toBe(
      'Org freeze until 4 January: ask #sre',
    );
    expect(ask([org, repo], '2026-12-18T10:00:00Z').message).toBe('Deploys: weekdays 09-17 UTC');
  });

  it('is, for one file, decide() with one layer named by its path', () => {
    const alone = decide(repo.config, {
      environment: 'production',
      at: at('2026-12-19T10:00:00Z'),
    });
    expect(alone).toEqual(ask([repo], '2026-12-19T10:00:00Z'));
    const json = JSON.parse(renderJson(alone));
    expect(json.layers).toEqual([
      {
        source: '.github/deploy-windows.yml',
        allowed: false,
        reason: 'outside-allow-window',
        blockingWindows: [],
      },
    ]);
  });

  it('lists windows of every layer with their source, and the time all of them allow', () => {
    const span = layeredTimeline([org, repo], {
      environment: 'production',
      from: at('2026-12-21T00:00:00Z'),
      to: at('2026-12-22T00:00:00Z'),
    });
    expect(span.open).toEqual([
      { start: at('2026-12-21T09:00:00Z'), end: at('2026-12-21T12:00:00Z') },
    ]);
    expect(span.occurrences.map((o) => [o.window, o.layer, o.message])).toEqual([
      ['business', '.github/deploy-windows.yml', 'Deploys: weekdays 09-17 UTC'],
      [`${ORG}#year-end-freeze`, ORG, 'Org freeze until 4 January: ask #sre'],
    ]);
  });
});

describe('exemptions per layer', () => {
  const frozen = ask([org, repo], '2026-12-22T10:00:00Z');

  it('a repository cannot exempt its people from the org freeze', () => {
    const decision = applyLayerExemptions(frozen, [null, 'user:bob']);
    expect(decision.allowed).toBe(false);
    expect(decision.exempt).toBe(false);
    // bob is exempt where the repository allows anyway: nothing to override, no note.
    expect(decision.warnings).toEqual([]);
  });

  it('an org-exempt actor passes the org freeze where the repository allows', () => {
    expect(applyLayerExemptions(frozen, ['user:alice', null])).toMatchObject({
      allowed: true,
      reason: 'exempt',
      exempt: true,
      exemptBy: 'user:alice',
      blockingWindows: [`${ORG}#year-end-freeze`],
    });
  });

  it('passes only when exempt in every layer that blocks', () => {
    const weekend = ask([org, repo], '2026-12-26T10:00:00Z');
    const orgOnly = applyLayerExemptions(weekend, ['user:alice', null]);
    expect(orgOnly.allowed).toBe(false);
    expect(orgOnly.warnings).toContain(
      `exempt (user:alice) by ${ORG} only; still blocked by .github/deploy-windows.yml: an exemption counts only in the policy layer that grants it`,
    );
    expect(applyLayerExemptions(weekend, ['user:alice', 'team:acme/sre'])).toMatchObject({
      allowed: true,
      exemptBy: 'user:alice, team:acme/sre',
    });
  });

  it('an actor exempt in any layer is exempt where every layer allows: no override', () => {
    const open = ask([org, repo], '2026-12-02T10:00:00Z');
    const who = (orgWay: string | null, repoWay: string | null) =>
      decideForActor(
        open,
        [
          { source: ORG, requireReason: true, exemptBy: orgWay },
          { source: repo.source, requireReason: true, exemptBy: repoWay },
        ],
        { actor: 'alice', reason: null, face: 'local' },
      );
    for (const [orgWay, repoWay] of [
      ['user:alice', null],
      [null, 'team:acme/sre'],
    ] as const) {
      const outcome = who(orgWay, repoWay);
      expect(outcome.kind).toBe('none');
      expect(outcome.decision).toEqual({
        ...open,
        reason: 'exempt',
        exempt: true,
        exemptBy: orgWay ?? repoWay,
      });
    }
    expect(who(null, null).decision).toEqual(open);
  });

  it('says which layers were overridden and which still block', () => {
    expect(
      layeredPass([
        { source: 'org', allowed: false, exemptBy: 'user:alice' },
        { source: 'team', allowed: true, exemptBy: null },
        { source: 'repo', allowed: false, exemptBy: null },
      ]),
    ).toEqual({ passes: false, overridden: ['org'], blockedBy: ['repo'], exemptBy: 'user:alice' });
    expect(layeredPass([{ source: 'repo', allowed: true, exemptBy: null }]).passes).toBe(true);
  });
});
