#!/usr/bin/env node
// `npm run bench`: a benchmark (not a test). Prints a Markdown table for the README:
// - engine throughput and a year-long nextOpen search (bench/index.ts, bundled with ncc),
// - cold start of `deploy-window check` next to `node -e 0`,
// - cold start of the action (dist/index.js) deciding with no network, when it is built,
// - bundle sizes.
// Usage: node scripts/bench.mjs [--runs N] [--json] [--node PATH]
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: { runs: { type: 'string' }, json: { type: 'boolean' }, node: { type: 'string' } },
});
const RUNS = Number(flags.runs ?? 15);
// The Node that runs the measured processes (e.g. Node 24, the Actions runtime).
const NODE = flags.node ?? process.execPath;

const CONFIG = `version: 1
timezone: Europe/Berlin
message: 'Deploys: Tue-Thu 10:00-16:00 Berlin'
windows:
  - name: core-hours
    environments: [production]
    rrule: FREQ=WEEKLY;BYDAY=TU,WE,TH;BYHOUR=10;BYMINUTE=0
    duration: 6h
  - name: release-freeze
    kind: deny
    start: 2026-12-21T00:00
    end: 2027-01-04T00:00
`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time of `node args...` over RUNS runs (after one warm-up run). */
function coldStart(args, options = {}) {
  const times = [];
  let last = null;
  for (let i = 0; i <= RUNS; i++) {
    const began = process.hrtime.bigint();
    last = spawnSync(NODE, args, { encoding: 'utf8', ...options });
    const ms = Number(process.hrtime.bigint() - began) / 1e6;
    if (i > 0) times.push(ms);
  }
  return { ms: median(times), status: last.status, stderr: last.stderr };
}

async function engineNumbers() {
  const ncc = require('@vercel/ncc');
  const out = mkdtempSync(join(tmpdir(), 'deploy-window-bench-'));
  try {
    const { code } = await ncc(join(root, 'bench/index.ts'), {
      minify: false,
      sourceMap: false,
      cache: false,
      quiet: true,
      target: 'es2022',
    });
    writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
    writeFileSync(join(out, 'bench.js'), code);
    const run = spawnSync(NODE, [join(out, 'bench.js')], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`bench bundle failed: ${run.stderr}`);
    return JSON.parse(run.stdout);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function size(path) {
  return existsSync(path) ? statSync(path).size : null;
}

function chunksSize(dir) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir)
    .filter((file) => /^\d+\.index\.js$/.test(file))
    .reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
}

const kib = (bytes) => (bytes === null ? 'n/a' : `${(bytes / 1024).toFixed(0)} KiB`);
const ms = (value) => `${value.toFixed(1)} ms`;

const workspace = mkdtempSync(join(tmpdir(), 'deploy-window-bench-ws-'));
mkdirSync(join(workspace, '.github'), { recursive: true });
writeFileSync(join(workspace, '.github/deploy-windows.yml'), CONFIG);

const engine = await engineNumbers();
const baseline = coldStart(['-e', '0']);
const cliPath = join(root, 'dist/cli/index.js');
const check = coldStart(
  [
    cliPath,
    'check',
    '--environment',
    'production',
    '--at',
    '2026-11-27T09:00:00Z',
    '--format',
    'json',
  ],
  { cwd: workspace },
);
if (check.status !== 1)
  throw new Error(`check should block (exit 1), got ${check.status}: ${check.stderr}`);

// A `holidays:` config loads the date-holidays chunk (~2.3 MB) on top.
const holidaysConfig = join(workspace, 'holidays.yml');
writeFileSync(
  holidaysConfig,
  'version: 1\nwindows:\n  - name: holidays\n    kind: deny\n    holidays: { country: DE, state: BY }\n',
);
const checkHolidays = coldStart(
  [
    cliPath,
    'check',
    '--config',
    holidaysConfig,
    '--environment',
    'production',
    '--at',
    '2026-06-04T10:00:00Z',
  ],
  { cwd: workspace },
);
if (checkHolidays.status !== 1) {
  throw new Error(`the holidays check should block (exit 1): ${checkHolidays.stderr}`);
}

let action = null;
const actionPath = join(root, 'dist/index.js');
if (existsSync(actionPath)) {
  const outputs = join(workspace, 'github-output');
  const env = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_ACTOR: 'octocat',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_OUTPUT: outputs,
    GITHUB_STEP_SUMMARY: join(workspace, 'summary.md'),
    INPUT_ENVIRONMENT: 'production',
    INPUT_AT: '2026-11-27T09:00:00Z',
    INPUT_MODE: 'warn',
    INPUT_COMMENT: 'false',
    INPUT_RESCHEDULE: 'false',
    INPUT_COMMAND: 'check',
    'INPUT_GITHUB-TOKEN': '',
    'INPUT_MAX-WAIT': '5h30m',
  };
  writeFileSync(outputs, '');
  action = coldStart([actionPath], { cwd: workspace, env });
  // The runs must have decided (mode warn: exit 0 with allowed=false), not failed early.
  if (!/allowed<<[^\n]*\nfalse|allowed=false/.test(readFileSync(outputs, 'utf8'))) {
    throw new Error(`the action did not decide: ${action.stderr}`);
  }
}

const sizes = {
  cli: size(cliPath),
  cliChunks: chunksSize(join(root, 'dist/cli')),
  action: size(actionPath),
  actionChunks: chunksSize(join(root, 'dist')),
};
rmSync(workspace, { recursive: true, force: true });

const version = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
const results = {
  node: version,
  runs: RUNS,
  engine,
  baseline,
  check,
  checkHolidays,
  action,
  sizes,
};
if (flags.json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  const rows = [
    [
      'Decisions per second (20-window mixed config, random instants over a year)',
      `${Math.round(engine.decisionsPerSecond).toLocaleString('en-US')} /s`,
    ],
    [
      'Year-long `nextOpen` search through dense deny windows (median)',
      `${ms(engine.yearSearchMs)} per decision`,
    ],
    ['Loading and validating the 20-window config', ms(engine.loadMixedMs)],
    ['`node -e 0` (baseline)', ms(baseline.ms)],
    ['`deploy-window check` cold start', `${ms(check.ms)} (+${ms(check.ms - baseline.ms)})`],
    [
      '`deploy-window check` cold start, `holidays:` config',
      `${ms(checkHolidays.ms)} (+${ms(checkHolidays.ms - baseline.ms)})`,
    ],
    [
      'Action cold start (`node dist/index.js`, no network)',
      action
        ? `${ms(action.ms)} (+${ms(action.ms - baseline.ms)})${action.status === 0 ? '' : ` exit ${action.status}`}`
        : 'not built',
    ],
    ['`dist/cli/index.js`', `${kib(sizes.cli)} (+ ${kib(sizes.cliChunks)} lazy chunks)`],
    [
      '`dist/index.js`',
      `${kib(sizes.action)}${sizes.actionChunks ? ` (+ ${kib(sizes.actionChunks)} lazy chunks)` : ''}`,
    ],
  ];
  const lines = [
    `Measured with Node ${version}, median of ${RUNS} runs, on ${process.platform}/${process.arch}.`,
    '',
    '| Measure | Result |',
    '| --- | --- |',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (engine.yearSearchNextOpen === null) {
    process.stderr.write('note: the year-long search found no opening (check bench/configs.ts)\n');
  }
}
