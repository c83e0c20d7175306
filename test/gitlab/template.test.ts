// The include template's contract: its inputs (names and defaults fixed by the spec), one job,
// no global keywords, and input regexes that keep shell syntax out. gitlab-ci-local (e2e) runs
// it but does not enforce `regex`, so the expressions are checked here as GitLab would.
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

  it('is a spec header and one document with exactly one job and no global keywords', () => {
    expect(documents).toHaveLength(2);
    expect(Object.keys(body)).toEqual(['$[[ inputs.job-name ]]']);
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
        'cli',
      ].sort(),
    );
    expect(inputs['job-name']?.default).toBe('deploy-window');
    expect(inputs.stage?.default).toBe('deploy');
    expect(inputs.mode).toMatchObject({ default: 'fail', options: ['fail', 'wait', 'warn'] });
    expect(inputs['max-wait']?.default).toBe('1h');
    expect(inputs.comment).toMatchObject({ type: 'boolean', default: true });
    expect(inputs.reschedule).toMatchObject({ type: 'boolean', default: false });
    expect(String(inputs.image?.default)).toMatch(/^node:24/);
    expect(String(inputs.cli?.default)).toMatch(/deploy-window@1\b/);
    for (const optional of ['environment', 'config', 'min-duration', 'at']) {
      expect(inputs[optional]?.default).toBe('');
    }
  });

  it('has a regex on every string input that reaches the shell, accepting its default', () => {
    const shellInputs = ['environment', 'config', 'mode', 'max-wait', 'min-duration', 'at', 'cli'];
    for (const name of shellInputs) {
      expect(regexOf(name).test(String(inputs[name]?.default)), name).toBe(true);
    }
  });

  it.each([
    ['environment', 'prod; rm -rf /'],
    ['environment', '$(id)'],
    ['config', '`id`.yml'],
    ['config', "a'b.yml"],
    ['cli', 'npx deploy-window && curl evil'],
    ['cli', 'node $HOME/x.js'],
    ['at', '2026-11-21T15:00:00'],
    ['max-wait', '90'],
    ['max-wait', ''],
    ['min-duration', '30 m'],
    ['mode', 'fail\nwarn'],
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
  ])('accepts %s = %j', (name, value) => {
    expect(regexOf(name).test(value)).toBe(true);
  });

  it('passes string inputs through variables, gives the job a timeout beyond max-wait, and reports dotenv', () => {
    const job = body['$[[ inputs.job-name ]]'] as Record<string, unknown>;
    expect(job.stage).toBe('$[[ inputs.stage ]]');
    expect(job.timeout).toBe('$[[ inputs.max-wait ]] 30m');
    const script = (job.script as string[]).join('\n');
    for (const name of ['environment', 'config', 'min-duration', 'at', 'cli', 'mode', 'max-wait']) {
      expect(script).not.toContain(`inputs.${name} `);
    }
    expect(script).toContain('--platform gitlab');
    expect(script).toContain('--output deploy-window.json');
    expect(job.artifacts).toMatchObject({ reports: { dotenv: 'deploy-window.env' } });
  });
});
