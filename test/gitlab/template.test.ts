// The include template's contract: its inputs (names and defaults as docs/gitlab.md, "Inputs",
// lists them), one job, no global keywords, inputs that no CI/CD variable can replace (no job
// variables, each input single-quoted in the script) and regexes that keep every value inside
// its quotes.
// gitlab-ci-local (e2e) runs it but does not enforce `regex`, so they are checked here.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const path = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '../..'),
  'gitlab/deploy-window.yml',
);
const documents = parseAllDocuments(readFileSync(path, 'utf8')).map((document) => document.toJS());
const header = documents[0] as { spec: { inputs: Record<string, Record<string, unknown>> } };
const body = documents[1] as Record<string, Record<string, unknown>>;
const inputs = header.spec.inputs;

function regexOf(name: string): RegExp {
  const source = inputs[name]?.regex;
  if (typeof source !== 'string') throw new Error(`input ${name} has no regex`);
  return new RegExp(source);
}

describe('gitlab/deploy-window.yml', () => {
  it('is also the CI/CD component templates/deploy-window.yml, byte for byte', () => {
    const component = join(dirname(dirname(path)), 'templates/deploy-window.yml');
    expect(readFileSync(component, 'utf8')).toBe(readFileSync(path, 'utf8'));
  });

  it('is a spec header and one document with the gate job, its preview job and no global keywords', () => {
    expect(documents).toHaveLength(2);
    expect(Object.keys(body)).toEqual(['$[[ inputs.job-name ]]', '$[[ inputs.job-name ]]-preview']);
    for (const global of ['default', 'variables', 'stages', 'workflow', 'include', 'image']) {
      expect(body).not.toHaveProperty(global);
    }
  });

  it('declares exactly the contract inputs with their defaults', () => {
    expect(Object.keys(inputs).sort()).toEqual(
      [
        'job-name',
        'stage',
        'environment',
        'config',
        'mode',
        'max-wait',
        'min-duration',
        'at',
        'comment',
        'reschedule',
        'image',
        'version',
        'cli',
        'policy-ref',
        'policy-token',
        'reason',
        'preview',
        'preview-repositories',
      ].sort(),
    );
    expect(inputs['job-name']?.default).toBe('deploy-window');
    expect(inputs.stage?.default).toBe('deploy');
    expect(inputs.mode).toMatchObject({ default: 'fail', options: ['fail', 'wait', 'warn'] });
    expect(inputs['max-wait']?.default).toBe('1h');
    expect(inputs.comment).toMatchObject({ type: 'boolean', default: true });
    expect(inputs.reschedule).toMatchObject({ type: 'boolean', default: false });
    expect(inputs.preview).toMatchObject({ type: 'boolean', default: false });
    expect(String(inputs.image?.default)).toMatch(/^node:24/);
    // The published package at this template's major version, installed outside the checkout.
    expect(inputs.version?.default).toBe('1');
    expect(inputs.cli?.default).toBe('');
    expect(inputs['policy-ref']?.default).toBe('$CI_DEFAULT_BRANCH');
    for (const optional of [
      'environment',
      'config',
      'min-duration',
      'at',
      'policy-token',
      'reason',
      'preview-repositories',
    ]) {
      expect(inputs[optional]?.default).toBe('');
    }
  });

  const stringInputs = Object.keys(inputs).filter((name) => inputs[name]?.type === undefined);

  it('has a regex on every string input, accepting its default', () => {
    expect(stringInputs.length).toBeGreaterThan(8);
    for (const name of stringInputs) {
      expect(regexOf(name).test(String(inputs[name]?.default)), name).toBe(true);
    }
  });

  it('lets no string input hold a quote, backslash, newline or variable that could leave its quotes', () => {
    for (const name of stringInputs) {
      const valid = String(inputs[name]?.default) || 'main';
      for (const breakout of [
        "'",
        '"',
        '\\',
        '\n',
        '`',
        '$(id)',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, as text
        '${HOME}',
        '$[[ inputs.mode ]]',
      ]) {
        for (const value of [`${valid}${breakout}`, `${breakout}${valid}`]) {
          expect(regexOf(name).test(value), `${name} = ${JSON.stringify(value)}`).toBe(false);
        }
      }
    }
  });

  it.each([
    ['environment', 'prod; rm -rf /'],
    ['environment', '$(id)'],
    ['config', '`id`.yml'],
    ['config', "a'b.yml"],
    ['cli', 'npx deploy-window && curl evil'],
    ['cli', 'node $HOME/x.js'],
    ['cli', 'sh  -c id'],
    ['cli', ' node x.js'],
    ['image', '$CI_REGISTRY/node:24'],
    ['policy-ref', 'workspace; id'],
    ['policy-ref', '--upload-pack=x'],
    ['policy-ref', '$CI_COMMIT_REF_NAME'],
    ['at', '2026-11-21T15:00:00'],
    ['max-wait', '90'],
    ['max-wait', ''],
    ['min-duration', '30 m'],
    ['mode', 'fail\nwarn'],
    // The policy token's variable by name, never a token or an expansion.
    ['policy-token', 'glpat-xxxxxxxxxxxxxxxxxxxx'],
    ['policy-token', '$POLICY_TOKEN'],
    ['policy-token', 'POLICY TOKEN'],
    ['policy-token', '1PASSWORD'],
    // A reason is one line that cannot leave its single quotes.
    ['reason', "it's broken"],
    ['reason', 'fix\r\nrm -rf /'],
    ['reason', 'tab\there'],
    ['reason', 'escape \u001b[31m'],
    ['reason', 'next line \u0085 here'],
    ['reason', 'cost: $5'],
    // Repositories only, separated by single spaces: no files, refs, globs or expansions.
    ['preview-repositories', 'gitlab>acme/policy:org.yml'],
    ['preview-repositories', 'gitlab>acme/*'],
    ['preview-repositories', 'gitlab>acme/policy  gitlab>acme/other'],
    ['preview-repositories', 'acme/policy'],
    ['preview-repositories', 'gitlab>$CI_PROJECT_PATH'],
  ])('rejects %s = %j', (name, value) => {
    expect(regexOf(name).test(value)).toBe(false);
  });

  it.each([
    ['environment', 'prod-eu/west 1'],
    ['config', '.gitlab/deploy-windows.yml'],
    ['cli', 'node /builds/acme/app/tools/dist/cli/index.js'],
    ['cli', 'npx --yes deploy-window@1.2.3'],
    ['at', '2026-11-21T15:00:00Z'],
    ['at', '2026-11-21T16:00:00.000+01:00'],
    ['max-wait', '1d12h'],
    ['max-wait', '1h30m'],
    ['min-duration', '90'],
    ['min-duration', '30m'],
    ['policy-ref', 'main'],
    ['policy-ref', 'workspace'],
    ['policy-ref', 'refs/tags/v3.1'],
    ['policy-ref', 'release/2026.1'],
    ['image', 'registry.example.com:5000/tools/node:24@sha256:0abc'],
    ['policy-token', 'DEPLOY_POLICY_TOKEN'],
    ['policy-token', 'policy_reader_2'],
    ['reason', 'hotfix for INC-4711: DB failover (see #ops, @dana & 100% <sure>)'],
    ['reason', 'Größe ändern – Zahlungsausfall 🔥'],
    ['preview-repositories', 'gitlab>platform/deploy-policy'],
    ['preview-repositories', 'gitlab>platform/sub.group/policy local>platform/holidays'],
  ])('accepts %s = %j', (name, value) => {
    expect(regexOf(name).test(value)).toBe(true);
  });

  it('declares no job variables: a CI/CD variable of the same name would replace them', () => {
    const job = body['$[[ inputs.job-name ]]'] as Record<string, unknown>;
    expect(job).not.toHaveProperty('variables');
  });

  it('pastes each input into the script once, inside single quotes', () => {
    const job = body['$[[ inputs.job-name ]]'] as Record<string, unknown>;
    const script = (job.script as string[]).join('\n');
    const uses = [...script.matchAll(/(.)\$\[\[ inputs\.([a-z-]+) \]\](.)/g)];
    const scriptInputs = Object.keys(inputs).filter(
      // `preview` and `preview-repositories` belong to the preview job.
      (name) => !['job-name', 'stage', 'image', 'preview', 'preview-repositories'].includes(name),
    );
    expect(uses.map((use) => use[2]).sort()).toEqual(scriptInputs.sort());
    for (const [whole, before, , after] of uses) {
      expect(`${before}${after}`, whole).toBe("''");
    }
  });

  it('reads only shell variables the script sets itself, and runs the cli words without eval', () => {
    const job = body['$[[ inputs.job-name ]]'] as Record<string, unknown>;
    const script = (job.script as string[]).join('\n').replace(/\$\[\[[^\]]*\]\]/g, '');
    const assigned = new Set(
      [...script.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]),
    );
    const read = [...script.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(0);
    for (const name of read) expect(assigned.has(name), `$${name}`).toBe(true);
    expect(script).not.toMatch(/\beval\b/);
    // Every expansion is quoted: no word splitting or globbing of a value.
    expect(script.replace(/"[^"]*"/g, '')).not.toMatch(/\$/);
    expect(script).toMatch(/^\s*"\$@"\s*$/m);
  });

  it('passes each value in the word of its flag, so no value can stand as a flag', () => {
    for (const name of ['$[[ inputs.job-name ]]', '$[[ inputs.job-name ]]-preview']) {
      const job = body[name] as Record<string, unknown>;
      const script = (job.script as string[]).join('\n');
      const passed = [...script.matchAll(/set -- "\$@" (.*)$/gm)].flatMap((line) =>
        [...(line[1] ?? '').matchAll(/"[^"]*\$dw_[^"]*"/g)].map((word) => word[0]),
      );
      expect(passed.length, name).toBeGreaterThan(3);
      for (const word of passed) expect(word, name).toMatch(/^"--[a-z-]+=\$dw_[a-z_]+"$/);
    }
  });

  it('gives the job a timeout beyond max-wait, and reports dotenv', () => {
    const job = body['$[[ inputs.job-name ]]'] as Record<string, unknown>;
    expect(job.stage).toBe('$[[ inputs.stage ]]');
    expect(job.timeout).toBe('$[[ inputs.max-wait ]] 30m');
    const script = (job.script as string[]).join('\n');
    expect(script).toContain('--platform gitlab');
    expect(script).toContain('--output deploy-window.json');
    expect(script).toContain('"--policy-ref=$dw_policy_ref"');
    // The policy token travels by name: the script never expands the variable holding it.
    expect(script).toContain('"--policy-token-env=$dw_policy_token"');
    expect(script).toContain('"--reason=$dw_reason"');
    expect(job.artifacts).toMatchObject({ reports: { dotenv: 'deploy-window.env' } });
  });
});
