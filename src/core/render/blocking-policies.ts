// The extended policies that block a run, as Markdown for the blocked note (docs/github-action.md,
// "The comment"; docs/gitlab.md, "Org policies"): each named, linked to its file where the
// platform knows where it was read, with the windows of it that block.
import type { Decision } from '../types.js';
import { listOf } from './describe.js';
import { escapeMarkdown, markdownCode, markdownLink } from './escape.js';

/** A window's name without its layer's `SOURCE#` prefix (the layer is named beside it). */
function bareName(window: string, source: string): string {
  return window.startsWith(`${source}#`) ? window.slice(source.length + 1) : window;
}

/**
 * Markdown naming each extended policy that blocks the run, linked by `urlOf` (null: named
 * without a link); null when only the repository's own file blocks.
 */
export function blockingPoliciesMarkdown(
  decision: Decision,
  urlOf: (source: string) => string | null,
): string | null {
  const layers = decision.layers ?? [];
  const extended = layers.slice(0, -1).filter((layer) => !layer.allowed);
  if (extended.length === 0) return null;
  const lines = extended.map((layer) => {
    const url = urlOf(layer.source);
    const name = url ? markdownLink(layer.source, url) : markdownCode(layer.source);
    const windows = layer.blockingWindows.map(
      (window) => `**${escapeMarkdown(bareName(window, layer.source))}**`,
    );
    const why =
      windows.length > 0
        ? `inside the deny window${windows.length === 1 ? '' : 's'} ${listOf(windows)}`
        : 'outside its allow windows';
    return `- ${name}: ${why}`;
  });
  const title =
    extended.length === 1
      ? '**Blocked by the policy this repository extends:**'
      : '**Blocked by the policies this repository extends:**';
  return `${title}\n\n${lines.join('\n')}`;
}

/** `block` placed in a note right after why the run is blocked: before the next opening, else the closing line. */
export function withBlockingPolicies(body: string, block: string): string {
  const next = body.indexOf('\n\n**Next opening:**');
  const at = next >= 0 ? next : body.lastIndexOf('\n\n<sub>deploy-window decided at');
  if (at < 0) return `${body.trimEnd()}\n\n${block}\n`;
  return `${body.slice(0, at)}\n\n${block}${body.slice(at)}`;
}
