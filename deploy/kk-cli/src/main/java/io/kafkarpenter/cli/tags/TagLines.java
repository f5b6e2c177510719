package io.kafkarpenter.cli.tags;

import io.kafkarpenter.model.discovery.DiscoveryPlan;
import io.kafkarpenter.model.discovery.ResourceVerdict;

/** How {@code bin/kk tags} prints a resource: an icon, the resource, what is the case. */
final class TagLines {

    static final String OK = "✅";
    static final String WARN = "⚠️";
    static final String NOT_SELECTED = "➖";
    /** Prefix of the line under a resource that holds the {@code aws} command fixing it. */
    static final String FIX = "     fix: ";

    private TagLines() {
    }

    static String icon(ResourceVerdict r) {
        return switch (r.verdict()) {
            case OK_OURS, OK_USERS -> OK;
            case NOT_SELECTED -> NOT_SELECTED;
            default -> WARN;
        };
    }

    /** {@code ✅ subnet subnet-0abc (us-east-1a, private): karpenter.sh/discovery=demo}. */
    static String line(ResourceVerdict r, DiscoveryPlan plan) {
        return icon(r) + " " + r.describe() + ": " + r.explain(plan.tagKey(), plan.clusterName());
    }
}
