// Resolving `extends` into layers, against in-memory PolicyFiles (the boundary the faces fill
// with the contents API, the files API or git): order, nesting, cycles, depth, one fetch per
// source, and every unreadable source failing closed with its name, status and grant.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/core/config/format.js';
import { loadConfig } from '../../src/core/config/load.js';
import type { Config, PolicySource } from '../../src/core/types.js';
import { type PolicyFiles, PolicyReadError } from '../../src/node/policy-files.js';
import {
  createPolicySourceCache,
  type ResolvedPolicy,
  resolvePolicyLayers,
} from '../../src/node/policy-sources.js';

/** Repositories by `platform>repo@ref` (ref '' = the default branch), each path -> text. */
type Repositories = Record<string, Record<string, string>>;

interface FakeFiles {
  filesFor(source: PolicySource): PolicyFiles;
  /** Every read, as `platform>repo@ref:path`. */
  reads: string[];
}

/** PolicyFiles over in-memory repositories; `this` repository is `this@policy`. */
function fakeFiles(repositories: Repositories, refuse: Record<string, string> = {}): FakeFiles {
  const reads: string[] = [];
  return {
    reads,
    filesFor(source) {
      const where =
        source.kind === 'path'
          ? 'this@policy'
          : `${source.kind}>${source.repo}@${source.ref ?? ''}`;
      return {
        describe: source.kind === 'path' ? 'main' : (source.ref ?? 'the default branch'),
        ref: source.kind === 'path' ? 'main' : source.ref,
        async read(path) {
          reads.push(`${where}:${path}`);
          const refusal = refuse[where];
          if (refusal !== undefined) throw new PolicyReadError(refusal);
          return repositories[where]?.[path] ?? null;
        },
      };
    },
  };
}

function rootConfig(text: string, file = '.github/deploy-windows.yml'): Config {
  const result = loadConfig(text, { file });
  if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
  return result.config;
}

const policy = (extendsList: string[], windows = 'windows: []\n') =>
  `version: 1\n${extendsList.length ? `extends:\n${extendsList.map((s) => `  - ${s}\n`).join('')}` : ''}${windows}`;

const FREEZE = `windows:
  - name: year-end-freeze
    kind: deny
    start: 2026-12-21T00:00
    end: 2027-01-04T00:00
`;

function sources(resolved: ResolvedPolicy): string[] {
  if ('errors' in resolved) throw new Error(resolved.errors.map(formatIssue).join('\n'));
  return resolved.layers.map((layer) => layer.source);
}

function errors(resolved: ResolvedPolicy): string[] {
  if (!('errors' in resolved)) throw new Error(`resolved: ${sources(resolved).join(', ')}`);
  return resolved.errors.map(formatIssue);
}

describe('resolvePolicyLayers', () => {
  it('is the file alone when it extends nothing, without reading anything', async () => {
    const fake = fakeFiles({});
    const resolved = await resolvePolicyLayers(rootConfig(policy([])), fake);
    expect(sources(resolved)).toEqual(['.github/deploy-windows.yml']);
    expect(fake.reads).toEqual([]);
  });

  it('orders nested layers outermost first, the file itself last', async () => {
    const fake = fakeFiles({
      'github>acme/deploy-policy@v3': {
        'org.yml': policy(['github>acme/base-policy'], FREEZE),
      },
      'github>acme/base-policy@': { 'deploy-windows.yml': policy([]) },
      'this@policy': { 'policy/team.yml': policy([]) },
    });
    const root = rootConfig(policy(['github>acme/deploy-policy:org.yml#v3', './policy/team.yml']));
    const resolved = await resolvePolicyLayers(root, fake);
    expect(sources(resolved)).toEqual([
      'github>acme/base-policy',
      'github>acme/deploy-policy:org.yml#v3',
      './policy/team.yml',
      '.github/deploy-windows.yml',
    ]);
    if ('errors' in resolved) return;
    // Each layer is a complete config, named by its source in errors and messages.
    const org = resolved.layers[1];
    expect(org?.config.file).toBe('github>acme/deploy-policy:org.yml#v3');
    expect(org?.config.windows.map((w) => w.name)).toEqual(['year-end-freeze']);
    expect(org?.origin).toMatchObject({ kind: 'github', repo: 'acme/deploy-policy', ref: 'v3' });
    expect(resolved.layers[3]?.config).toBe(root);
  });

  it("reads a plain path inside another repository's file from that repository and ref", async () => {
    const fake = fakeFiles({
      'gitlab>platform/deploy-policy@main': {
        'org.yml': policy(['./holidays.yml']),
        'holidays.yml': policy([]),
      },
    });
    const root = rootConfig(policy(['gitlab>platform/deploy-policy:org.yml#main']));
    expect(sources(await resolvePolicyLayers(root, fake))).toEqual([
      'gitlab>platform/deploy-policy:holidays.yml#main',
      'gitlab>platform/deploy-policy:org.yml#main',
      '.github/deploy-windows.yml',
    ]);
    expect(fake.reads).toEqual([
      'gitlab>platform/deploy-policy@main:org.yml',
      'gitlab>platform/deploy-policy@main:holidays.yml',
    ]);
  });

  it('fetches each source once per run, however many files name it', async () => {
    const fake = fakeFiles({
      'github>acme/deploy-policy@v3': { 'org.yml': policy([], FREEZE) },
      'this@policy': {
        'a.yml': policy(['github>acme/deploy-policy:org.yml#v3']),
        'b.yml': policy(['github>ACME/deploy-policy:org.yml#v3']),
      },
    });
    const cache = createPolicySourceCache();
    const root = rootConfig(policy(['./a.yml', './b.yml', 'github>acme/deploy-policy:org.yml#v3']));
    const first = await resolvePolicyLayers(root, { ...fake, cache });
    expect(sources(first)).toEqual([
      'github>acme/deploy-policy:org.yml#v3',
      './a.yml',
      './b.yml',
      '.github/deploy-windows.yml',
    ]);
    // A second resolution in the same run (the gate, then the comment) reads nothing again.
    await resolvePolicyLayers(root, { ...fake, cache });
    expect(fake.reads.filter((read) => read.includes('org.yml'))).toEqual([
      'github>acme/deploy-policy@v3:org.yml',
    ]);
    expect(fake.reads).toHaveLength(3);
  });

  it('treats local> as the platform this run is on when the face says which', async () => {
    const fake = fakeFiles({
      'github>acme/p@': { 'deploy-windows.yml': policy([]) },
      'local>acme/p@': { 'deploy-windows.yml': policy([]) },
    });
    const root = rootConfig(policy(['github>acme/p', 'local>acme/p']));
    const resolved = await resolvePolicyLayers(root, { ...fake, localPlatform: 'github' });
    expect(sources(resolved)).toEqual(['github>acme/p', '.github/deploy-windows.yml']);
  });

  it('with readableRepositories, reads no other repository: the source fails closed, listed as unread', async () => {
    const fake = fakeFiles({
      'local>ACME/deploy-policy@v4': { 'org.yml': policy(['gitlab>ops/secret']) },
      'gitlab>ops/secret@': { 'deploy-windows.yml': policy([]) },
      'this@policy': { 'team.yml': policy([]) },
    });
    const root = rootConfig(
      policy(['local>ACME/deploy-policy:org.yml#v4', './team.yml', 'github>other/repo']),
    );
    const resolved = await resolvePolicyLayers(root, {
      ...fake,
      localPlatform: 'github',
      // As the base of a preview reads it: the same repository at any ref, in any letter case.
      readableRepositories: new Set(['github>acme/deploy-policy']),
    });
    expect(fake.reads).toEqual(['local>ACME/deploy-policy@v4:org.yml', 'this@policy:team.yml']);
    expect('errors' in resolved && resolved.unread).toEqual([
      'gitlab>ops/secret',
      'github>other/repo',
    ]);
    expect(errors(resolved)).toEqual([
      'local>ACME/deploy-policy:org.yml#v4:3:5: extends[0]: gitlab>ops/secret is not read: it is in a repository the policy at the base does not read, and a preview reads no repository a change adds',
      '.github/deploy-windows.yml:5:5: extends[2]: github>other/repo is not read: it is in a repository the policy at the base does not read, and a preview reads no repository a change adds',
    ]);
  });

  it('refuses a cycle, naming the chain, at the entry that closes it', async () => {
    const fake = fakeFiles({
      'github>acme/a@': { 'deploy-windows.yml': policy(['github>acme/b']) },
      'github>acme/b@': { 'deploy-windows.yml': policy(['github>acme/a']) },
    });
    const resolved = await resolvePolicyLayers(rootConfig(policy(['github>acme/a'])), fake);
    expect(errors(resolved)).toEqual([
      'github>acme/b:3:5: extends[0]: extends cycle: .github/deploy-windows.yml -> github>acme/a -> github>acme/b -> github>acme/a; a policy file cannot extend itself, directly or through others',
    ]);
  });

  it('refuses a file that extends itself through a plain path', async () => {
    const fake = fakeFiles({
      'this@policy': { '.github/deploy-windows.yml': policy(['./.github/deploy-windows.yml']) },
    });
    const root = rootConfig(policy(['./.github/deploy-windows.yml']));
    expect(errors(await resolvePolicyLayers(root, fake))[0]).toContain(
      'extends cycle: .github/deploy-windows.yml -> ./.github/deploy-windows.yml',
    );
  });

  it('accepts 5 levels of extends and refuses a 6th, naming the chain', async () => {
    const chain = (levels: number): Repositories => {
      const repositories: Repositories = { 'this@policy': {} };
      for (let level = 1; level <= levels; level++) {
        const next = level < levels ? [`./level${level + 1}.yml`] : [];
        (repositories['this@policy'] as Record<string, string>)[`level${level}.yml`] = policy(next);
      }
      return repositories;
    };
    const root = rootConfig(policy(['./level1.yml']));
    expect(sources(await resolvePolicyLayers(root, fakeFiles(chain(5))))).toHaveLength(6);
    const six = fakeFiles(chain(6));
    const refused = errors(await resolvePolicyLayers(root, six));
    expect(refused).toEqual([
      './level5.yml:3:5: extends[0]: extends nest more than 5 levels deep (.github/deploy-windows.yml -> ./level1.yml -> ./level2.yml -> ./level3.yml -> ./level4.yml -> ./level5.yml -> ./level6.yml); expected at most 5',
    ]);
    // The sixth level is never fetched.
    expect(six.reads).not.toContain('this@policy:level6.yml');
  });

  it('fails closed on a 404, naming the source, the status and what to grant', async () => {
    const fake = fakeFiles({});
    const root = rootConfig(policy(['github>acme/deploy-policy:org.yml#v3']));
    const refused = await resolvePolicyLayers(root, {
      ...fake,
      grant: (source) =>
        `give policy-token read access to ${source.kind === 'path' ? 'this repository' : source.repo}`,
    });
    expect(errors(refused)).toEqual([
      '.github/deploy-windows.yml:3:5: extends[0]: cannot read github>acme/deploy-policy:org.yml#v3: org.yml is not found at v3 in acme/deploy-policy (404: no such file, or a repository the token cannot see); give policy-token read access to acme/deploy-policy',
    ]);
  });

  it('fails closed when the source refuses (403), with the read error and the grant', async () => {
    const fake = fakeFiles(
      {},
      { 'github>acme/deploy-policy@v3': 'cannot read org.yml at v3: GitHub refused (403)' },
    );
    const root = rootConfig(policy(['github>acme/deploy-policy:org.yml#v3']));
    expect(errors(await resolvePolicyLayers(root, fake))[0]).toContain(
      'cannot read github>acme/deploy-policy:org.yml#v3: cannot read org.yml at v3: GitHub refused (403); give the token that reads the policy read access to acme/deploy-policy on GitHub',
    );
  });

  it('fails closed when the face cannot build a reader at all (no token)', async () => {
    const root = rootConfig(policy(['gitlab>platform/deploy-policy']));
    const resolved = await resolvePolicyLayers(root, {
      filesFor() {
        throw new PolicyReadError('set GITLAB_TOKEN to read gitlab> sources');
      },
    });
    expect(errors(resolved)[0]).toContain(
      'cannot read gitlab>platform/deploy-policy: set GITLAB_TOKEN to read gitlab> sources',
    );
  });

  it("reports an extended file's own errors under its source", async () => {
    const fake = fakeFiles({
      'github>acme/deploy-policy@v3': {
        'org.yml': 'version: 1\nwindows:\n  - name: x\n    tiem: "09:00-17:00"\n',
      },
    });
    const root = rootConfig(policy(['github>acme/deploy-policy:org.yml#v3']));
    const refused = errors(await resolvePolicyLayers(root, fake));
    expect(refused[0]).toBe(
      '.github/deploy-windows.yml:3:5: extends[0]: github>acme/deploy-policy:org.yml#v3 is not a valid deploy-windows file',
    );
    expect(refused).toContainEqual(
      expect.stringMatching(/^github>acme\/deploy-policy:org\.yml#v3:4:5: windows\[0\]\.tiem: /),
    );
  });

  it('reads the ics files an extended file names from its own source', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//t//t//EN',
      'BEGIN:VEVENT',
      'UID:1',
      'DTSTAMP:20260101T000000Z',
      'DTSTART:20261224T000000Z',
      'DTEND:20261227T000000Z',
      'SUMMARY:Holidays',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const fake = fakeFiles({
      'github>acme/deploy-policy@v3': {
        'org.yml':
          'version: 1\nwindows:\n  - name: holidays\n    kind: deny\n    ics: cal/holidays.ics\n',
        'cal/holidays.ics': ics,
      },
    });
    const root = rootConfig(policy(['github>acme/deploy-policy:org.yml#v3']));
    expect(sources(await resolvePolicyLayers(root, fake))).toHaveLength(2);
    expect(fake.reads).toContain('github>acme/deploy-policy@v3:cal/holidays.ics');
  });
});

describe('what a run reads of the policies a config extends', () => {
  it('their calendar files may be 10 MiB in all: past it, a config error, and nothing more is read', async () => {
    // Each layer names one 4 MiB calendar, under the 10 MiB a single config may name; 50
    // layers could otherwise make one run read 500 MiB.
    const line = `${'X-PAD:'.padEnd(74, 'x')}\r\n`;
    const calendar = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\n${line.repeat(
      Math.floor((4 * 1024 * 1024) / line.length),
    )}END:VCALENDAR\r\n`;
    const layer = (name: string) =>
      `version: 1\nwindows:\n  - { name: ${name}, kind: deny, ics: ${name}.ics }\n`;
    const fake = fakeFiles({
      'github>acme/policies@': {
        'a.yml': layer('a'),
        'a.ics': calendar,
        'b.yml': layer('b'),
        'b.ics': calendar,
        'c.yml': layer('c'),
        'c.ics': calendar,
        'd.yml': layer('d'),
        'd.ics': calendar,
      },
    });
    const resolved = await resolvePolicyLayers(
      rootConfig(
        policy([
          'github>acme/policies:a.yml',
          'github>acme/policies:b.yml',
          'github>acme/policies:c.yml',
          'github>acme/policies:d.yml',
        ]),
      ),
      fake,
    );
    expect(errors(resolved).join('\n')).toContain(
      'calendar file "c.ics" cannot be used: the calendar files of the policies a config extends may be 10 MiB in all; with this one they are larger',
    );
    // d.yml is read and checked, but its calendar is not read.
    expect(fake.reads.filter((read) => read.endsWith('.ics'))).toEqual([
      'github>acme/policies@:a.ics',
      'github>acme/policies@:b.ics',
      'github>acme/policies@:c.ics',
    ]);
  });
});
