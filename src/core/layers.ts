// Policy layers (docs/organisation.md): the file and each file it extends. How their windows
// are named, and who passes when an actor is exempt in some layers and not in others. Pure.
import { exemptDecision } from './exempt.js';
import type { Config, Decision, PolicySource } from './types.js';

/** One layer of a policy: a complete config and the source it was read from. */
export interface PolicyLayer {
  /**
   * The source as written in `extends` (`github>acme/deploy-policy:org.yml#v3`,
   * `./policy/team.yml`); for the file itself (always the last layer), its path.
   */
  source: string;
  config: Config;
  /** Where it was read from, for links (null or absent: the file itself). */
  origin?: PolicySource | null;
}

/** How one layer names itself and its windows in decisions and listings. */
export interface LayerName {
  source: string;
  /** `SOURCE#name` for an extended file's window, the bare name for the file's own. */
  window(name: string): string;
}

/** A window of an extended file, named by its source: `github>acme/p:org.yml#v3#year-end-freeze`. */
export function qualifiedWindowName(source: string, window: string): string {
  return `${source}#${window}`;
}

/** The names of each layer, outermost first; the last layer is the file itself (bare names). */
export function layerNames(layers: readonly PolicyLayer[]): LayerName[] {
  return layers.map((layer, index) => {
    const own = index === layers.length - 1;
    return {
      source: layer.source,
      window: own ? (name) => name : (name) => qualifiedWindowName(layer.source, name),
    };
  });
}

/** A layer's verdict for one actor: does the layer allow, and is the actor exempt in it? */
export interface LayerVerdict {
  source: string;
  /** The layer's own windows allow at the instant (with the runway). */
  allowed: boolean;
  /** How the actor is exempt by this layer's own `exempt` (`user:alice`); null: not exempt. */
  exemptBy: string | null;
}

export interface LayeredPass {
  /** In every layer, the actor is exempt or the layer allows. */
  passes: boolean;
  /** Layers that block and whose exemption the actor used (an override of their windows). */
  overridden: string[];
  /** Layers that block and do not exempt the actor. */
  blockedBy: string[];
  /** The exemptions used, one per distinct way (`user:alice`, `team:acme/sre`); null: none. */
  exemptBy: string | null;
}

/**
 * Who passes a layered policy: an actor passes only when, in every layer, it is exempt by
 * that layer's `exempt` or the layer allows. A repository's `exempt` cannot lift its org's
 * freeze (docs/organisation.md, "Exemptions").
 */
export function layeredPass(verdicts: readonly LayerVerdict[]): LayeredPass {
  const overridden: string[] = [];
  const blockedBy: string[] = [];
  const ways: string[] = [];
  for (const verdict of verdicts) {
    if (verdict.allowed) continue;
    if (verdict.exemptBy === null) {
      blockedBy.push(verdict.source);
      continue;
    }
    overridden.push(verdict.source);
    if (!ways.includes(verdict.exemptBy)) ways.push(verdict.exemptBy);
  }
  return {
    passes: blockedBy.length === 0,
    overridden,
    blockedBy,
    exemptBy: ways.length === 0 ? null : ways.join(', '),
  };
}

/** The layers of a decision (one, the file, for a decision made without `layers`). */
function decisionLayers(decision: Decision, file: string) {
  return (
    decision.layers ?? [
      { source: file, allowed: decision.allowed, reason: decision.reason, blockingWindows: [] },
    ]
  );
}

/**
 * The decision for an actor exempt in some layers: `exemptBy[i]` is how the actor is exempt by
 * layer i's own `exempt` (null: not exempt there), in the order of `decision.layers`. A blocked
 * decision becomes exempt only when every blocking layer exempts the actor; otherwise it stays
 * blocked, with a warning naming the layers that still block.
 */
export function applyLayerExemptions(
  decision: Decision,
  exemptBy: readonly (string | null)[],
  file = 'the config',
): Decision {
  if (decision.allowed) return decision;
  const layers = decisionLayers(decision, file);
  const pass = layeredPass(
    layers.map((layer, index) => ({
      source: layer.source,
      allowed: layer.allowed,
      exemptBy: exemptBy[index] ?? null,
    })),
  );
  if (pass.passes && pass.exemptBy !== null) return exemptDecision(decision, pass.exemptBy);
  if (pass.overridden.length === 0) return decision;
  const warning = `exempt (${pass.exemptBy}) by ${pass.overridden.join(', ')} only; still blocked by ${pass.blockedBy.join(', ')}: an exemption counts only in the policy layer that grants it`;
  return { ...decision, warnings: [...decision.warnings, warning] };
}
