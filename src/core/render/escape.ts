// Text from a config, a CI variable or an API body, made inert where it is shown: in Markdown
// (comments, notes, job summaries) and in CI logs (GitHub, GitLab, Jenkins, a terminal).
// Every surface escapes through the functions here; docs/github-action.md ("What reaches the
// log") describes the result.

// ---------------------------------------------------------------------------------------------
// Control characters

function visibleControl(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

// C0 controls but TAB (LF and CR split lines before this applies), DEL, C1 controls (CSI
// U+009B, NEL U+0085), the Unicode line and paragraph separators, and the bidirectional
// overrides, isolates and marks (U+200E, U+200F, U+061C) that reorder what a reader sees.
const CONTROLS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Control characters written out as `\u001b`, the way config error messages show them. */
export function visibleControls(text: string): string {
  return text.replace(CONTROLS, visibleControl);
}

/**
 * A name (a window's, a layer's) quoted inside one line of plain text: `"freeze"`. A line break
 * in it is written out, so it cannot start a line of its own (an `ERROR:` the step never wrote).
 */
export function quotedName(name: string): string {
  return `"${visibleControls(name)}"`;
}

// ---------------------------------------------------------------------------------------------
// JSON

// Characters JSON.stringify leaves raw that act on a terminal or a runner: C1 controls, the
// line and paragraph separators, the bidirectional overrides, isolates and marks.
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A JSON report (pretty-printed, newline-terminated) that is the same value and also safe to
 * print: the characters above as `\u…` escapes, and `##[` (a command to a GitHub runner
 * anywhere in a line) as `#\u0023[`. Both can only occur inside strings, so the JSON stays
 * valid and reads back unchanged.
 */
export function jsonDocument(value: unknown): string {
  return `${safeToPrint(JSON.stringify(value, null, 2))}\n`;
}

/** The same as one line of JSON (the action's `decision` output). */
export function jsonLine(value: unknown): string {
  return safeToPrint(JSON.stringify(value));
}

function safeToPrint(json: string): string {
  return json.replace(JSON_RAW, visibleControl).replace(/##\[/g, '#\\u0023[');
}

// ---------------------------------------------------------------------------------------------
// Markdown

const ZERO_WIDTH_JOINER = '\u200D';
// Inline constructs: emphasis, code, links and images, strikethrough, tables, headings, math;
// and GitLab's references (`!12` a merge request, `%12` a milestone, `&12` an epic, `^`),
// which link and post "mentioned in" notes unless backslash-escaped (its
// MarkdownPreEscapeFilter). `\&` is a literal `&` in CommonMark, never an entity.
// (`(` and `)` are inert once `[` and `]` are escaped; `:` emoji are harmless.)
const INLINE_PUNCTUATION = /[\\`*_[\]~|#$!%^&]/g;

/**
 * Plain text made inert in Markdown (GitHub and GitLab flavours): one line, no markup. The one
 * escaping every Markdown surface uses, in paragraphs, blockquotes and table cells alike.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      // One line: a blank line would end the blockquote or table the text sits in.
      .replace(/[\r\n\t]+/g, ' ')
      // ANSI escapes and bidi overrides shown, not obeyed (`check --format markdown` prints
      // this in a terminal; a comment would reorder what a reviewer reads).
      .replace(CONTROLS, visibleControl)
      .replace(INLINE_PUNCTUATION, (mark) => `\\${mark}`)
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // `@alice` would notify alice; `@\u200Dalice` reads the same and mentions nobody.
      .replace(/@/g, `@${ZERO_WIDTH_JOINER}`)
      // GitHub links `GH-26` to issue 26 and marks it mentioned, as `#26` (escaped above).
      .replace(/\b(gh)-(?=\d)/gi, `$1${ZERO_WIDTH_JOINER}-`)
      // GFM makes a bare `https://...` or `www....` a link (its extended autolinks): the joiner
      // reads the same and keeps the address plain text.
      .replace(/([a-z0-9])(:\/\/)/gi, `$1${ZERO_WIDTH_JOINER}$2`)
      .replace(/(www)\./gi, `$1${ZERO_WIDTH_JOINER}.`)
      // At the start of a block (a quote line, a list item) `- `, `+ ` start a list and `---`
      // a rule; `1. ` and `1) ` start a numbered list.
      .replace(/^(\s*)([-+])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2')
  );
}

/** Text as a one-line blockquote (the config's message): no blank line can end it early. */
export function markdownQuote(text: string): string {
  return `> ${escapeMarkdown(text)}`;
}

/**
 * Text as inline code when a code span can hold it (no backtick, and no pipe, which splits a
 * table cell even inside a code span), else escaped text.
 */
export function markdownCode(text: string): string {
  // `##[` is a command to a GitHub runner wherever it stands, code spans included.
  if (/[`|]|##\[/.test(text)) return escapeMarkdown(text);
  return `\`${visibleControls(text.replace(/[\r\n]+/g, ' '))}\``;
}

/**
 * A link to an http(s) address; anything else (a `javascript:` URL, text that is no URL) is
 * shown as escaped text after the label. Characters that could end the destination are
 * percent-encoded.
 */
export function markdownLink(label: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${escapeMarkdown(label)}: ${escapeMarkdown(url)}`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `${escapeMarkdown(label)}: ${escapeMarkdown(url)}`;
  }
  const destination = parsed.href.replace(
    /[()<>\s\\`]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `[${escapeMarkdown(label)}](${destination})`;
}

// ---------------------------------------------------------------------------------------------
// Logs

/**
 * How a log is read. `github`: the Actions runner, which runs a line as a workflow command when
 * it starts with `::` (after white space) or holds `##[` anywhere. `plain`: a terminal, the
 * Jenkins console and the GitLab job log; GitLab's section markers need ESC and CR, which
 * never get through (see `logLines`).
 */
export type LogDialect = 'github' | 'plain';

// The runner trims .NET white space (a superset of JS \s but for NEL) before looking for `::`.
const LEADING_COMMAND = /^([\s\u0085]*)::/;
const LEGACY_COMMAND = /##\[/g;

/** A line the GitHub runner shows but never runs: `\::error::x`, `#\#[error]x`. */
function inertForRunner(line: string): string {
  return line.replace(LEADING_COMMAND, '$1\\::').replace(LEGACY_COMMAND, '#\\#[');
}

/**
 * Text as the lines of a log: split at CR, LF and CRLF (a bare CR would overwrite the line
 * before it in a terminal and ends a line for the GitHub runner), control characters shown as
 * `\u001b`, and for GitHub no line the runner would take for a workflow command. Applying it
 * again changes nothing.
 */
export function logLines(text: string, dialect: LogDialect): string[] {
  const lines = text.split(/\r\n|\r|\n/).map(visibleControls);
  return dialect === 'github' ? lines.map(inertForRunner) : lines;
}

/** Text for a one-line place (a group or section title): line breaks shown as `\u000a`. */
export function logTitle(text: string, dialect: LogDialect): string {
  const line = visibleControls(text);
  return dialect === 'github' ? inertForRunner(line) : line;
}

/**
 * Lines behind a label (`warning: `): the first line after it, the others indented to line up
 * under the text, so a continuation line cannot pass for a label of its own.
 */
export function labelledLogLines(label: string, text: string, dialect: LogDialect): string[] {
  const indent = ' '.repeat(label.length);
  return logLines(text, dialect).map((line, index) =>
    index === 0 ? `${label}${line}` : line === '' ? '' : `${indent}${line}`,
  );
}

/**
 * Text made inert in HTML and SVG (element content and quoted attribute values): control
 * characters, which XML may not hold and a terminal would obey, written out as `\u001b`; and
 * `[` as a character reference, so that a page printed on a GitHub runner holds no `##[`
 * command.
 */
export function escapeHtml(text: string): string {
  return visibleControls(text).replace(/[&<>"'`[]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Text inside Slack's mrkdwn, on one line (a message cannot add a fact line of its own),
 * control characters written out, and `&`, `<` and `>` escaped, so no text becomes a link or a
 * `<!channel>`-style mention. The section carrying it is `verbatim`, so Slack links no bare URL
 * or `@channel` either.
 */
export function slackText(text: string): string {
  return slackPlainText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text for a Slack `plain_text` object, which Slack shows as written (no formatting, mention or
 * link): one line, control characters written out.
 */
export function slackPlainText(text: string): string {
  return visibleControls(text.replace(/\r\n|\r|\n/g, ' '));
}
