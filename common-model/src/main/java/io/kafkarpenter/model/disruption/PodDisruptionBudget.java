package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.scheduling.LabelSelector;

/**
 * A policy/v1 PodDisruptionBudget as eviction sees it.
 *
 * @param minAvailable               a count or percentage, or null
 * @param maxUnavailable             a count or percentage, or null
 * @param disruptionsAllowed         {@code status.disruptionsAllowed} when known; null = computed from the spec over
 *                                   the pods it selects
 * @param unhealthyPodEvictionPolicy IfHealthyBudget (default) or AlwaysAllow
 */
public record PodDisruptionBudget(String namespace, String name, LabelSelector selector, String minAvailable,
        String maxUnavailable, Integer disruptionsAllowed, String unhealthyPodEvictionPolicy) {

    public static final String ALWAYS_ALLOW = "AlwaysAllow";

    public String key() {
        return namespace + "/" + name;
    }

    /** maxUnavailable 0 / 0%, or minAvailable 100%: no pod it selects can ever be evicted. */
    public boolean fullyBlocking() {
        if (maxUnavailable != null) {
            String v = maxUnavailable.trim();
            return v.equals("0") || v.equals("0%");
        }
        return minAvailable != null && minAvailable.trim().equals("100%");
    }
}
