// Break-glass overrides (docs/overrides.md): an exempt actor outside the windows passes with an
// `override` record (who, why, past which layers, when), or, when the layer requires a reason
// and none was given, stays blocked with a message saying how to give one.
import { exemptDecision } from './exempt.js';
import { visibleControls } from './render/escape.js';
import type { Decision, Override } from './types.js';

/** A reason longer than this is cut (with `…`): it is a note for reviewers, not a document. */
export const MAX_REASON_LENGTH = 500;
/** Logins and layer names are short; anything longer is cut the same way. */
export const MAX_ACTOR_LENGTH = 255;

/** Where the run happens: decides which way of giving a reason the message names. */
export type OverrideFace = 'github' | 'gitlab' | 'jenkins' | 'local';

export interface OverrideRequest {
  /** The windows' decision for this run (before any exemption). */
  decision: Decision;
  /** The actor, already found exempt in this layer. */
  actor: string;
  /** How the actor is exempt: `user:alice`, `team:acme/sre`, `codeowners:@acme/ops`. */
  exemptBy: string;
  /** The layer whose windows are overridden (named in the message when a reason is missing). */
  layer: string;
  /** Every layer whose windows are overridden (policy layers); absent: just `layer`. */
  layers?: readonly string[];
  /** The layer's `exempt.require-reason`. */
  requireReason: boolean;
  /** The reason as given (the `reason` input, `--reason`); untrusted text, blank = none. */
  reason: string | null | undefined;
  /** Names the one way to give a reason on this face; absent: all four are listed. */
  face?: OverrideFace | null;
}

export type OverrideOutcome =
  /** The windows allow the run: nothing to override (the actor may still be exempt). */
  | { kind: 'none'; decision: Decision }
  /** An exempt pass outside the windows: allowed, exempt, with `override` set. */
  | { kind: 'override'; decision: Decision; override: Override }
  /** require-reason without a reason: still blocked; `howTo` is also the decision's last warning. */
  | { kind: 'reason-required'; decision: Decision; howTo: string };

/** Cuts text to `max` characters (code points, so no emoji is split), marking the cut with `…`. */
function bounded(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** One line, control and bidi characters shown as `\u…`, white space collapsed, trimmed. */
function oneLine(text: string): string {
  return visibleControls(text.replace(/[\r\n\t\f\v\u0085\u2028\u2029]+/g, ' '))
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * The reason as recorded and shown: one line, control characters written out, at most
 * MAX_REASON_LENGTH characters; null when none or blank. Still plain text: every surface
 * escapes it for itself (Markdown, logs, Slack).
 */
export function cleanReason(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const line = oneLine(
    raw.replace(INVISIBLE, (char) => (BLANK_LOOKING.test(char) ? char : visibleFormat(char))),
  );
  return hasVisibleText(line) ? bounded(line, MAX_REASON_LENGTH) : null;
}

/** Format characters (zero-width spaces and joiners, BOM, soft hyphen...): invisible. */
const INVISIBLE = /\p{Cf}/gu;
/** Letters and symbols that print as blank space (Hangul fillers, the braille blank). */
const BLANK_LOOKING = /[\u115f\u1160\u3164\uffa0\u2800\u{1d159}]/u;

function visibleFormat(char: string): string {
  return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/**
 * A reason a reader can see: some letter, digit, punctuation or symbol that is not blank space,
 * not invisible and not a `\u…` written out for an invisible character.
 */
function hasVisibleText(line: string): boolean {
  const rest = line
    .replace(/\\u[0-9a-f]{4,5}/g, '')
    .replace(/[\s\p{Z}\u115f\u1160\u3164\uffa0\u2800\u{1d159}]/gu, '');
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(rest);
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, shown as written.
const GITHUB_EXAMPLE = '`reason: ${{ inputs.reason }}`';

/** How to give a reason on each face (docs/overrides.md). */
export const REASON_HOW_TO: Record<OverrideFace, string> = {
  github: `set the action's \`reason\` input (for example ${GITHUB_EXAMPLE} from a workflow_dispatch input) and run again`,
  gitlab:
    "set the template's `reason` input (for example from a pipeline input filled in when running the pipeline) and run again",
  jenkins: "pass the deployWindow step's `reason:` parameter (for example `reason: params.REASON`)",
  local: 'run again with `--reason "..."`',
};

function howToGiveReason(face: OverrideFace | null | undefined): string {
  if (face) return REASON_HOW_TO[face];
  return `give one: the action's \`reason\` input, the GitLab template's \`reason\` input, the Jenkins step's \`reason:\` parameter or the CLI's \`--reason\``;
}

/** The message for an exempt actor without the reason their layer requires. */
export function reasonRequiredMessage(request: OverrideRequest): string {
  const actor = bounded(oneLine(request.actor), MAX_ACTOR_LENGTH);
  const layer = bounded(oneLine(request.layer), MAX_ACTOR_LENGTH);
  const exemptBy = bounded(oneLine(request.exemptBy), MAX_ACTOR_LENGTH);
  const environment = request.decision.environment ?? 'every environment';
  return `${actor} is exempt (${exemptBy}) and may override the deploy window for ${oneLine(environment)} by giving a reason: ${layer} sets exempt.require-reason, and no reason was given. To override, ${howToGiveReason(request.face)}. The override, with its reason, is recorded.`;
}

/**
 * The outcome for an exempt actor. Every exempt pass outside the windows is an override, with
 * or without require-reason; with require-reason, only when a non-blank reason was given.
 */
export function applyOverride(request: OverrideRequest): OverrideOutcome {
  const { decision } = request;
  if (decision.allowed) return { kind: 'none', decision };
  const reason = cleanReason(request.reason);
  if (request.requireReason && reason === null) {
    const howTo = reasonRequiredMessage(request);
    return {
      kind: 'reason-required',
      decision: { ...decision, warnings: [...decision.warnings, howTo] },
      howTo,
    };
  }
  const override: Override = {
    actor: bounded(oneLine(request.actor), MAX_ACTOR_LENGTH),
    reason,
    layers: (request.layers ?? [request.layer]).map((layer) =>
      bounded(oneLine(layer), MAX_ACTOR_LENGTH),
    ),
    at: decision.at,
  };
  return {
    kind: 'override',
    decision: { ...exemptDecision(decision, request.exemptBy), override },
    override,
  };
}
