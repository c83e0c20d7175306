// An organisation's policy through the action's bundle (docs/organisation.md): the repository's
// config extends a file of another repository at a tag, read through the contents API with the
// `policy-token` input; every layer must allow; an exemption counts only in its own layer; a
// policy repository that cannot be read fails the run closed, in warn mode too.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { addDeploymentRoutes } from '../support/fake-github-deployments.js';
import { actionBundle, nodeBinaries, type RunSetup, runAction } from './action-harness.js';

const ORG_SOURCE = 'github>acme/deploy-policy:org.yml#v3';
const ORG_POLICY = `version: 1
timezone: UTC
message: 'Org change freeze: ask #sre for an exception'
exempt:
  users: [sre-alice]
windows:
  - name: year-end-freeze
    kind: deny
    environments: ['prod*']
    start: 2026-12-18T17:00
    end: 2027-01-04T08:00
`;
// The repository's own windows allow weekdays 09:00-17:00; it exempts its release bot.
const CONFIG = (source: string) => `version: 1
timezone: UTC
extends:
  - ${source}
exempt:
  users: [repo-bot]
windows:
  - name: business-hours
    environments: [production]
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`;
/** Tuesday 22 December 2026, 10:00 UTC: inside the org freeze, inside the repository's hours. */
const IN_FREEZE = '2026-12-22T10:00:00Z';
const SHA = 'c0ffee0000000000000000000000000000000001';
const TOKEN = 'ghs_e2etoken1234567890abcdefghijklmnop';
const POLICY_TOKEN = 'github_pat_policyreader1234567890abcdef';
const FREEZE = `${ORG_SOURCE}#year-end-freeze`;

let bundle = '';
beforeAll(() => {
  bundle = actionBundle();
}, 240_000);

describe.each(nodeBinaries())(
  'an org policy through the action bundle on $label',
  ({ path: node }) => {
    let fake: FakeGitHub;
    beforeEach(async () => {
      fake = await startFakeGitHub();
      addDeploymentRoutes(fake);
      fake.setRepoFiles('acme/deploy-policy', { 'org.yml': ORG_POLICY }, 'v3');
      fake.setCommitPulls('acme/app', SHA, [{ number: 12 }]);
    });
    afterEach(async () => {
      await fake.close();
    });

    const run = (
      actor: string,
      inputs: Record<string, string> = {},
      extra: Partial<Pick<RunSetup, 'env'>> & { source?: string } = {},
    ) => {
      const files = { '.github/deploy-windows.yml': CONFIG(extra.source ?? ORG_SOURCE) };
      return runAction({
        bundle,
        node,
        apiUrl: fake.url,
        inputs: {
          environment: 'production',
          'github-token': TOKEN,
          'policy-token': POLICY_TOKEN,
          at: IN_FREEZE,
          ...inputs,
        },
        files,
        policy: files,
        env: { GITHUB_ACTOR: actor, GITHUB_TRIGGERING_ACTOR: actor, ...extra.env },
      });
    };

    it('reads the policy of another repository at its tag with policy-token, and its freeze blocks although the own windows allow', async () => {
      const result = await run('bob');
      expect(result.code).toBe(1);
      const decision = JSON.parse(result.outputs.decision ?? '{}');
      expect(decision).toMatchObject({
        allowed: false,
        reason: 'inside-deny-window',
        blockingWindows: [FREEZE],
        message: 'Org change freeze: ask #sre for an exception',
        layers: [
          { source: ORG_SOURCE, allowed: false, blockingWindows: [FREEZE] },
          { source: '.github/deploy-windows.yml', allowed: true, blockingWindows: [] },
        ],
      });
      // One read of the org file, at the tag, with the policy token; the own config with github-token.
      const orgReads = fake.requestsTo('GET', /^\/repos\/acme\/deploy-policy\/contents\/org\.yml$/);
      expect(orgReads).toHaveLength(1);
      expect(orgReads[0]?.query.ref).toBe('v3');
      expect(orgReads[0]?.headers.authorization).toBe(`token ${POLICY_TOKEN}`);
      const ownRead = fake.requestsTo('GET', /^\/repos\/acme\/app\/contents\//)[0];
      expect(ownRead?.headers.authorization).toBe(`token ${TOKEN}`);
      // The comment names the org policy that blocked and links to its file at the tag.
      const [comment] = fake.issueComments('acme/app', 12);
      expect(comment?.body).toContain('Deployment is blocked');
      expect(comment?.body).toContain('Blocked by the policy this repository extends');
      expect(comment?.body).toContain(
        '(https://github.example/acme/deploy-policy/blob/v3/org.yml): inside the deny window **year-end-freeze**',
      );
      expect(result.summary).toContain('https://github.example/acme/deploy-policy/blob/v3/org.yml');
      // The policy token is masked and never printed.
      expect(result.stdout).toContain(`::add-mask::${POLICY_TOKEN}`);
      expect(result.stdout.split(POLICY_TOKEN)).toHaveLength(2);
    });

    it('an actor the org policy exempts passes the freeze (an override of the org layer)', async () => {
      const result = await run('sre-alice');
      expect(result.code).toBe(0);
      const decision = JSON.parse(result.outputs.decision ?? '{}');
      expect(decision).toMatchObject({
        allowed: true,
        exempt: true,
        exemptBy: 'user:sre-alice',
        override: { actor: 'sre-alice', reason: null, layers: [ORG_SOURCE] },
      });
    });

    it('an actor only the repository exempts does not pass the org freeze', async () => {
      const result = await run('repo-bot');
      expect(result.code).toBe(1);
      expect(result.outputs).toMatchObject({ allowed: 'false', exempt: 'false' });
      expect(result.stdout).toContain('repo-bot is not exempt');
    });

    it('a policy repository that answers 404 fails closed in warn mode, naming the source and the token to grant', async () => {
      fake.route('GET', /^\/repos\/acme\/gone(\/|$)/, () => ({
        status: 404,
        body: { message: 'Not Found' },
      }));
      const result = await run(
        'sre-alice',
        { mode: 'warn' },
        { source: 'github>acme/gone:org.yml#v3' },
      );
      expect(result.code).toBe(2);
      expect(result.outputs.allowed).toBe('false');
      expect(result.stdout).toMatch(
        /::error::.*extends\[0\]: cannot read github>acme\/gone:org\.yml#v3: org\.yml is not found at v3 in acme\/gone \(404/,
      );
      expect(result.stdout).toContain(
        'the policy-token input (default: github-token) needs read access to acme/gone',
      );
      expect(result.summary).toContain('invalid config');
      const reads = fake.requestsTo('GET', /^\/repos\/acme\/gone\/contents\/org\.yml$/);
      expect(reads[0]?.headers.authorization).toBe(`token ${POLICY_TOKEN}`);
    });
  },
);
