// Headless Chromium (Debian's, or the one CHROMIUM_PATH names) and the real mermaid package in
// it, for the tests that see previews, timelines and the calendar page as people do
// (docs/preview.md): a chart is parsed and drawn, and what it drew is counted.
/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const require = createRequire(import.meta.url);

/** Headless Chromium that reaches out to nothing of its own accord. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The text of each ```mermaid block of a Markdown text. */
export const mermaidBlocks = (markdown: string) =>
  [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

let mermaidScript: string | undefined;

/** Makes `page` an empty page with the mermaid package loaded. */
export async function loadMermaid(page: Page): Promise<void> {
  mermaidScript ??= readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8');
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: mermaidScript });
}

export interface DrawnChart {
  /** Parsed and rendered without an error. */
  ok: boolean;
  /** The bars drawn: tasks and milestones. */
  bars: number;
  /** The labels drawn on the bars, but `open`: the milestones' names. */
  labels: string[];
  error?: string;
}

/** Parses and renders `text` with mermaid in `page` (see loadMermaid): what it drew. */
export function drawMermaid(page: Page, text: string): Promise<DrawnChart> {
  return page.evaluate(async (source) => {
    const mermaid = (
      window as unknown as {
        mermaid: {
          initialize(o: object): void;
          parse(t: string): Promise<unknown>;
          render(id: string, t: string): Promise<{ svg: string }>;
        };
      }
    ).mermaid;
    mermaid.initialize({ startOnLoad: false });
    try {
      await mermaid.parse(source);
      const id = `chart${Math.random().toString(36).slice(2)}`;
      const { svg } = await mermaid.render(id, source);
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      const labels = Array.from(doc.querySelectorAll('text.taskText, text.taskTextOutsideRight'))
        .map((node) => node.textContent?.trim() ?? '')
        .filter((label) => label !== 'open');
      return { ok: true, bars: doc.querySelectorAll('rect.task').length, labels };
    } catch (error) {
      return { ok: false, bars: 0, labels: [], error: String((error as Error).message ?? error) };
    }
  }, text);
}
