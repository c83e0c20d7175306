// Attacks on the GitHub runner's log: config text that would become workflow commands.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runGate } from '../../src/gate/run-gate.js';
import type { GateOptions } from '../../src/gate/types.js';
import { createClient } from '../../src/github/client.js';
import { actionsLogger } from '../../src/github/logger.js';
import { standardStreams } from '../../src/node/std-write.js';
import { fakeClock, recordingPlatform } from '../gate/recording-platform.js';
import { startFakeGitHub } from '../support/fake-github.js';
import { perTest } from '../support/per-test.js';

let written = '';

beforeEach(() => {
  written = '';
  vi.spyOn(standardStreams, 'stdout').mockImplementation((text: string) => {
    written += text;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The lines as the runner reads them: split at CR, LF and CRLF (.NET ReadLine). */
function runnerLines(): string[] {
  return written.split(/\r\n|\r|\n/);
}

/** What the runner would run: `::cmd::` after leading white space, `##[cmd]` anywhere. */
function commands(): string[] {
  return runnerLines().filter((line) => /^[\s\u0085]*::/.test(line) || line.includes('##['));
}

/** The runner's own decoding of a command's data (%0D, %0A, %25). */
function decodeData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

const ATTACKS = [
  'freeze\n::error::fake failure',
  'freeze\n::add-mask::freeze',
  'freeze\n  ::stop-commands::pwned',
  'freeze\r::error title=x::carriage return',
  'freeze\r\n\t::warning::tab first',
  'freeze\n\u00a0\u2003::notice::unicode spaces',
  'legacy ##[error]anywhere in the line',
  '::set-output name=allowed::true',
];

describe('GitHub log: text from the config never becomes a workflow command', () => {
  it('plain lines (core.info) are neutralised, whatever the line breaks', () => {
    for (const attack of ATTACKS) actionsLogger.info(`Message: ${attack}`);
    expect(commands()).toEqual([]);
    // Still readable: every word is in the log.
    expect(written).toContain('fake failure');
    expect(written).toContain('anywhere in the line');
  });

  it('a line starting with :: is shown, not run', () => {
    actionsLogger.info('::error::x');
    expect(runnerLines()[0]).toBe('\\::error::x');
  });

  it('warnings and errors are exactly one annotation each, with inert lines inside', () => {
    for (const attack of ATTACKS) {
      written = '';
      actionsLogger.warning(attack);
      actionsLogger.error(attack);
      const found = commands();
      expect(found).toHaveLength(2);
      expect(found[0]?.startsWith('::warning::')).toBe(true);
      expect(found[1]?.startsWith('::error::')).toBe(true);
      for (const command of found) {
        const data = decodeData(command.slice(command.indexOf('::', 2) + 2));
        for (const line of data.split(/\r\n|\r|\n/)) {
          expect(line).not.toMatch(/^[\s\u0085]*::/);
          expect(line).not.toContain('##[');
        }
      }
    }
  });

  it('a group title stays one line and only the logger opens and closes the group', async () => {
    await actionsLogger.group('Exemption look-ups for x\n::endgroup::\n##[group]fake', async () => {
      actionsLogger.info('inside');
    });
    const found = commands();
    expect(found).toHaveLength(2);
    expect(found[0]?.startsWith('::group::')).toBe(true);
    expect(found[0]).not.toContain('##[');
    expect(decodeData(found[0] ?? '')).not.toMatch(/[\r\n]/);
    expect(found[1]).toBe('::endgroup::');
  });

  it('ANSI escapes and other control characters are shown, not obeyed', () => {
    actionsLogger.info('\u001b[31mred\u001b[0m \u009b2J bell\u0007 back\b \u202egnirts \u2028next');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters.
    expect(written.replace(/\n$/, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u202e]/);
    expect(written).toContain('\\u001b[31mred');
  });

  it('the gate itself, given a hostile window name and message, prints no command', async () => {
    const config = `version: 1
timezone: UTC
windows:
  - name: "freeze\\n::error::window name"
    kind: deny
    start: 2026-11-23T00:00
    end: 2026-11-24T00:00
    message: "Frozen.\\n::add-mask::Frozen\\n::stop-commands::x\\n##[error]legacy"
`;
    const platform = { ...recordingPlatform(config), log: actionsLogger };
    const options: GateOptions = {
      platform: 'github',
      configPath: '',
      policyRef: null,
      environment: 'production',
      at: null,
      mode: 'fail',
      maxWait: 0,
      minDuration: 0,
      horizon: 7 * 1440,
      comment: false,
      reschedule: false,
      actor: null,
    };
    const result = await runGate(options, platform, fakeClock('2026-11-23T10:00:00Z'));
    expect(result.exitCode).toBe(1);
    expect(written).toContain('window name');
    const found = commands();
    // Only the gate's own error annotation for the block.
    expect(found.every((line) => line.startsWith('::error::'))).toBe(true);
    for (const command of found) {
      for (const line of decodeData(command.slice('::error::'.length)).split(/\r\n|\r|\n/)) {
        expect(line).not.toMatch(/^[\s\u0085]*::/);
        expect(line).not.toContain('##[');
      }
    }
  });
});

describe('GitHub log: text from API answers never becomes a workflow command', () => {
  const fake = perTest(startFakeGitHub);

  it("Octokit's own warnings (a deprecated endpoint's sunset and link) go through the logger", async () => {
    // Octokit warns with the `sunset` and `link` headers of an answer that carries
    // `deprecation`; without a logger of ours it wrote them raw to stderr, which the runner
    // reads for commands too.
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      stderr += `${args.map(String).join(' ')}\n`;
    });
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      stderr += `${args.map(String).join(' ')}\n`;
    });
    fake.route('GET', /^\/repos\/acme\/app$/, () => ({
      status: 200,
      body: { default_branch: 'main', full_name: 'acme/app' },
      headers: {
        deprecation: 'true',
        sunset: '##[set-output name=allowed;]true',
        link: '<https://x.example/##[add-mask]ghs_token>; rel="deprecation"',
      },
    }));
    const client = createClient('ghs_token', { baseUrl: fake.url, log: actionsLogger });
    await client.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'app' });

    expect(stderr).toBe('');
    expect(commands().every((line) => line.startsWith('::warning::'))).toBe(true);
    const warnings = commands().map((line) => decodeData(line.slice('::warning::'.length)));
    expect(warnings.join('\n')).toContain('is deprecated');
    for (const line of warnings.flatMap((text) => text.split(/\r\n|\r|\n/))) {
      expect(line).not.toContain('##[');
    }
  });
});
