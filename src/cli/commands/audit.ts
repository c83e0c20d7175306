// `deploy-window audit`: the overrides recorded on GitHub (deployments of task
// `deploy-window:override`), newest first, as text, JSON or CSV for change-management reviews
// (docs/overrides.md). Reads GITHUB_TOKEN and GITHUB_API_URL from the environment.
import { parseDuration } from '../../core/duration.js';
import { errorMessage } from '../../core/errors.js';
import { jsonDocument, visibleControls } from '../../core/render/escape.js';
import { parseInstant } from '../../core/time/instant.js';
import { createClient } from '../../github/client.js';
import {
  OVERRIDE_TASK,
  type OverridePayload,
  parseOverridePayload,
} from '../../github/override-record.js';
import { CommandFlags, type FlagSpecs } from '../args.js';
import { consoleText } from '../console-logger.js';
import type { CliIo, ExitCode } from '../io.js';
import { UsageError } from '../usage-error.js';

export const AUDIT_FLAGS: FlagSpecs = {
  repo: { type: 'string' },
  since: { type: 'string' },
  format: { type: 'string' },
};

const FORMATS = ['text', 'json', 'csv'] as const;
type AuditFormat = (typeof FORMATS)[number];

/** Deployments per page (GitHub's maximum) and pages read at most: 1,000 deployments. */
export const AUDIT_PAGE_SIZE = 100;
export const MAX_AUDIT_PAGES = 10;
const DEFAULT_SINCE_MINUTES = 30 * 1440;

/** One override as audit lists it. */
export interface AuditRecord {
  deploymentId: number;
  /** When GitHub stored the record (ISO 8601), which the writer cannot choose. */
  recordedAt: string;
  /** Whose token wrote the record. */
  recordedBy: string | null;
  environment: string;
  ref: string | null;
  sha: string | null;
  actor: string;
  exemptBy: string | null;
  reason: string | null;
  windows: string[];
  layers: string[];
  /** The decision's instant, as the record says. */
  at: string;
}

function repoFlag(io: CliIo, value: string | null): { owner: string; repo: string } {
  const given = value ?? io.env.GITHUB_REPOSITORY?.trim() ?? '';
  if (given === '') {
    throw new UsageError('missing --repo OWNER/NAME (or GITHUB_REPOSITORY)', 'audit');
  }
  const match = /^([A-Za-z0-9_.-]{1,100})\/([A-Za-z0-9_.-]{1,100})$/.exec(given);
  if (!match?.[1] || !match[2]) {
    throw new UsageError(
      `invalid --repo '${visibleControls(given.slice(0, 100))}': expected OWNER/NAME such as acme/shop`,
      'audit',
    );
  }
  return { owner: match[1], repo: match[2] };
}

/** `30d` back from now, or an instant; the epoch ms the listing starts at. */
function sinceFlag(value: string | null, now: number): number {
  if (value === null) return now - DEFAULT_SINCE_MINUTES * 60_000;
  const minutes = parseDuration(value);
  if (minutes !== null) return now - minutes * 60_000;
  const instant = parseInstant(value);
  if (instant.ok) return instant.epochMs;
  throw new UsageError(
    `invalid --since '${visibleControls(value.slice(0, 100))}': expected a duration such as 30d or 12h, or an instant such as 2026-01-01T00:00Z`,
    'audit',
  );
}

interface DeploymentRow {
  id?: unknown;
  task?: unknown;
  environment?: unknown;
  sha?: unknown;
  created_at?: unknown;
  creator?: { login?: unknown } | null;
  payload?: unknown;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A row as a record; null when it is no well-formed override record. */
export function auditRecordOf(row: DeploymentRow): AuditRecord | null {
  if (row.task !== OVERRIDE_TASK || typeof row.id !== 'number') return null;
  const recordedAt = textOrNull(row.created_at);
  const environment = textOrNull(row.environment);
  if (recordedAt === null || Number.isNaN(Date.parse(recordedAt)) || environment === null) {
    return null;
  }
  const payload: OverridePayload | null = parseOverridePayload(row.payload);
  if (!payload) return null;
  return {
    deploymentId: row.id,
    recordedAt,
    recordedBy: textOrNull(row.creator?.login),
    environment,
    ref: payload.ref,
    sha: textOrNull(row.sha),
    actor: payload.actor,
    exemptBy: payload.exemptBy,
    reason: payload.reason,
    windows: payload.windows,
    layers: payload.layers,
    at: payload.at,
  };
}

interface Listing {
  records: AuditRecord[];
  /** Deployments of the task whose payload is not an override record. */
  skipped: number;
  /** The page limit stopped the listing before `since` was reached. */
  truncated: boolean;
}

async function listOverrides(
  io: CliIo,
  owner: string,
  repo: string,
  since: number,
  pageLimit: number,
): Promise<Listing> {
  const token = io.env.GITHUB_TOKEN?.trim() ?? '';
  if (token === '') {
    throw new UsageError(
      'GITHUB_TOKEN is not set; audit reads the deployments with it (read access to deployments, or a classic token with repo)',
      'audit',
    );
  }
  const baseUrl = io.env.GITHUB_API_URL?.trim() || 'https://api.github.com';
  const client = createClient(token, {
    baseUrl,
    env: io.env,
    log: { warning: (line) => io.stderr(consoleText(io, `warning: ${line}`)) },
  });
  const listing: Listing = { records: [], skipped: 0, truncated: false };
  let pages = 0;
  const iterator = client.paginate.iterator(client.rest.repos.listDeployments, {
    owner,
    repo,
    task: OVERRIDE_TASK,
    per_page: AUDIT_PAGE_SIZE,
  });
  for await (const page of iterator) {
    pages++;
    let older = false;
    for (const row of page.data as DeploymentRow[]) {
      if (row.task !== OVERRIDE_TASK) continue;
      const created = typeof row.created_at === 'string' ? Date.parse(row.created_at) : Number.NaN;
      // GitHub lists deployments newest first: past `since`, the rest is older still.
      if (created < since) {
        older = true;
        continue;
      }
      const record = auditRecordOf(row);
      if (record) listing.records.push(record);
      else listing.skipped++;
    }
    if (older) break;
    if (pages >= pageLimit) {
      listing.truncated = page.data.length === AUDIT_PAGE_SIZE;
      break;
    }
  }
  listing.records.sort(
    (a, b) =>
      Date.parse(b.recordedAt) - Date.parse(a.recordedAt) || b.deploymentId - a.deploymentId,
  );
  return listing;
}

// ---------------------------------------------------------------------------------------------
// Output

function shortSha(sha: string | null): string {
  return sha ? sha.slice(0, 12) : '-';
}

/** A record with line breaks and control characters written out (`\u000a`) in every field. */
function oneLineRecord(record: AuditRecord): AuditRecord {
  const maybe = (text: string | null) => (text === null ? null : visibleControls(text));
  return {
    ...record,
    recordedBy: maybe(record.recordedBy),
    environment: visibleControls(record.environment),
    ref: maybe(record.ref),
    sha: maybe(record.sha),
    actor: visibleControls(record.actor),
    exemptBy: maybe(record.exemptBy),
    reason: maybe(record.reason),
    windows: record.windows.map(visibleControls),
    layers: record.layers.map(visibleControls),
  };
}

function textReport(records: AuditRecord[], repository: string, since: number): string {
  const head = `${records.length} override${records.length === 1 ? '' : 's'} in ${repository} since ${new Date(since).toISOString()}`;
  if (records.length === 0) return `${head}.\n`;
  const lines = [`${head}, newest first:`];
  for (const stored of records) {
    // Every field on its own line only: a line break in a record cannot forge an entry.
    const record = oneLineRecord(stored);
    const where = record.ref ? `${record.ref}@${shortSha(record.sha)}` : shortSha(record.sha);
    const via = record.exemptBy ? ` (${record.exemptBy})` : '';
    lines.push('');
    lines.push(`${record.recordedAt}  ${record.environment}  ${where}  ${record.actor}${via}`);
    const windows =
      record.windows.length > 0 ? record.windows.join(', ') : 'outside every allow window';
    lines.push(`  windows: ${windows} (${record.layers.join(', ')})`);
    lines.push(`  reason:  ${record.reason ?? '(none given)'}`);
    lines.push(
      `  record:  deployment #${record.deploymentId}${record.recordedBy ? ` by ${record.recordedBy}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export const CSV_COLUMNS = [
  'recorded_at',
  'environment',
  'ref',
  'sha',
  'actor',
  'exempt_by',
  'reason',
  'windows',
  'layers',
  'at',
  'deployment_id',
  'recorded_by',
] as const;

/**
 * One CSV cell (RFC 4180): always quoted, quotes doubled. Text a spreadsheet would run as a
 * formula (starting with = + - @, tab or CR) gets a leading `'`; control characters other than
 * a tab are written out as `\u001b`.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  text = visibleControls(text);
  return `"${text.replace(/"/g, '""')}"`;
}

function csvReport(records: AuditRecord[]): string {
  const rows = records.map((record) =>
    [
      record.recordedAt,
      record.environment,
      record.ref,
      record.sha,
      record.actor,
      record.exemptBy,
      record.reason,
      record.windows.join('; '),
      record.layers.join('; '),
      record.at,
      record.deploymentId,
      record.recordedBy,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

function firstLine(error: unknown): string {
  const text = errorMessage(error);
  return text.split('\n')[0] || 'unknown error';
}

export interface AuditOptions {
  /** Pages read at most (tests lower it). Default MAX_AUDIT_PAGES. */
  pageLimit?: number;
}

export async function runAudit(
  argv: string[],
  io: CliIo,
  options: AuditOptions = {},
): Promise<ExitCode> {
  const flags = new CommandFlags('audit', argv, AUDIT_FLAGS);
  const format: AuditFormat = flags.choice('format', FORMATS, 'text');
  const { owner, repo } = repoFlag(io, flags.text('repo'));
  const since = sinceFlag(flags.text('since'), io.now());
  const repository = `${owner}/${repo}`;

  let listing: Listing;
  try {
    listing = await listOverrides(io, owner, repo, since, options.pageLimit ?? MAX_AUDIT_PAGES);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    io.stderr(
      consoleText(
        io,
        `deploy-window audit: could not list the deployments of ${repository}: ${firstLine(error)} (the token needs read access to deployments)`,
      ),
    );
    return 2;
  }
  if (listing.skipped > 0) {
    io.stderr(
      consoleText(
        io,
        `warning: ${listing.skipped} deployment${listing.skipped === 1 ? '' : 's'} of task ${OVERRIDE_TASK} skipped: the payload is not an override record`,
      ),
    );
  }
  if (listing.truncated) {
    const limit = (options.pageLimit ?? MAX_AUDIT_PAGES) * AUDIT_PAGE_SIZE;
    io.stderr(
      consoleText(
        io,
        `warning: stopped after ${limit.toLocaleString('en-US')} deployments; older overrides are not listed (give a shorter --since)`,
      ),
    );
  }
  if (format === 'json') io.stdout(jsonDocument(listing.records));
  else if (format === 'csv') io.stdout(csvReport(listing.records));
  else io.stdout(consoleText(io, textReport(listing.records, repository, since)));
  return 0;
}
