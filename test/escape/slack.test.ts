// Slack notification bodies (src/node/notify.ts, slackBody/slackText). docs/overrides.md
// ("Formats"): "`<`, `>` and `&` from the config or a reason are escaped, so no text becomes a
// link or a `@channel`-style mention". Slack's text object: "When [verbatim is] false (as is
// default) URLs will be auto-converted into links, conversation names will be link-ified, and
// certain mentions will be automatically parsed."
import { describe, expect, it } from 'vitest';
import { notificationBody } from '../../src/node/notify.js';
import { decisionFixture } from '../support/decision-fixture.js';

const FACTS = { repository: 'acme/shop', ref: 'main', runUrl: null };

interface SlackBody {
  text: string;
  blocks: { type: string; text: { type: string; text: string; verbatim?: boolean } }[];
}

function slack(message: string, windowName = 'year-end-freeze'): SlackBody {
  const decision = decisionFixture({
    reason: 'inside-deny-window',
    activeWindows: [windowName],
    blockingWindows: [windowName],
    message,
  });
  return notificationBody('slack', { event: 'blocked', decision }, FACTS) as SlackBody;
}

describe('Slack: config text stays plain text', () => {
  it('a bare URL or @channel in the message is not auto-parsed (verbatim mrkdwn)', () => {
    const section = slack('PWNED: everyone @channel log in at https://evil.test/sso').blocks[0];
    // The raw text reaches Slack unchanged; only verbatim: true stops Slack's automatic parsing.
    expect(section?.text.text).toContain('@channel');
    expect(section?.text.text).toContain('https://evil.test/sso');
    expect(section?.text.verbatim).toBe(true);
  });

  it('a message cannot add a fact line of its own (one line per fact)', () => {
    const text = slack('Frozen.\n*Next opening:* now, PWNED go ahead').blocks[0]?.text.text ?? '';
    expect(text.split('\n').filter((line) => line.startsWith('*Next opening:*'))).toHaveLength(1);
  });

  it('bidi overrides and ANSI escapes are written out, as on every other surface', () => {
    const body = slack('Frozen \u202eDENIED\u202c \u001b[31m', 'freeze\u202e');
    const shown = `${body.text}\n${body.blocks[0]?.text.text ?? ''}`;
    // LF separates the facts; nothing else of C0 or the bidi controls may reach Slack raw.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the test
    expect(shown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e\u2066-\u2069]/);
  });
});
