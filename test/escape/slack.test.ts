// Slack notification bodies (src/node/notify.ts, slackBody). docs/overrides.md ("Formats"):
// text from the config, a reason or the run sits only in `plain_text` objects, which Slack shows
// as written: no mention, no link, no *bold*, `code` or ```block``` of its own. Slack's text
// object: mrkdwn "accepts any of the standard text formatting markup"; verbatim only stops the
// automatic parsing of URLs and names, not the formatting.
import { describe, expect, it } from 'vitest';
import { applyOverride } from '../../src/core/override.js';
import { notificationBody } from '../../src/node/notify.js';
import { decisionFixture } from '../support/decision-fixture.js';

const FACTS = {
  repository: 'acme/shop',
  ref: 'main',
  runUrl: 'https://github.com/acme/shop/actions/runs/4242',
};

interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
  verbatim?: boolean;
}

interface SlackBody {
  text: string;
  blocks: { type: string; text?: TextObject; fields?: TextObject[] }[];
}

const HOSTILE =
  '*Approved by:* security ```code``` _i_ ~s~ `x` <!channel> <@U123> <https://evil.test|docs> & @channel https://evil.test/sso';

function blocked(message: string, windowName = 'year-end-freeze'): SlackBody {
  const decision = decisionFixture({
    reason: 'inside-deny-window',
    activeWindows: [windowName],
    blockingWindows: [windowName],
    message,
  });
  return notificationBody('slack', { event: 'blocked', decision }, FACTS) as SlackBody;
}

function overridden(reason: string, windowName = 'year-end-freeze'): SlackBody {
  const { decision } = applyOverride({
    decision: decisionFixture({
      reason: 'inside-deny-window',
      activeWindows: [windowName],
      blockingWindows: [windowName],
    }),
    actor: 'alice',
    exemptBy: 'user:alice',
    layer: '.github/deploy-windows.yml',
    requireReason: false,
    reason,
  });
  return notificationBody('slack', { event: 'override', decision }, FACTS) as SlackBody;
}

function textObjects(body: SlackBody): TextObject[] {
  return body.blocks.flatMap((block) => [
    ...(block.text ? [block.text] : []),
    ...(block.fields ?? []),
  ]);
}

/** What our own mrkdwn may be: a fact's bold label, or the link to the run. */
const OWN_MRKDWN =
  /^(\*[A-Z][a-z ]+:\*|<https:\/\/github\.com\/acme\/shop\/actions\/runs\/4242\|View the run>)$/;

describe('Slack: config text stays plain text', () => {
  for (const [what, body] of [
    ['a blocked run’s message and window name', blocked(HOSTILE, `freeze ${HOSTILE}`)],
    ['an override’s reason and window name', overridden(HOSTILE, `freeze ${HOSTILE}`)],
  ] as const) {
    it(`${what}: only in plain_text, shown as written`, () => {
      const objects = textObjects(body);
      for (const object of objects.filter((o) => o.type === 'mrkdwn')) {
        expect(object.text).toMatch(OWN_MRKDWN);
      }
      const plain = objects.filter((o) => o.type === 'plain_text');
      // As written (no entity escaping, which plain_text would show as `&lt;`), emoji off.
      expect(plain.some((o) => o.text.includes(HOSTILE))).toBe(true);
      for (const object of plain) expect(object.emoji).toBe(false);
      // The summary notifications show is mrkdwn: escaped there.
      expect(body.text).not.toMatch(/<!|<@|<http/);
    });
  }

  it('a message cannot add a fact of its own (each fact is a label and a value)', () => {
    const fields = blocked('Frozen.\n*Next opening:* now, PWNED go ahead').blocks.flatMap(
      (block) => block.fields ?? [],
    );
    expect(fields.filter((field) => field.text === '*Next opening:*')).toHaveLength(1);
    expect(fields.filter((field) => field.type === 'mrkdwn')).toHaveLength(fields.length / 2);
  });

  it('bidi overrides and ANSI escapes are written out, as on every other surface', () => {
    const body = blocked('Frozen \u202eDENIED\u202c \u001b[31m\nnext', 'freeze\u202e');
    const shown = textObjects(body)
      .map((object) => object.text)
      .join('');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the test
    expect(shown).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
    expect(shown).toContain('\\u202e');
  });

  it('texts stay within Slack’s limits (a header 150 characters, a field 2,000)', () => {
    const long = 'x'.repeat(5000);
    const body = blocked(long, long);
    const header = body.blocks.find((block) => block.type === 'header');
    expect(header?.text?.text.length).toBeLessThanOrEqual(150);
    for (const object of textObjects(body)) expect(object.text.length).toBeLessThanOrEqual(2000);
    for (const object of textObjects(body)) expect(object.text.length).toBeGreaterThan(0);
  });
});
