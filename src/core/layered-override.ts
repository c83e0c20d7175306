// Who passes a layered policy, and whether that pass is an override (docs/organisation.md,
// "Exemptions count in their own layer"; docs/overrides.md): from how the actor is exempt in
// each layer to the decision. Pure: `check` and the gate (after its look-ups) share it.
import { exemptDecision } from './exempt.js';
import { applyLayerExemptions, layeredPass } from './layers.js';
import { applyOverride, type OverrideFace, type OverrideOutcome } from './override.js';
import type { Decision } from './types.js';

/** One layer as the exemption step sees it, in the order of `decision.layers`. */
export interface LayerExemption {
  source: string;
  /** The layer's `exempt.require-reason`. */
  requireReason: boolean;
  /** How the actor is exempt by this layer's own `exempt` (`user:alice`); null: not exempt there. */
  exemptBy: string | null;
}

export interface LayeredActor {
  actor: string;
  /** As given (`--reason`); untrusted, blank = none. */
  reason: string | null | undefined;
  face: OverrideFace;
}

export type LayeredOutcome =
  | OverrideOutcome
  /** Some blocking layer does not exempt the actor: still blocked (a warning names the layers). */
  | { kind: 'blocked'; decision: Decision };

/**
 * The decision for an actor: passes only when every blocking layer exempts it; such a pass is
 * an override, refused without a reason when an overridden layer requires one. Where every
 * layer allows, an actor exempt in any layer is exempt (`reason: "exempt"`, docs/engine.md),
 * by the first such layer, and nothing is overridden.
 */
export function decideForActor(
  decision: Decision,
  layers: readonly LayerExemption[],
  who: LayeredActor,
): LayeredOutcome {
  if (decision.allowed) {
    // The first layer that exempts: the gate stops its look-ups there.
    const way = layers.find((layer) => layer.exemptBy !== null)?.exemptBy;
    return { kind: 'none', decision: way ? exemptDecision(decision, way) : decision };
  }
  const verdicts = decision.layers ?? [];
  const pass = layeredPass(
    layers.map((layer, index) => ({
      source: layer.source,
      allowed: verdicts[index]?.allowed ?? decision.allowed,
      exemptBy: layer.exemptBy,
    })),
  );
  const own = layers.at(-1)?.source;
  if (!pass.passes || pass.exemptBy === null) {
    const exemptBy = layers.map((layer) => layer.exemptBy);
    return { kind: 'blocked', decision: applyLayerExemptions(decision, exemptBy, own) };
  }
  const requiring = layers.filter(
    (layer) => layer.requireReason && pass.overridden.includes(layer.source),
  );
  return applyOverride({
    decision,
    actor: who.actor,
    exemptBy: pass.exemptBy,
    layer: requiring[0]?.source ?? own ?? 'the config',
    layers: pass.overridden,
    requireReason: requiring.length > 0,
    reason: who.reason,
    face: who.face,
  });
}
