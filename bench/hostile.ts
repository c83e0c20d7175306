// Worst cases for `npm run bench`: configs of about 1 MiB built to be expensive (dense rules,
// 1,000 windows that only cover everything together, deny-everything, YAML bombs, a full .ics),
// each loaded and decided in a process of its own, so that its peak memory is its own.
// benchHostile() returns one row per case: load and decide times, and the process's max RSS.
//
// The child is this same script run again with `--hostile-case NAME`: when this module sees
// that argument it runs the case, prints one JSON line and exits before anything else runs.
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../src/core/config/load.js';
import { decide } from '../src/core/decide.js';
import { lintConfig } from '../src/core/lint.js';
import { formatInstant } from '../src/core/time/instant.js';
import { codeownersRuleFor } from '../src/github/codeowners.js';
import { ownersOf } from '../src/gitlab/codeowners.js';
import { holdYoungGenerationFor } from '../src/node/young-generation.js';

const CASE_FLAG = '--hostile-case';
const AT = Date.parse('2026-06-01T10:00:00Z');
const MIB = 1024 * 1024;

interface HostileCase {
  name: string;
  /** What the case is, for the table. */
  description: string;
  config(): string;
  files?(): Record<string, string>;
  /** Also run `validate`'s warnings (lintConfig). */
  lint?: boolean;
  /** A CODEOWNERS file: after the decision, who owns the config, read as GitHub and GitLab do. */
  codeowners?(): string;
  /** The runway asked for (`--min-duration`), in minutes. */
  minDuration?: number;
}

/**
 * A message's text, with escapes: the YAML library reads a double-quoted scalar a character
 * at a time (the config reader does not).
 */
const PHRASE = 'freeze: ask \\"#release\\" before you deploy.\\t';

/**
 * Pads a window with a message so that `count` windows make about `bytes` of YAML. Every other
 * message is tagged `!!str`, which is the same text.
 */
function message(count: number, bytes: number, used: number, index: number): string {
  const room = Math.max(0, Math.floor((bytes - used) / count) - 26);
  const repeats = Math.floor(room / PHRASE.length);
  const tag = index % 2 === 1 ? '!!str ' : '';
  return repeats > 0 ? `    message: ${tag}"${PHRASE.repeat(repeats)}"\n` : '';
}

function windows(count: number, body: (index: number) => string, zone = 'Europe/Berlin'): string {
  const head = `version: 1\ntimezone: ${zone}\nwindows:\n`;
  const items = Array.from({ length: count }, (_, i) => `  - name: w${i}\n${body(i)}`);
  const used = head.length + items.join('').length;
  return head + items.map((item, i) => item + message(count, MIB - 4096, used, i)).join('');
}

/** A deny window over an .ics of one event whose body (the lines after DURATION) is `body`. */
function oneEventCalendar(name: string, description: string, body: string): HostileCase {
  return {
    name,
    description,
    config: () =>
      'version: 1\ntimezone: Europe/Berlin\nwindows:\n  - name: cal\n    kind: deny\n    ics: freeze.ics\n',
    files: () => ({
      'freeze.ics': [
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        `UID:${name}`,
        'DTSTART:20260601T100000Z',
        'DURATION:PT1H',
        body,
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    }),
  };
}

const CASES: HostileCase[] = [
  {
    name: 'baseline',
    description: 'an empty config (the process itself)',
    config: () => 'version: 1\nwindows: []\n',
  },
  {
    name: 'dense-rules',
    description:
      'every-minute deny rules that cover everything only together (1,920 starts a day) and 997 padded windows',
    config: () =>
      windows(
        1000,
        (i) =>
          [
            '    kind: deny\n    rrule: "FREQ=MINUTELY;INTERVAL=2"\n    duration: 1m\n',
            '    kind: deny\n    rrule: "DTSTART:19700101T000100 RRULE:FREQ=MINUTELY;INTERVAL=2"\n    duration: 1m\n',
            '    kind: deny\n    rrule: "FREQ=MINUTELY;INTERVAL=3"\n    duration: 1m\n',
          ][i] ?? `    kind: deny\n    dates: [2026-12-${String((i % 28) + 1).padStart(2, '0')}]\n`,
        'UTC',
      ),
  },
  {
    name: 'cover-together',
    description: '1,000 deny windows of 5 starts a day that cover everything only together',
    config: () =>
      windows(
        1000,
        (i) => {
          const hours = Array.from({ length: 5 }, (_, k) => (Math.floor(i / 60) + 5 * k) % 24);
          return `    kind: deny\n    cron: "${i % 60} ${hours.join(',')} * * *"\n    duration: 1m\n`;
        },
        'UTC',
      ),
  },
  {
    name: 'deny-everything',
    description: '1,000 deny windows, each covering everything',
    config: () =>
      windows(
        1000,
        (i) => `    kind: deny\n    rrule: "FREQ=DAILY;BYHOUR=${i % 24}"\n    duration: 1d\n`,
      ),
  },
  {
    name: 'runway-never-met',
    description:
      'a 10-line config: open minutes between denied ones, asked for a 2-minute runway (a year-long search through 263,520 open minutes)',
    config: () =>
      'version: 1\ntimezone: UTC\nwindows:\n  - name: even\n    cron: "*/2 * * * *"\n    duration: 1\n  - name: odd\n    kind: deny\n    cron: "1-59/2 * * * *"\n    duration: 1\n',
    minDuration: 2,
  },
  {
    name: 'allow-never-open',
    description: '1,000 allow windows, all in the past, and a deny window (a year-long search)',
    config: () =>
      windows(1000, (i) =>
        i === 0
          ? `    kind: deny\n    time: "00:00-00:00"\n`
          : `    kind: allow\n    rrule: "FREQ=DAILY;BYHOUR=${i % 24};UNTIL=20200101"\n    duration: 1h\n`,
      ),
  },
  {
    name: 'long-durations',
    description:
      '999 allow windows lasting 3660 days (the longest), each in one month, and a deny-all window, decided and linted',
    lint: true,
    config: () =>
      windows(1000, (i) =>
        i === 0
          ? `    kind: deny\n    time: "00:00-00:00"\n`
          : `    kind: allow\n    rrule: "FREQ=MINUTELY;INTERVAL=${60 + i};BYMONTH=${1 + (i % 12)}"\n    duration: 3660d\n`,
      ),
  },
  {
    name: 'lint-1000',
    description: '1,000 windows over 500 environments, decided and linted (validate)',
    lint: true,
    config: () =>
      windows(1000, (i) => {
        const hours = Array.from({ length: 5 }, (_, k) => (Math.floor(i / 60) + 5 * k) % 24);
        return `    kind: ${i % 2 ? 'allow' : 'deny'}\n    environments: ["env-${i % 500}", "*"]\n    cron: "${i % 60} ${hours.join(',')} * * *"\n    duration: 1m\n`;
      }),
  },
  {
    name: 'ics-10k',
    description: 'an .ics of 4,900 yearly events and 5,100 one-off events, then a deny-all window',
    config: () =>
      'version: 1\ntimezone: Europe/Berlin\nwindows:\n  - name: cal\n    kind: deny\n    ics: freeze.ics\n  - name: all\n    kind: deny\n    time: "00:00-00:00"\n',
    files: () => {
      const events: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        const day = String((i % 28) + 1).padStart(2, '0');
        const month = String((i % 12) + 1).padStart(2, '0');
        events.push(
          'BEGIN:VEVENT',
          `UID:e${i}`,
          `DTSTART:2026${month}${day}T${String(i % 24).padStart(2, '0')}0000Z`,
          'DURATION:PT1H',
          ...(i < 4900 ? ['RRULE:FREQ=YEARLY'] : []),
          'END:VEVENT',
        );
      }
      return { 'freeze.ics': ['BEGIN:VCALENDAR', ...events, 'END:VCALENDAR', ''].join('\r\n') };
    },
  },
  oneEventCalendar(
    'ics-folded',
    'a 10 MiB .ics whose one description is folded after every character',
    `DESCRIPTION:x${'\r\n y'.repeat(Math.floor((10 * MIB - 2048) / 4))}`,
  ),
  oneEventCalendar(
    'ics-lines',
    'a 10 MiB .ics of 1.5 million short lines: X- properties and alarms',
    `X-A:b${'\r\nX-A:b'.repeat(Math.floor((5 * MIB - 1024) / 7))}${'\r\nBEGIN:VALARM\r\nEND:VALARM'.repeat(Math.floor((5 * MIB - 1024) / 26))}`,
  ),
  {
    name: 'codeowners-3mib',
    description: 'a 3 MiB CODEOWNERS of 75,000 rules, none owning the config (GitHub and GitLab)',
    config: () => 'version: 1\nwindows:\n  - name: w\n    time: "09:00-17:00"\n',
    codeowners: () => {
      const lines = ['[Deploys]'];
      let size = 0;
      for (let i = 0; size < 3 * MIB - 200; i++) {
        const line = `/d${i}/**/*.y*ml @org/team-${i % 50} @user${i}`;
        lines.push(line);
        size += line.length + 1;
      }
      return `${lines.join('\n')}\n`;
    },
  },
  {
    name: 'merge-bomb',
    description: 'a YAML merge-key bomb: 8 levels of ten `<<` aliases (each map merged once)',
    config: () => {
      const lines = ['version: 1', 'windows:', '  - &a0 {name: w, time: "09:00-10:00"}'];
      for (let level = 1; level <= 8; level++) {
        const sources = Array.from({ length: 10 }, () => `*a${level - 1}`).join(', ');
        lines.push(`  - &a${level} {name: w${level}, <<: [${sources}]}`);
      }
      return `${lines.join('\n')}\n`;
    },
  },
  {
    name: 'yaml-values',
    description: '1 MiB of list items (refused before parsing)',
    config: () =>
      `version: 1\nwindows:\n  - name: w\n    time: "09:00-10:00"\n    environments: [${Array(260_000).fill('ab').join(',')}]\n`,
  },
];

export interface HostileRow {
  name: string;
  description: string;
  configBytes: number;
  /** Bytes of the files the config names (an .ics). */
  filesBytes: number;
  windows: number | null;
  /** `blocked`, `allowed`, or `refused: <first error>`. */
  outcome: string;
  loadMs: number;
  decideMs: number;
  lintMs: number | null;
  /** The child process's peak resident memory. */
  maxRssMiB: number;
  /** The child's wall time, start-up included. */
  processMs: number;
}

function caseNamed(name: string): HostileCase {
  const found = CASES.find((c) => c.name === name);
  if (!found) throw new Error(`no hostile case ${name}`);
  return found;
}

/** A case's config text and the files it names (tests run the shipped bundles on them). */
export function hostileInput(name: string): { config: string; files: Record<string, string> } {
  const found = caseNamed(name);
  return { config: found.config(), files: found.files?.() ?? {} };
}

/** Runs one case in this process (the child side). */
function runCase(name: string): Omit<HostileRow, 'processMs'> {
  const found = caseNamed(name);
  const text = found.config();
  const files = found.files?.() ?? {};
  // As src/node/config-file.ts does before it reads a config and its calendars.
  holdYoungGenerationFor(
    Buffer.byteLength(text) +
      Object.values(files).reduce((sum, file) => sum + Buffer.byteLength(file), 0),
  );
  const loadBegan = performance.now();
  const result = loadConfig(text, {
    file: 'bench/hostile.yml',
    readFile: (path) => files[path] ?? null,
  });
  const loadMs = performance.now() - loadBegan;
  let outcome: string;
  let decideMs = 0;
  let lintMs: number | null = null;
  if (result.ok) {
    const decideBegan = performance.now();
    const decision = decide(result.config, {
      environment: 'production',
      at: AT,
      minDuration: found.minDuration ?? 0,
    });
    decideMs = performance.now() - decideBegan;
    outcome = decision.allowed
      ? 'allowed'
      : `blocked (next open ${formatInstant(decision.nextOpen) ?? 'none'})`;
    const codeowners = found.codeowners?.();
    if (codeowners !== undefined) {
      const path = '.github/deploy-windows.yml';
      const owned =
        codeownersRuleFor(codeowners, path) !== null || ownersOf(codeowners, path).length > 0;
      outcome += owned ? ', owned' : ', no owner';
    }
    if (found.lint) {
      const lintBegan = performance.now();
      lintConfig(result.config, AT, text);
      lintMs = performance.now() - lintBegan;
    }
  } else {
    outcome = `refused: ${result.errors[0]?.message.slice(0, 60) ?? ''}`;
  }
  return {
    name,
    description: found.description,
    configBytes: Buffer.byteLength(text),
    filesBytes: Object.values(files).reduce((sum, file) => sum + Buffer.byteLength(file), 0),
    windows: result.ok ? result.config.windows.length : null,
    outcome,
    loadMs,
    decideMs,
    lintMs,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

// The child side: run the case named on the command line, print its row, and stop here.
const flag = process.argv.indexOf(CASE_FLAG);
if (flag !== -1) {
  process.stdout.write(`${JSON.stringify(runCase(process.argv[flag + 1] ?? ''))}\n`);
  process.exit(0);
}

export interface HostileOptions {
  /** The Node that runs the cases (default: this one). */
  node?: string;
  /** The script that contains this module (default: the one running, process.argv[1]). */
  script?: string;
}

/** Every worst case, each in a process of its own, in order. */
export async function benchHostile(options: HostileOptions = {}): Promise<HostileRow[]> {
  const node = options.node ?? process.execPath;
  const script = options.script ?? (process.argv[1] as string);
  const rows: HostileRow[] = [];
  for (const hostile of CASES) {
    const began = performance.now();
    const run = spawnSync(node, [script, CASE_FLAG, hostile.name], {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024,
    });
    const processMs = performance.now() - began;
    if (run.status !== 0) {
      throw new Error(`hostile case ${hostile.name} failed (${run.status}): ${run.stderr}`);
    }
    rows.push({ ...(JSON.parse(run.stdout.trim()) as Omit<HostileRow, 'processMs'>), processMs });
  }
  return rows;
}

/** The worst time and memory over the rows (what the README reports). */
export function worstOf(rows: readonly HostileRow[]): { processMs: number; maxRssMiB: number } {
  return {
    processMs: Math.max(...rows.map((row) => row.processMs)),
    maxRssMiB: Math.max(...rows.map((row) => row.maxRssMiB)),
  };
}
