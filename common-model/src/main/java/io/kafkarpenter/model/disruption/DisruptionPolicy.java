package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.requirements.Requirements;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a NodePool says about disrupting its nodes: its {@code spec.disruption}, the expiry and termination grace
 * period of its template, and the facts drift compares nodes against (its requirements, its hash annotations, its
 * EC2NodeClass).
 *
 * @param consolidateAfter       null = {@code Never} (no emptiness, no consolidation)
 * @param budgets                as listed; {@link DisruptionBudget#DEFAULT} when the NodePool lists none
 * @param expireAfter            null = {@code Never}
 * @param terminationGracePeriod null = unset; when set, drift is not blocked by pods (do-not-disrupt, PDBs)
 * @param requirements           {@code spec.template.spec.requirements}
 * @param annotations            {@code metadata.annotations} (karpenter.sh/nodepool-hash and its version)
 * @param dynamic                false for a static NodePool ({@code spec.replicas}): no emptiness, drift, consolidation
 */
public record DisruptionPolicy(String nodePool, ConsolidationPolicy consolidationPolicy, Duration consolidateAfter,
        List<DisruptionBudget> budgets, Duration expireAfter, Duration terminationGracePeriod,
        Requirements requirements, Map<String, String> annotations, String nodeClass, boolean dynamic) {

    /** {@code spec.disruption.consolidationPolicy}. */
    public enum ConsolidationPolicy {
        WhenEmpty, WhenEmptyOrUnderutilized,
        /** Karpenter's newest policy; consolidates like WhenEmptyOrUnderutilized here (no move scoring). */
        Balanced;

        public static ConsolidationPolicy parse(String text) {
            if (text == null || text.isEmpty()) {
                return WhenEmptyOrUnderutilized;
            }
            return valueOf(text);
        }
    }

    public DisruptionPolicy {
        consolidationPolicy = consolidationPolicy == null ? ConsolidationPolicy.WhenEmptyOrUnderutilized
                : consolidationPolicy;
        budgets = budgets == null ? List.of(DisruptionBudget.DEFAULT) : List.copyOf(budgets);
        requirements = requirements == null ? new Requirements() : requirements;
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public boolean consolidationDisabled() {
        return consolidateAfter == null;
    }
}
