package io.kafkarpenter.model.events;

/** What a {@link DecisionRecord} is about. */
public enum DecisionKind {
    /** A provisioning pass: where pods go, which NodeClaims are created, why pods stay pending or are ignored. */
    PROVISIONING,
    /** A disruption decision (delete or replace nodes), or why a node is not disrupted. */
    DISRUPTION,
    /** An outcome of a launch (e.g. insufficient capacity) worth explaining. */
    LAUNCH,
    /** A tag-reconciler action: a tag written, restored, removed or refused, an instance profile, an EC2NodeClass's readiness. */
    TAGGING,
    /** Input that was rejected (an invalid NodePool, a bad record). */
    INPUT
}
