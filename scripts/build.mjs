#!/usr/bin/env node
// Builds the committed bundles with ncc, all CommonJS (Node 20 starts one 17-40 ms sooner
// than an ES module, Node 24 4-5 ms; see docs/cli.md):
//   src/index.ts                 -> dist/index.js       (the GitHub Action, node24)
//   src/cli/index.ts             -> dist/cli/index.js   (the CLI's dispatcher, `#!/usr/bin/env
//                                                        node`, executable)
//   src/cli/bundles/<command>.ts -> dist/cli/<command>.js (each command, loaded by the dispatcher)
// and copies the dispatcher byte for byte to jenkins/resources/deploy-window/deploy-window.cjs,
// with the gate's bundle and what the bundles load from beside themselves (the Jenkins step
// runs only `deploy-window gate`). Each bundle may have chunk files (`123.check.js`).
// Octokit and the holiday rules engine are each one shared file beside the bundles
// (octokit.cjs, holiday-rules.cjs), loaded when first used; see SHARED below.
// Beside each bundle also: holidays.jsonl, date-holidays' data one country per line (read by
// src/node/holidays.ts), and moment-timezone-data.cjs, an empty zone set that replaces
// moment-timezone's 700 KB of zones (each country's line carries the zones its rules name).
// ncc minifies the main file only; the chunks are minified here with the same terser options.
//
// Usage: node scripts/build.mjs [--out DIR] [--only action|cli] [--quiet] [--no-minify]
// The output root defaults to the repository (or DEPLOY_WINDOW_BUILD_OUT); test/dist-fresh
// builds into a temp dir and compares with what is committed.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Holidays from 'date-holidays';
import { data as holidayData } from 'date-holidays/data';
import { minify } from 'terser';
import { BUNDLE_COMPILER_OPTIONS } from './bundle-tsconfig.mjs';
import { yamlLibraryFiles } from './yaml-without-generators.mjs';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values: flags } = parseArgs({
  options: {
    out: { type: 'string' },
    only: { type: 'string' },
    quiet: { type: 'boolean' },
    // Readable bundles for profiling; never commit them.
    'no-minify': { type: 'boolean' },
  },
});
const outRoot = resolve(flags.out ?? process.env.DEPLOY_WINDOW_BUILD_OUT ?? root);
const log = flags.quiet ? () => {} : (line) => process.stdout.write(`${line}\n`);

const SHEBANG = '#!/usr/bin/env node\n';
const JENKINS_DIR = 'jenkins/resources/deploy-window';
const JENKINS_MAIN = 'deploy-window.cjs';
/** What the Jenkins main file was called before the CLI became CommonJS: removed if found. */
const JENKINS_OLD_MAIN = 'deploy-window.mjs';
const JENKINS_FILES = 'files.txt';

/**
 * One bundle per CLI command (docs/performance.md, "One bundle per command"): each is then one
 * scope-hoisted file holding only what that command runs.
 */
const COMMAND_BUNDLES = readdirSync(join(root, 'src/cli/bundles'))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const targets = [
  { name: 'action', group: 'action', entry: 'src/index.ts', outDir: 'dist', file: 'index.js' },
  {
    name: 'cli',
    group: 'cli',
    entry: 'src/cli/index.ts',
    outDir: 'dist/cli',
    file: 'index.js',
    shebang: true,
    // Copied to the Jenkins library as JENKINS_MAIN.
    jenkins: true,
  },
  ...COMMAND_BUNDLES.map((command) => ({
    name: `cli ${command}`,
    group: 'cli',
    entry: `src/cli/bundles/${command}.ts`,
    outDir: 'dist/cli',
    file: `${command}.js`,
    exports: true,
    jenkins: command === 'gate',
  })),
];

if (flags.only && !targets.some((target) => target.group === flags.only)) {
  process.stderr.write(`build: --only must be action or cli, not ${flags.only}\n`);
  process.exit(2);
}

/**
 * Chunk files ncc emits for dynamic imports (`123.index.js`, `123.check.js`): removed before
 * each build.
 */
const isChunk = (file) => /^\d+\.[a-z-]+\.js$/.test(file);

const HOLIDAY_DATA = 'holidays.jsonl';
const ZONE_DATA = 'moment-timezone-data.cjs';
/** moment-timezone's index loads every zone with this request; the bundles get ZONE_DATA. */
const ZONE_DATA_REQUEST = './data/packed/latest.json';

function clearChunks(dir) {
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)) {
    if (isChunk(file)) rmSync(join(dir, file));
  }
}

/** Written whole or not at all: tests read dist/holidays.jsonl while another build runs. */
function write(path, content, mode) {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  writeFileSync(partial, content);
  if (mode) chmodSync(partial, mode);
  renameSync(partial, path);
}

// ncc type-checks with the project's tsconfig unless transpileOnly, and then any type error
// anywhere (a test file mid-edit) fails the bundle; transpile-only with the project's
// `module: NodeNext` emits CommonJS. So the bundle starts from a one-line entry in a build
// directory whose tsconfig says ESNext: ncc and ts-loader both take the tsconfig nearest the
// entry. The directory sits at a fixed place inside the repository so module ids, which
// depend on paths relative to it, are the same in every checkout. Types: `npm run typecheck`.
const BUILD_DIR = join(root, 'node_modules/.cache/deploy-window-build');

// Holiday start-up: date-holidays-parser imports astronomia's index, which evaluates all of its
// 57 modules (VSOP87 tables and all), date-chinese, and moment-timezone, though only equinox and
// lunar-calendar rules use them: 25-35 ms and 250 KB more to compile on every `holidays:`
// config. So they live in astronomy.cjs, a bundle of their own beside each main bundle, and the
// main bundles import stand-ins instead (tsconfig `paths`, which ncc applies to every import,
// dependencies' too) that load it on first use. Inside astronomy.cjs each astronomia module is
// evaluated when first read. The VSOP87 Earth table that date-holidays-parser hands to its
// Planet when it starts (100 KB of numbers, 4-13 ms of every holidays config's start when it
// was part of holiday-rules.cjs) is there too, behind a stand-in read only by the Planet.
const ASTRONOMY = 'astronomy.cjs';
const VSOP87_EARTH = 'astronomia/data/vsop87Bearth';
/** The table's first coefficient: the text that shows where it was bundled. */
const VSOP87_EARTH_MARK = '1.75347045673';
/** How the stand-ins ask for astronomy.cjs: kept out of the main bundles (ncc `externals`). */
const ASTRONOMY_REQUEST = `./${ASTRONOMY}`;
/** The astronomy bundle builds in its own directory: its tsconfig maps astronomia only. */
const ASTRONOMY_DIR = join(BUILD_DIR, 'astronomy');

// Libraries that several bundles load only when needed (the CLI has one bundle per command):
// each is one file beside the bundles instead of a chunk of every bundle that may need it. The
// bundles import stand-ins (tsconfig `paths`, as for astronomy.cjs) that `require` the shared
// file, which ncc leaves alone (`externals`); its packages stay behind a dynamic import in our
// code (src/github/api.ts, src/node/holidays.ts), so it is read only when first used.
// `packages` maps each package to the export of the shared file that holds it; `need` says
// what needs the file, for the error when it is missing (see requireBeside).
const SHARED = [
  {
    name: 'octokit',
    need: 'calling the GitHub API',
    packages: {
      '@actions/github': 'github',
      '@octokit/plugin-retry': 'retry',
      '@octokit/plugin-throttling': 'throttling',
      'bottleneck/light.js': 'bottleneck',
    },
  },
  {
    name: 'holiday-rules',
    need: 'reading the holidays of this config',
    packages: { 'date-holidays-parser': 'parser' },
    // Its astronomy stays in astronomy.cjs, loaded by the rules that need it.
    standIns: ['astronomia', VSOP87_EARTH, 'date-chinese', 'moment-timezone'],
  },
];
const shimFile = (name, request) => `${name}-${request.replace(/[^a-z0-9]+/gi, '-')}.cjs`;

/**
 * The modules a package's index re-exports, as `export { default as x } from './x.js'` lines
 * (astronomia's and date-chinese's indexes are nothing else).
 */
function reexports(name) {
  const index = readFileSync(
    join(dirname(require.resolve(`${name}/package.json`)), 'src/index.js'),
    'utf8',
  );
  const modules = [...index.matchAll(/^export \{ default as (\w+) \} from '\.\/(\w+)\.js'$/gm)];
  if (modules.length === 0 || modules.length !== index.match(/\bexport\b/g)?.length) {
    throw new Error(`${name}'s index is no longer only \`export { default as x }\` lines`);
  }
  return modules.map(([, exported, file]) => ({ name: exported, file }));
}

const GENERATED = '// Generated by scripts/build.mjs: see ASTRONOMY there.';

/**
 * Generated lines that load `file` from beside the bundle into `variable` (its request is left
 * alone by ncc: `externals`), and fail naming the file, and what needs it, when it is missing.
 */
const requireBeside = (variable, file, need) => [
  '  try {',
  `    ${variable} = require('./${file}');`,
  '  } catch (error) {',
  `    if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('${file}')) throw error;`,
  `    throw new Error('${file} is missing; ${need}, and it ships beside the deploy-window bundle');`,
  '  }',
];

/** Source files by path relative to BUILD_DIR, and the `paths` of the tsconfig beside them. */
function buildDirectories() {
  const modules = reexports('astronomia');
  const loadAstronomy = [
    'let astronomy;',
    'function load() {',
    '  if (astronomy) return astronomy;',
    ...requireBeside(
      'astronomy',
      ASTRONOMY,
      'the holiday rules of this config need it (equinox, lunar and other calendars)',
    ),
    '  return astronomy;',
    '}',
  ];
  const lines = (...parts) => ["'use strict';", GENERATED, ...parts, ''].join('\n');
  const main = {
    paths: {
      astronomia: './shims/astronomia.cjs',
      'date-chinese': './shims/date-chinese.cjs',
      'moment-timezone': './shims/moment-timezone.cjs',
      [VSOP87_EARTH]: './shims/vsop87-earth.cjs',
      // The YAML library's ES module build: ncc (webpack) scope-hoists it with the code that
      // reads configs, where its CommonJS build stayed 60 modules behind property look-ups.
      // A copy, with its lexer and parser rewritten without generators (yamlLibraryFiles).
      yaml: './yaml/index.js',
      ...Object.fromEntries(
        SHARED.flatMap(({ name, packages }) =>
          Object.keys(packages).map((request) => [request, `./shims/${shimFile(name, request)}`]),
        ),
      ),
    },
    files: {
      ...yamlLibraryFiles('yaml'),
      ...Object.fromEntries(
        SHARED.flatMap(({ name, need, packages }) =>
          Object.entries(packages).map(([request, key]) => [
            `shims/${shimFile(name, request)}`,
            lines(
              'let shared;',
              ...requireBeside('shared', `${name}.cjs`, `${need} needs it`),
              `module.exports = shared.${key};`,
            ),
          ]),
        ),
      ),
      'shims/astronomia.cjs': lines(
        ...loadAstronomy,
        // date-holidays-parser builds `new planetposition.Planet(data)` when it starts; the
        // planet is built for real when a rule first reads it.
        'function Planet(data) {',
        '  let real;',
        '  const planet = () => (real ??= new (load().astronomia.planetposition.Planet)(data));',
        '  return new Proxy({}, {',
        '    get: (_, key) => planet()[key],',
        '    has: (_, key) => key in planet(),',
        '    set: (_, key, value) => { planet()[key] = value; return true; },',
        '  });',
        '}',
        'const planetposition = new Proxy({}, {',
        "  get: (_, key) => (key === 'Planet' ? Planet : load().astronomia.planetposition[key]),",
        '});',
        'module.exports = {',
        ...modules.map(({ name }) =>
          name === 'planetposition'
            ? '  planetposition,'
            : `  get ${name}() { return load().astronomia.${name}; },`,
        ),
        '};',
      ),
      'shims/vsop87-earth.cjs': lines(
        ...loadAstronomy,
        'let table;',
        'const real = () => (table ??= load().vsop87Earth());',
        'module.exports = new Proxy({}, {',
        "  // webpack's interop reads __esModule when the importing module starts: no load then.",
        "  get: (_, key) => (key === '__esModule' ? undefined : real()[key]),",
        '  has: (_, key) => key in real(),',
        '  ownKeys: () => Reflect.ownKeys(real()),',
        '  getOwnPropertyDescriptor: (_, key) => {',
        '    const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);',
        '    return descriptor && { ...descriptor, configurable: true };',
        '  },',
        '});',
      ),
      'shims/date-chinese.cjs': lines(
        ...loadAstronomy,
        'module.exports = {',
        ...reexports('date-chinese').map(
          ({ name }) => `  get ${name}() { return load().dateChinese.${name}; },`,
        ),
        '};',
      ),
      'shims/moment-timezone.cjs': lines(
        ...loadAstronomy,
        'let moment;',
        'const real = () => (moment ??= load().moment());',
        'module.exports = new Proxy(function moment() {}, {',
        '  apply: (_, self, args) => real().apply(self, args),',
        "  // webpack's interop reads __esModule when the importing module starts: no load then.",
        "  get: (_, key) => (key === '__esModule' ? undefined : real()[key]),",
        '  has: (_, key) => key in real(),',
        '});',
      ),
    },
  };
  const astronomy = {
    paths: { astronomia: './astronomia-modules.cjs' },
    files: {
      'astronomy/entry.cjs': lines(
        "exports.astronomia = require('astronomia');",
        "exports.dateChinese = require('date-chinese');",
        `exports.vsop87Earth = () => require('${VSOP87_EARTH}').default;`,
        "exports.moment = () => require('moment-timezone/index.js');",
      ),
      'astronomy/astronomia-modules.cjs': lines(
        'const loaded = {};',
        'const once = (name, load) => (name in loaded ? loaded[name] : (loaded[name] = load()));',
        'module.exports = {',
        ...modules.map(
          ({ name, file }) =>
            `  get ${name}() { return once('${name}', () => require('astronomia/${file}').default); },`,
        ),
        '};',
      ),
    },
  };
  // Each shared bundle builds in a directory of its own (its tsconfig maps only the stand-ins
  // it keeps, none of its own packages).
  const shared = Object.fromEntries(
    SHARED.map(({ name, packages, standIns = [] }) => [
      name,
      {
        paths: Object.fromEntries(standIns.map((request) => [request, `.${main.paths[request]}`])),
        files: {
          // Imports, not require(): Octokit's packages are ES modules only. Each export is the
          // package's namespace, which the stand-ins hand on as it is (with __esModule, so a
          // default import of the stand-in is the package's default export).
          [`${name}/entry.ts`]: [
            GENERATED,
            ...Object.entries(packages).map(
              ([request, key]) => `export * as ${key} from '${request}';`,
            ),
            '',
          ].join('\n'),
        },
      },
    ]),
  );
  return { main, astronomy, shared };
}

/** Writes a build directory's files and a tsconfig with its `paths`. */
function writeBuildDirectory(dir, { paths, files }) {
  const tsconfig = {
    compilerOptions: {
      ...BUNDLE_COMPILER_OPTIONS,
      baseUrl: '.',
      paths: Object.fromEntries(Object.entries(paths).map(([name, file]) => [name, [file]])),
    },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(dirname(join(BUILD_DIR, file)), { recursive: true });
    writeFileSync(join(BUILD_DIR, file), source);
  }
}

function writeBuildDirectories() {
  const { main, astronomy, shared } = buildDirectories();
  writeBuildDirectory(BUILD_DIR, main);
  writeBuildDirectory(ASTRONOMY_DIR, astronomy);
  for (const [name, directory] of Object.entries(shared)) {
    writeBuildDirectory(join(BUILD_DIR, name), directory);
  }
}

/** A one-line entry in BUILD_DIR for a target (see BUILD_DIR): its exports too, if it has any. */
function buildEntry(target) {
  const path = relative(BUILD_DIR, join(root, target.entry)).replace(/\\/g, '/');
  const file = join(BUILD_DIR, `${target.name.replace(/\W+/g, '-')}.ts`);
  const from = path.replace(/\.ts$/, '.js');
  writeFileSync(file, target.exports ? `export * from '${from}';\n` : `import '${from}';\n`);
  return file;
}

async function bundle(name, entryFile, filename = 'index.js') {
  const ncc = require('@vercel/ncc');
  // ncc's tsconfig-paths plugin reads the tsconfig of the working directory.
  const cwd = process.cwd();
  let result;
  try {
    process.chdir(dirname(entryFile));
    result = await ncc(entryFile, {
      minify: !flags['no-minify'],
      sourceMap: false,
      cache: false,
      quiet: true,
      transpileOnly: true,
      esm: false,
      target: 'es2022',
      // Chunks are named after it (`123.check.js`): the bundles of one directory keep theirs apart.
      filename,
      license: 'licenses.txt',
      externals: {
        [ZONE_DATA_REQUEST]: `./${ZONE_DATA}`,
        [ASTRONOMY_REQUEST]: ASTRONOMY_REQUEST,
        ...Object.fromEntries(SHARED.map(({ name }) => [`./${name}.cjs`, `./${name}.cjs`])),
      },
    });
  } finally {
    process.chdir(cwd);
  }
  const texts = [result.code, ...Object.values(result.assets).map((asset) => String(asset.source))];
  // If moment-timezone ever loads its zones another way, they would be bundled again (700 KB
  // on every holiday config's start): fail here rather than ship that.
  if (texts.some((text) => text.includes('"Pacific/Honolulu|'))) {
    throw new Error(
      `moment-timezone's zone data got into the ${name} bundle: see ZONE_DATA_REQUEST`,
    );
  }
  // Likewise the VSOP87 Earth table, which only astronomy.cjs may hold.
  if (name !== 'astronomy' && texts.some((text) => text.includes(VSOP87_EARTH_MARK))) {
    throw new Error(`the VSOP87 Earth table got into the ${name} bundle: see VSOP87_EARTH`);
  }
  // Likewise Octokit, which only octokit.cjs may hold (see SHARED).
  if (name !== 'octokit' && texts.some((text) => text.includes('POST /orgs/{org}/hooks'))) {
    throw new Error(`Octokit got into the ${name} bundle: see SHARED`);
  }
  // Likewise astronomia's modules, should the stand-ins ever stop being used (see ASTRONOMY).
  if (name !== 'astronomy' && texts.some((text) => text.includes('meanLunarMonth'))) {
    throw new Error(`astronomia got into the ${name} bundle: see ASTRONOMY`);
  }
  if (flags['no-minify']) return result;
  for (const [file, asset] of Object.entries(result.assets)) {
    if (!isChunk(file)) continue;
    // ncc's own settings for the main file (it leaves chunks as they are), ASCII-only.
    const minified = await minify(String(asset.source), {
      module: false,
      compress: false,
      mangle: { keep_classnames: true, keep_fnames: true },
      format: { ascii_only: true },
    });
    asset.source = minified.code;
  }
  result.code = await asciiOnly(result.code);
  return result;
}

/**
 * The bundle with every character outside ASCII in its strings, templates and regular
 * expressions written as an escape. V8 keeps a source with one such character (`…`, `✅`) as
 * two bytes a character, which the action's 380 KB main file paid for on every start (6-11 ms
 * here). Comments keep their text: a license notice may hold a name like Wärting.
 */
async function asciiOnly(code) {
  if (!/[\u0080-\uffff]/.test(code)) return code;
  const shebang = code.startsWith('#!') ? code.slice(0, code.indexOf('\n') + 1) : '';
  const printed = await minify(code.slice(shebang.length), {
    module: false,
    compress: false,
    mangle: false,
    format: { ascii_only: true },
  });
  return shebang + printed.code;
}

/**
 * holidays.jsonl: an index line (data version and licence; where the names line is; per country
 * its English and native name and where its line is), the holiday names line, then one line per
 * country with its part of date-holidays' data (and that of countries it takes days from) and
 * the moment-timezone zones its rules name.
 */
function holidayFiles() {
  const zoneData = JSON.parse(
    readFileSync(require.resolve(`moment-timezone/data/packed/latest.json`), 'utf8'),
  );
  const zoneByName = new Map(zoneData.zones.map((zone) => [zone.split('|')[0], zone]));
  const linkByName = new Map(zoneData.links.map((link) => [link.split('|')[1], link]));
  const catalogue = new Holidays();
  const english = catalogue.getCountries('en');
  const native = catalogue.getCountries();
  // First the holiday names every country shares (translations of "New Year's Day", ...).
  const namesLine = `${JSON.stringify(holidayData.names)}\n`;
  const lines = [namesLine];
  const countries = {};
  const names = [0, Buffer.byteLength(namesLine) - 1];
  let offset = Buffer.byteLength(namesLine);
  // A country may take another's days (`_days: "FR"` in French Guiana): its line has both.
  const withReferenced = (code, found = new Set()) => {
    if (found.has(code)) return found;
    found.add(code);
    const text = JSON.stringify(holidayData.holidays[code]);
    for (const [, one, first] of text.matchAll(/"_days":(?:"([^"]+)"|\["([^"]+)")/g)) {
      if (!holidayData.holidays[one ?? first]) throw new Error(`${code} refers to ${one ?? first}`);
      withReferenced(one ?? first, found);
    }
    return found;
  };
  for (const code of Object.keys(holidayData.holidays)) {
    const included = Object.fromEntries(
      [...withReferenced(code)].map((other) => [other, holidayData.holidays[other]]),
    );
    const text = JSON.stringify(included);
    // Equinox rules convert in the zone they name, or in GMT.
    const zones = new Set();
    const links = new Set();
    const wanted = [...text.matchAll(/ in ([A-Za-z_]+\/[A-Za-z0-9_/+-]+)/g)].map(
      (match) => match[1],
    );
    if (/equinox|solstice/.test(text)) wanted.push('GMT');
    for (let name of wanted) {
      const link = linkByName.get(name);
      if (link) {
        links.add(link);
        name = link.split('|')[0];
      }
      const zone = zoneByName.get(name);
      if (!zone)
        throw new Error(
          `holiday data of ${code} names the zone ${name}, unknown to moment-timezone`,
        );
      zones.add(zone);
    }
    const line = `${JSON.stringify({ holidays: included, zones: [...zones], links: [...links] })}\n`;
    const length = Buffer.byteLength(line) - 1;
    countries[code] = [english[code] ?? code, native[code] ?? code, offset, length];
    offset += length + 1;
    lines.push(line);
  }
  const index = {
    format: 1,
    version: holidayData.version,
    license: holidayData.license,
    names,
    countries,
  };
  const holidays = `${JSON.stringify(index)}\n${lines.join('')}`;
  const emptyZones = { version: zoneData.version, zones: [], links: [], countries: [] };
  const zonesModule = `module.exports=${JSON.stringify(emptyZones)};\n`;
  return { holidays, zonesModule };
}

/**
 * A package's block for licenses.txt, as ncc writes them (name, licence, text), for what ncc's
 * list misses: date-holidays' data (no longer in a bundle) and the YAML library (bundled from
 * its ES module build, whose folder has a package.json without a name).
 */
function packageLicense(name) {
  const manifest = require.resolve(`${name}/package.json`);
  const { license } = JSON.parse(readFileSync(manifest, 'utf8'));
  const text = readFileSync(join(dirname(manifest), 'LICENSE'), 'utf8');
  return `${name}\n${license}\n${text.trim()}`;
}
/** The packages packageLicense adds to every directory's licenses.txt. */
const LICENSED_BESIDE_NCC = ['date-holidays', 'yaml'];

/**
 * ncc's licenses.txt by package: blocks of `name`, `licence` (`MIT`, `(MIT AND ISC)`), text, a
 * blank line between blocks. A block starts at a line naming an installed package (the text of
 * a licence may have blank lines of its own).
 */
function licenseBlocks(text) {
  const blocks = new Map();
  const lines = text.split('\n');
  let name = null;
  let block = [];
  const flush = () => {
    if (name !== null && !blocks.has(name)) blocks.set(name, block.join('\n').trim());
  };
  lines.forEach((line, index) => {
    const startsBlock =
      (index === 0 || lines[index - 1] === '') &&
      (lines[index + 1] ?? '') !== '' &&
      (line === 'deploy-window' || existsSync(join(root, 'node_modules', line, 'package.json')));
    if (startsBlock) {
      flush();
      name = line;
      block = [];
    }
    block.push(line);
  });
  flush();
  return blocks;
}

/** One licenses.txt for the bundles of one directory: each package once, by name. */
function mergedLicenses(texts) {
  const blocks = new Map();
  for (const text of texts) {
    for (const [name, block] of licenseBlocks(text)) if (!blocks.has(name)) blocks.set(name, block);
  }
  return [...blocks.keys()]
    .sort()
    .map((name) => blocks.get(name))
    .join('\n\n');
}

/** A target's bundle and chunks, by file name, and its licences. */
async function build(target) {
  // A missing entry fails the build: skipping it would leave (or compare) a stale bundle.
  if (!existsSync(join(root, target.entry))) {
    throw new Error(`${target.entry} (the ${target.name} entry) does not exist`);
  }
  const { code, assets } = await bundle(target.name, buildEntry(target), target.file);
  const files = new Map();
  const main = target.shebang && !code.startsWith('#!') ? SHEBANG + code : code;
  files.set(target.file, { source: main, mode: target.shebang ? 0o755 : undefined });
  let licenses = '';
  for (const [name, asset] of Object.entries(assets)) {
    if (name === 'licenses.txt') licenses = String(asset.source);
    else files.set(name, { source: asset.source });
  }
  return { target, files, licenses };
}

/** What every bundle loads from beside itself, and the licences of what they hold. */
async function sharedFiles() {
  const astronomy = await bundle('astronomy', join(ASTRONOMY_DIR, 'entry.cjs'));
  const files = new Map([
    [ASTRONOMY, astronomy.code],
    // The repository's own package.json says module: the CommonJS bundles need their own.
    ['package.json', `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`],
  ]);
  const licenses = [String(astronomy.assets['licenses.txt']?.source ?? '')];
  for (const { name } of SHARED) {
    const built = await bundle(name, join(BUILD_DIR, name, 'entry.ts'));
    if (Object.keys(built.assets).some(isChunk)) {
      throw new Error(`${name}.cjs must be one file, but ncc split it into chunks`);
    }
    files.set(`${name}.cjs`, built.code);
    licenses.push(String(built.assets['licenses.txt']?.source ?? ''));
  }
  const holidays = holidayFiles();
  files.set(HOLIDAY_DATA, holidays.holidays);
  files.set(ZONE_DATA, holidays.zonesModule);
  return { files, licenses: [...licenses, ...LICENSED_BESIDE_NCC.map(packageLicense)] };
}

/**
 * Writes the bundles of one directory (each under the name `nameOf` gives its main file), what
 * they share, and one licenses.txt; returns the names written besides licenses.txt.
 */
function writeDirectory(dir, builds, shared, nameOf = (target) => target.file) {
  clearChunks(dir);
  const written = [];
  for (const { target, files } of builds) {
    for (const [name, { source, mode }] of files) {
      const as = name === target.file ? nameOf(target) : name;
      write(join(dir, as), source, mode);
      written.push(as);
    }
  }
  for (const [name, source] of shared.files) {
    write(join(dir, name), source);
    written.push(name);
  }
  const licenses = mergedLicenses([...builds.map((one) => one.licenses), ...shared.licenses]);
  write(join(dir, 'licenses.txt'), `${licenses}\n`);
  return written;
}

try {
  writeBuildDirectories();
  const builds = [];
  for (const target of targets) {
    if (flags.only && flags.only !== target.group) continue;
    builds.push(await build(target));
  }
  const shared = await sharedFiles();
  for (const outDir of new Set(builds.map(({ target }) => target.outDir))) {
    const here = builds.filter(({ target }) => target.outDir === outDir);
    const written = writeDirectory(join(outRoot, outDir), here, shared);
    log(`${outDir}/: ${written.join(', ')}`);
  }
  const copied = builds.filter(({ target }) => target.jenkins);
  if (copied.length > 0) {
    const copyDir = join(outRoot, JENKINS_DIR);
    rmSync(join(copyDir, JENKINS_OLD_MAIN), { force: true });
    const dispatcher = (target) => (target.name === 'cli' ? JENKINS_MAIN : target.file);
    // The Jenkins step writes the bundle into the workspace with libraryResource, which cannot
    // list a directory: this names the files that must sit beside deploy-window.cjs.
    const beside = writeDirectory(copyDir, copied, shared, dispatcher)
      .filter((name) => name !== JENKINS_MAIN)
      .sort();
    write(join(copyDir, JENKINS_FILES), beside.map((name) => `${name}\n`).join(''));
    log(`${JENKINS_DIR}/: ${JENKINS_MAIN} (+ ${beside.join(', ')})`);
  }
} catch (error) {
  // ncc's errors carry its own minified source as context: print the message only.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`build failed: ${message.split('\n').slice(0, 12).join('\n')}\n`);
  process.exitCode = 1;
}
