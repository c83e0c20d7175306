// The pipeline library's Groovy under CodeNarc's Jenkins rules (test/jenkins/codenarc-jenkins.xml),
// run by npm-groovy-lint (it ships CodeNarc and runs offline on the local Java): no CPS
// mistakes. CodeNarc skips its type-aware rules without a word when a file does not compile at
// that phase (an unresolvable class), so a canary copy of the step with one planted mistake
// must be reported, or the check proves nothing.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { javaHome, LIBRARY_ROOT, REPO } from './run-harness.js';

interface Finding {
  rule: string;
  line: number;
  msg: string;
}

const LINT = join(REPO, 'node_modules/npm-groovy-lint/lib/index.js');
// Jenkins' own classes the step names (com.cloudbees.groovy.cps.NonCPS): the harness's stand-ins.
const STAND_INS = join(REPO, 'test/jenkins/harness');
const VARS = join(LIBRARY_ROOT, 'vars');

const STEPS = readdirSync(VARS).filter((file) => file.endsWith('.groovy'));
const CANARY = 'canary.groovy';

/** Findings by file name. */
let findings: Map<string, Finding[]>;
let canaryLines: number;

beforeAll(() => {
  // One directory holds every linted file: npm-groovy-lint scans from the files' common root.
  const dir = mkdtempSync(join(tmpdir(), 'dw-codenarc-'));
  for (const file of STEPS) copyFileSync(join(VARS, file), join(dir, file));
  const planted = '\n@NonCPS\nprivate String canary() {\n  return deployWindowActor()\n}\n';
  const canary = `${readFileSync(join(VARS, 'deployWindow.groovy'), 'utf8')}${planted}`;
  writeFileSync(join(dir, CANARY), canary);
  canaryLines = canary.split('\n').length;
  const java = join(javaHome(), 'bin/java');
  const run = spawnSync(
    process.execPath,
    [
      LINT,
      '--noserver',
      `--javaexecutable=${java}`,
      `--javaoptions=-Xbootclasspath/a:${STAND_INS},-Xmx512m`,
      '--rulesets',
      join(REPO, 'test/jenkins/codenarc-jenkins.xml'),
      '--output',
      'json',
      '--failon',
      'none',
      ...[...STEPS, CANARY].map((file) => join(dir, file)),
    ],
    // Without a terminal, npm-groovy-lint would wait for source on stdin: give it none.
    { cwd: dir, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (run.status !== 0) throw new Error(`npm-groovy-lint failed:\n${run.stderr}\n${run.stdout}`);
  const report = JSON.parse(run.stdout) as { files: Record<string, { errors?: Finding[] }> };
  findings = new Map(
    Object.entries(report.files).map(([file, { errors }]) => [basename(file), errors ?? []]),
  );
}, 120_000);

describe('the Jenkins library under CodeNarc', () => {
  it('is installed with the project (npm-groovy-lint)', () => {
    expect(existsSync(LINT)).toBe(true);
  });

  it('has no CPS mistakes in vars/', () => {
    expect(STEPS).toContain('deployWindow.groovy');
    for (const file of STEPS) expect(findings.get(file) ?? [], file).toEqual([]);
  });

  it('would report one: a @NonCPS method calling the step code', () => {
    const reported = findings.get(CANARY) ?? [];
    expect(reported.map((finding) => finding.rule)).toEqual(['CpsCallFromNonCpsMethod']);
    expect(reported[0]?.msg).toContain('deployWindowActor');
    expect(reported[0]?.line).toBeGreaterThan(canaryLines - 6);
  });
});
