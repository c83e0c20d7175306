// `notify:` webhooks (docs/overrides.md, "Notifications"): one POST per target whose `on`
// names the event, to the URL in the target's environment variable, as Slack, Teams or plain
// decision JSON. Bounded (retries only of a connection not made, a time-out per attempt and
// overall), https only (http only to a loopback address), no redirects, the URL never shown.
// A failure is a warning returned to the caller: never an exception, never a change to the
// decision.
import { environmentLabel, explainReason } from '../core/render/describe.js';
import { escapeMarkdown, quotedName, slackPlainText, slackText } from '../core/render/escape.js';
import { orderedDecision } from '../core/render/json.js';
import { overriddenWindows } from '../core/render/override.js';
import { formatInZone } from '../core/render/zone-time.js';
import { formatInstant } from '../core/time/instant.js';
import type { Decision, NotifyEvent, NotifyTarget } from '../core/types.js';
import { deadline } from './deadline.js';

/** What the run knows about itself, for the message (all optional). */
export interface NotifyRunFacts {
  /** `acme/shop`, or a GitLab project path. */
  repository?: string | null;
  /** The branch or tag. */
  ref?: string | null;
  /** The run's (job's, build's) page. */
  runUrl?: string | null;
}

/** A re-run dispatched: which workflow (or pipeline) on which ref, when. */
export interface RerunFacts {
  environment: string | null;
  ref: string | null;
  /** `deploy.yml`, or null where the platform has no workflow file (GitLab, Jenkins). */
  workflow: string | null;
  /** ISO 8601: when the re-run was dispatched (or is due). */
  at: string;
}

export type Notification =
  | { event: 'blocked'; decision: Decision }
  | { event: 'override'; decision: Decision }
  | { event: 'rerun'; rerun: RerunFacts; decision?: Decision | null };

export interface NotifyOptions {
  /** Where each target's URL is read, by its `url-env`. */
  env: Record<string, string | undefined>;
  facts?: NotifyRunFacts;
  /** The HTTP client (a proxy-aware one behind a proxy); default the global fetch. */
  fetch?: typeof globalThis.fetch;
  /**
   * Retries after a connection that could not be made (refused, no such host). A webhook that
   * answered, or may have the message (a time-out), gets no second POST. Default 2.
   */
  retries?: number;
  /** The wait before retry n (the last repeats). Default 1 s, then 2 s. */
  retryDelaysMs?: readonly number[];
  /** Sleeps between attempts; resolves early when the signal aborts. Tests inject one. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** One attempt gives up after this long. Default 5 s. */
  attemptTimeoutMs?: number;
  /** Every target, every attempt and wait included, is done within this. Default 10 s. */
  totalTimeoutMs?: number;
}

export interface NotifyReport {
  /** Names of the targets that accepted the POST (2xx). */
  sent: string[];
  /** One line per failed target: its name and variable, never the URL. */
  warnings: string[];
}

export const NOTIFY_DEFAULTS = {
  retries: 2,
  retryDelaysMs: [1000, 2000] as readonly number[],
  attemptTimeoutMs: 5000,
  totalTimeoutMs: 10_000,
};

/** Text taken from the config or the run is cut to this many characters in a message. */
const MAX_PIECE = 1000;
/** Slack refuses a header over 150 characters (and a section field over 2,000). */
const MAX_SLACK_HEADER = 150;

// ---------------------------------------------------------------------------------------------
// The message

function clip(text: string, max = MAX_PIECE): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** A link target we put in a message: http(s) only, with the characters that end one encoded. */
function safeLink(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return parsed.href.replace(
      /[|<>()\s"`\\]/g,
      (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
    );
  } catch {
    return null;
  }
}

interface Message {
  /** One line: what happened, where. */
  title: string;
  /** Label and plain text, shown as facts or lines. */
  facts: [label: string, value: string][];
  runUrl: string | null;
}

function where(facts: NotifyRunFacts): string {
  const parts = [facts.repository, facts.ref].filter((part): part is string => Boolean(part));
  return parts.length === 0 ? '' : ` (${parts.join(' @ ')})`;
}

function messageOf(notification: Notification, facts: NotifyRunFacts): Message {
  const runUrl = safeLink(facts.runUrl);
  const place = where(facts);
  if (notification.event === 'rerun') {
    const { rerun } = notification;
    const what = rerun.workflow ? `a re-run of ${rerun.workflow}` : 'a re-run';
    const zone = notification.decision?.timezone ?? 'UTC';
    return {
      title: `Deploy window opened: ${what} was dispatched for ${environmentLabel(rerun.environment)}${place}`,
      facts: [
        ['Environment', environmentLabel(rerun.environment)],
        ...(rerun.ref ? ([['Ref', rerun.ref]] as [string, string][]) : []),
        ['When', `${formatInZone(rerun.at, zone)} (${rerun.at})`],
      ],
      runUrl,
    };
  }
  const { decision } = notification;
  const environment = environmentLabel(decision.environment);
  if (notification.event === 'override') {
    const override = decision.override;
    const actor = override?.actor ?? 'an exempt actor';
    return {
      title: `Override: ${actor} deployed to ${environment} outside the deploy window${place}`,
      facts: [
        ['Environment', environment],
        ['Windows', overriddenWindows(decision, quotedName)],
        ['Exempt as', decision.exemptBy ?? '-'],
        ['Reason', override?.reason ?? '(none given)'],
        ['Layers', override ? override.layers.join(', ') : '-'],
      ],
      runUrl,
    };
  }
  const next =
    decision.nextOpen !== null
      ? `${formatInZone(decision.nextOpen, decision.timezone)} (${formatInstant(decision.nextOpen)})`
      : 'none within the horizon';
  return {
    title: `Deployment blocked: ${environment}${place}`,
    facts: [
      ['Environment', environment],
      ['Why', explainReason(decision, quotedName)],
      ['Next opening', next],
      ...(decision.message ? ([['Message', decision.message]] as [string, string][]) : []),
    ],
    runUrl,
  };
}

/** Text Slack shows as written: no formatting, mention or link of its own, emoji off. */
function slackPlain(text: string, max: number): { type: 'plain_text'; text: string; emoji: false } {
  return { type: 'plain_text', text: slackPlainText(clip(text, max)) || '-', emoji: false };
}

/**
 * A header (the title), then each fact as a bold label beside its value, then the link to the
 * run. Config and run text goes only into `plain_text`: in mrkdwn, `*`, `_`, `~` and backticks
 * format whatever is between them, and Slack has no way to escape them.
 */
function slackBody(message: Message): unknown {
  const fields = message.facts.flatMap(([label, value]) => [
    { type: 'mrkdwn', text: `*${label}:*` },
    slackPlain(value, MAX_PIECE),
  ]);
  const blocks: unknown[] = [
    { type: 'header', text: slackPlain(message.title, MAX_SLACK_HEADER) },
    { type: 'section', fields },
  ];
  if (message.runUrl) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `<${message.runUrl}|View the run>` },
    });
  }
  // `text` is what a notification shows; it is read as mrkdwn, so escaped as such.
  return { text: slackText(clip(message.title)), blocks };
}

/** A legacy Office 365 connector card (what Teams incoming webhooks take). */
function teamsBody(message: Message, event: NotifyEvent): unknown {
  const color = event === 'blocked' ? 'D93F0B' : event === 'override' ? 'FBCA04' : '0E8A16';
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: clip(message.title),
    themeColor: color,
    title: escapeMarkdown(clip(message.title)),
    sections: [
      {
        facts: message.facts.map(([name, value]) => ({ name, value: escapeMarkdown(clip(value)) })),
      },
    ],
    ...(message.runUrl
      ? {
          potentialAction: [
            {
              '@type': 'OpenUri',
              name: 'View the run',
              targets: [{ os: 'default', uri: message.runUrl }],
            },
          ],
        }
      : {}),
  };
}

/**
 * The plain JSON: the decision exactly as `check --format json` prints it, plus a
 * `notification` object (event, repository, ref, runUrl; for a re-run its facts).
 */
function jsonBody(notification: Notification, facts: NotifyRunFacts): unknown {
  const about = {
    event: notification.event,
    repository: facts.repository ?? null,
    ref: facts.ref ?? null,
    runUrl: safeLink(facts.runUrl),
    ...(notification.event === 'rerun' ? { rerun: notification.rerun } : {}),
  };
  const decision = notification.decision ?? null;
  return decision ? { ...orderedDecision(decision), notification: about } : { notification: about };
}

/** The body a target of this format is sent for this notification. */
export function notificationBody(
  format: NotifyTarget['format'],
  notification: Notification,
  facts: NotifyRunFacts = {},
): unknown {
  if (format === 'json') return jsonBody(notification, facts);
  const message = messageOf(notification, facts);
  return format === 'slack' ? slackBody(message) : teamsBody(message, notification.event);
}

// ---------------------------------------------------------------------------------------------
// Sending

/** `http:` is only sent to these (a relay on the machine itself, the tests' servers). */
function isLoopback(hostname: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) || hostname === '[::1]';
}

type Checked = { ok: true; url: URL } | { ok: false; why: string };

/** The target's URL from its variable; why not, without ever quoting it. */
export function webhookUrl(target: NotifyTarget, env: Record<string, string | undefined>): Checked {
  const raw = env[target.urlEnv]?.trim() ?? '';
  if (raw === '') return { ok: false, why: 'is not set or empty' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, why: 'does not hold a URL' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, why: 'holds a URL with a user name or password, which is not sent' };
  }
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return { ok: true, url };
  return {
    ok: false,
    why: `holds a ${url.protocol.replace(/:$/, '')} URL; only https is sent (http only to 127.0.0.1 or [::1])`,
  };
}

/** Why a request failed, from the error's code only (messages may carry the host). */
/** fetch's system error code (`ECONNREFUSED`), when it has one of that form. */
function causeCode(error: unknown): string | null {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : null;
}

function networkReason(error: unknown): string {
  const code = causeCode(error);
  return code ? `network error (${code})` : 'network error';
}

/** Network errors raised before any byte of the request left: no connection was made. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function neverSent(error: unknown): boolean {
  return NOT_CONNECTED.has(causeCode(error) ?? '');
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

type Attempt = { done: true } | { done: false; retry: boolean; why: string };

async function attempt(
  fetcher: typeof globalThis.fetch,
  url: URL,
  body: string,
  event: NotifyEvent,
  timeoutMs: number,
  total: AbortSignal,
  totalMs: number,
): Promise<Attempt> {
  const limit = deadline(timeoutMs, `no answer within ${seconds(timeoutMs)}`, total);
  let response: Response;
  try {
    response = await fetcher(url.href, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'deploy-window',
        'x-deploy-window-event': event,
      },
      body,
      redirect: 'manual',
      signal: limit.signal,
    });
  } catch (error) {
    limit.release();
    if (total.aborted)
      return {
        done: false,
        retry: false,
        why: `no answer within the overall time-out (${seconds(totalMs)})`,
      };
    // The webhook may have the message: it gets one POST (docs/overrides.md, "Delivery").
    if (limit.signal.aborted)
      return { done: false, retry: false, why: `no answer within ${seconds(timeoutMs)}` };
    return { done: false, retry: neverSent(error), why: networkReason(error) };
  }
  limit.release();
  // The body is never read (nor shown): only the status counts.
  await response.body?.cancel().catch(() => {});
  const status = response.status;
  // An injected fetch that follows redirects anyway: the answer is not the webhook's.
  if (response.redirected) {
    return { done: false, retry: false, why: 'was redirected, which is not followed' };
  }
  if (status >= 200 && status < 300) return { done: true };
  if (status >= 300 && status < 400) {
    return {
      done: false,
      retry: false,
      why: `answered ${status}, a redirect, which is not followed`,
    };
  }
  // An answer, whatever it is, means the POST arrived: it is not sent again.
  return { done: false, retry: false, why: `answered ${status}` };
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

async function send(
  target: NotifyTarget,
  notification: Notification,
  options: NotifyOptions,
  total: AbortSignal,
  deadline: number,
  totalMs: number,
): Promise<string | null> {
  const label = `notify ${quotedName(target.name)} (${target.urlEnv})`;
  const checked = webhookUrl(target, options.env);
  if (!checked.ok) return `${label}: ${target.urlEnv} ${checked.why}; nothing sent.`;
  const body = JSON.stringify(notificationBody(target.format, notification, options.facts));
  const fetcher = options.fetch ?? globalThis.fetch;
  const retries = Math.max(0, options.retries ?? NOTIFY_DEFAULTS.retries);
  const delays = options.retryDelaysMs ?? NOTIFY_DEFAULTS.retryDelaysMs;
  const attemptTimeout = options.attemptTimeoutMs ?? NOTIFY_DEFAULTS.attemptTimeoutMs;
  const sleep = options.sleep ?? defaultSleep;
  let why = 'not sent';
  for (let tried = 0; tried <= retries; tried++) {
    if (tried > 0) {
      const delay = delays[Math.min(tried - 1, delays.length - 1)] ?? 0;
      if (Date.now() + delay >= deadline) {
        why += '; no time left to retry';
        break;
      }
      await sleep(delay, total);
    }
    const left = deadline - Date.now();
    if (total.aborted || left <= 0) {
      why = `${why}; then the overall time-out (${seconds(totalMs)}) ran out`;
      break;
    }
    const result = await attempt(
      fetcher,
      checked.url,
      body,
      notification.event,
      // The overall time-out (in `total`) cuts an attempt short, and says so.
      attemptTimeout,
      total,
      totalMs,
    );
    if (result.done) return null;
    why = result.why;
    if (!result.retry) break;
  }
  return `${label}: the ${notification.event} notification was not delivered: ${why}. The decision stands.`;
}

/**
 * Sends `notification` to every target whose `on` names its event, all at once, within the
 * overall time-out. Never throws: each failure is one warning in the report.
 */
export async function sendNotifications(
  targets: readonly NotifyTarget[] | null | undefined,
  notification: Notification,
  options: NotifyOptions,
): Promise<NotifyReport> {
  const report: NotifyReport = { sent: [], warnings: [] };
  const due = (targets ?? []).filter((target) => target.on.includes(notification.event));
  if (due.length === 0) return report;
  const totalMs = options.totalTimeoutMs ?? NOTIFY_DEFAULTS.totalTimeoutMs;
  const endsAt = Date.now() + totalMs;
  const overall = deadline(totalMs, `no answer within ${seconds(totalMs)}`);
  const total = overall.signal;
  const results = await Promise.all(
    due.map(async (target) => {
      try {
        return await send(target, notification, options, total, endsAt, totalMs);
      } catch {
        return `notify ${quotedName(target.name)} (${target.urlEnv}): the ${notification.event} notification failed unexpectedly. The decision stands.`;
      }
    }),
  );
  overall.release();
  results.forEach((warning, index) => {
    const target = due[index];
    if (warning === null) {
      if (target) report.sent.push(target.name);
    } else report.warnings.push(warning);
  });
  return report;
}
