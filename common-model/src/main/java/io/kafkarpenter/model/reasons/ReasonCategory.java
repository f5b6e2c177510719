package io.kafkarpenter.model.reasons;

/** What kind of statement a {@link Reason} makes. */
public enum ReasonCategory {
    /** Why a pod stays pending (no placement found this pass). */
    UNSCHEDULABLE,
    /** Why a pending pod is not considered by Kafkarpenter at all. */
    IGNORED,
    /** Where a pod was placed in a scheduling pass. */
    SCHEDULED,
    /** What happened to a NodeClaim's instance (launch, registration, failure, termination). */
    LAUNCH,
    /** Why a node is disrupted. */
    DISRUPTION,
    /**
     * What an interruption message meant when it disrupts nothing: a rebalance recommendation (event only), or an
     * instance this cluster does not own (ignored). Interruptions that delete a NodeClaim are {@link #DISRUPTION}.
     */
    INTERRUPTION,
    /** Why a node may not be disrupted (now). */
    DISRUPTION_BLOCKED,
    /**
     * What the tag-reconciler wrote, restored, removed, refused or found in conflict on AWS resources (discovery tags,
     * instance tags, instance profiles), and EC2NodeClass readiness.
     */
    AWS_RESOURCES,
    /** Input that could not be understood (a bad record, an invalid object). */
    INVALID_INPUT
}
