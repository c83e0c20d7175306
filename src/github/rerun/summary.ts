// The scheduler's job summary: one row per pending re-run it looked at.
import { escapeMarkdown } from '../../core/render/escape.js';
import type { DispatchResultItem, DispatchSummary } from './types.js';

const OUTCOME_TEXT: Record<DispatchResultItem['outcome'], string> = {
  dispatched: 'dispatched',
  'not-due': 'not due yet',
  failed: 'failed',
  invalid: 'invalid record',
  'claimed-elsewhere': 'taken by another scheduler run',
  cancelled: 'cancelled (stays queued)',
  refused: 'refused',
  superseded: 'superseded',
  deferred: 'left for the next run',
};

// Values from the deployments API: escaped like every other Markdown surface.
function cell(text: string | null): string {
  return escapeMarkdown(text ?? '');
}

/** Markdown for GITHUB_STEP_SUMMARY. */
export function dispatchSummaryMarkdown(summary: DispatchSummary): string {
  const lines = [
    '## deploy-window re-runs',
    '',
    `${summary.dispatched} dispatched, ${summary.notDue} not due yet, ${summary.failed} failed, ${summary.skipped} skipped${summary.cancelled ? ' (cancelled while waiting)' : ''}.`,
  ];
  if (summary.items.length > 0) {
    lines.push(
      '',
      '| deployment | environment | workflow | ref | not before | outcome | detail |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...summary.items.map(
        (item) =>
          `| #${item.deploymentId} | ${cell(item.environment)} | ${cell(item.workflow)} | ${cell(item.ref)} | ${cell(item.notBefore)} | ${OUTCOME_TEXT[item.outcome]} | ${cell(item.detail)} |`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
