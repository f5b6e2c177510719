package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.reasons.ReasonMessage;

/**
 * Why a managed node was not disrupted in this pass, in Karpenter's words (its Unconsolidatable /
 * DisruptionBlocked events): a blocking pod or annotation, a budget, a consolidation that would not pay, or that an
 * earlier method acted first.
 */
public record NodeVerdict(String node, ReasonMessage why) {
}
