// Attacks on the GitLab job log, the Jenkins console and a terminal: ANSI escapes, control
// characters, GitLab section markers and fake lines smuggled in through config text.
import { describe, expect, it } from 'vitest';
import { consoleLogger } from '../../src/cli/console-logger.js';
import type { CliIo } from '../../src/cli/io.js';
import type { GateLogger } from '../../src/gate/types.js';
import { gitlabLogger } from '../../src/gitlab/log.js';
import { createJenkinsLogger } from '../../src/jenkins/logger.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** GitLab's own pattern for a section marker (lib/gitlab/ci/ansi2json). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the marker is made of control characters.
const SECTION_MARKER = /section_(?:start|end):\d+:[A-Za-z0-9_.-]+(?:\[[^\]]*\])?\r\u001b\[0K/g;

const HOSTILE = [
  'freeze \u001b[31mred\u001b[0m \u001b[2K\u001b[1A cursor up',
  'C1 CSI \u009b31m and NEL\u0085 and DEL\u007f',
  'bell\u0007 backspace\b\b\b null\u0000 form feed\f vertical tab\u000b',
  'overwrite\rERROR: fake line written over the real one',
  'fake section \u001b[0Ksection_start:1700000000:evil[collapsed=true]\r\u001b[0KPwned',
  'fake end \u001b[0Ksection_end:1700000000:deploy_window_1\r\u001b[0K',
  'bidi \u202eevil\u202c and \u2066isolate\u2069 and line\u2028separator',
];

function captureIo(env: Record<string, string | undefined> = {}) {
  const io: CliIo & { out: string; err: string } = {
    out: '',
    err: '',
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    env,
    cwd: '/',
    now: () => 0,
  };
  return io;
}

function exercise(log: GateLogger) {
  for (const text of HOSTILE) {
    log.info(`Message: ${text}`);
    log.warning(text);
    log.error(text);
  }
}

describe('GitLab job log', () => {
  it('user text cannot open, close or fake a section, nor send ANSI escapes', async () => {
    const io = captureIo({ GITLAB_CI: 'true' });
    let sections = '';
    const log = gitlabLogger(
      consoleLogger(io),
      (text) => {
        sections += text;
      },
      () => 1_700_000_000_000,
    );
    await log.group(`Exemption look-ups for ${HOSTILE[4]}`, async () => exercise(log));
    const everything = `${io.out}${io.err}`;
    expect(everything).not.toMatch(CONTROL);
    expect(everything).not.toContain('\r');
    // Only the logger's own two markers, and the title is one inert line.
    expect(sections.match(SECTION_MARKER)).toHaveLength(2);
    const [startLine] = sections.split('\n');
    expect(startLine?.slice(startLine.lastIndexOf('\u001b[0K') + 4)).not.toMatch(CONTROL);
    // ...and still readable.
    expect(everything).toContain('\\u001b[31mred');
    expect(everything).toContain('cursor up');
  });

  it('a carriage return starts a new line instead of overwriting the one before', () => {
    const io = captureIo({ GITLAB_CI: 'true' });
    gitlabLogger(consoleLogger(io)).info('overwrite\rERROR: fake');
    expect(io.out).toBe('overwrite\nERROR: fake\n');
  });
});

describe('Jenkins console', () => {
  it('shows control characters instead of obeying them', () => {
    const out: string[] = [];
    const err: string[] = [];
    exercise(createJenkinsLogger({ out: (line) => out.push(line), err: (line) => err.push(line) }));
    for (const line of [...out, ...err]) {
      expect(line).not.toMatch(CONTROL);
      expect(line).not.toMatch(/[\r\n]/);
    }
    expect(out.join('\n')).toContain('\\u009b31m');
  });

  it('continues a multi-line warning on indented lines, so it cannot fake an ERROR line', () => {
    const out: string[] = [];
    const err: string[] = [];
    const log = createJenkinsLogger({
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    log.warning('first\nERROR: not really');
    log.error('boom\nsecond');
    expect(out).toEqual(['WARNING: first', '         ERROR: not really']);
    expect(err).toEqual(['ERROR: boom', '       second']);
  });
});

describe('the CLI console', () => {
  it('shows control characters and splits lines sanely', () => {
    const io = captureIo();
    const log = consoleLogger(io);
    exercise(log);
    expect(`${io.out}${io.err}`).not.toMatch(CONTROL);
    expect(`${io.out}${io.err}`).not.toContain('\r');
    log.warning('one\r\ntwo');
    expect(io.err.endsWith('warning: one\n         two\n')).toBe(true);
  });

  it('on a GitHub runner the console also neutralises workflow commands', () => {
    const io = captureIo({ GITHUB_ACTIONS: 'true' });
    const log = consoleLogger(io);
    log.info('Message: x\n::add-mask::x\n##[error]y');
    log.warning('w\n  ::error::z');
    const lines = `${io.out}${io.err}`.split('\n');
    expect(lines.filter((line) => /^\s*::/.test(line) || line.includes('##['))).toEqual([]);
  });
});
