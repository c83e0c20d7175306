// Text from a config (window names, messages, logins) shown inside Markdown comments: it must
// render as the same plain text, never as markup, HTML, a link, math or an @mention.

const ZERO_WIDTH_JOINER = '\u200D';
// Inline constructs: emphasis, code, links and images, strikethrough, tables, headings, math.
// (`(`, `)` and `!` are inert once `[` and `]` are escaped; `:` emoji are harmless.)
const INLINE_PUNCTUATION = /[\\`*_[\]~|#$]/g;

/** Plain text made inert in Markdown (GitHub and GitLab flavours): one line, no markup. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\r\n\t]+/g, ' ')
      .replace(INLINE_PUNCTUATION, (mark) => `\\${mark}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // `@alice` would notify alice; `@\u200Dalice` reads the same and mentions nobody.
      .replace(/@/g, `@${ZERO_WIDTH_JOINER}`)
      // At the start of a block (a quote line, a list item) `- `, `+ `, `1. ` start a list.
      .replace(/^(\s*)([-+])(?=\s|$)/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2')
  );
}
