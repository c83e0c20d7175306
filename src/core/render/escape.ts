// Text from a config (window names, messages, logins) shown inside Markdown comments: it must
// render as the same plain text, never as markup, HTML, a link or an @mention.

const ZERO_WIDTH_JOINER = '\u200D';
// CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones with meaning.
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~:=$^"'/]/g;

/** Plain text made inert in Markdown (GitHub and GitLab flavours): one line, no markup. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(MARKDOWN_PUNCTUATION, (mark) => `\\${mark}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, `@${ZERO_WIDTH_JOINER}`);
}
