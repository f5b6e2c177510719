package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.reasons.Reason;

/**
 * How a command came about, in the order Karpenter's disruption loop tries the methods (expiration is not part of
 * the loop: it is forceful and ignores budgets).
 */
public enum DisruptionMethod {
    EXPIRATION(Reason.EXPIRED, null),
    EMPTINESS(Reason.EMPTY, "Empty"),
    DRIFT(Reason.DRIFTED, "Drifted"),
    MULTI_NODE_CONSOLIDATION(Reason.UNDERUTILIZED, "Underutilized"),
    SINGLE_NODE_CONSOLIDATION(Reason.UNDERUTILIZED, "Underutilized");

    private final Reason reason;
    private final String budgetReason;

    DisruptionMethod(Reason reason, String budgetReason) {
        this.reason = reason;
        this.budgetReason = budgetReason;
    }

    /** EMPTY, DRIFTED, UNDERUTILIZED or EXPIRED. */
    public Reason reason() {
        return reason;
    }

    /** The reason name budgets list (Empty, Drifted, Underutilized); null: outside budgets. */
    public String budgetReason() {
        return budgetReason;
    }

    /** e.g. "multi-node consolidation". */
    public String title() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ').replace("multi node", "multi-node")
                .replace("single node", "single-node");
    }
}
