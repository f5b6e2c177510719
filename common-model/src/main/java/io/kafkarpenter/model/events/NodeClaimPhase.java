package io.kafkarpenter.model.events;

/** The lifecycle steps of a NodeClaim that the launcher reports on {@link Topics#NODECLAIMS_STATUS}. */
public enum NodeClaimPhase {
    /** The instance exists (CreateFleet returned an instance id). */
    LAUNCHED,
    /** A Node with the NodeClaim's providerID joined the cluster. */
    REGISTERED,
    /** The Node is Ready, startup taints are gone, resources are registered. */
    INITIALIZED,
    /** The launch failed (insufficient capacity, launch or registration timeout, ...); the NodeClaim is deleted. */
    FAILED,
    /** The node is being drained and its instance terminated. */
    TERMINATING,
    /** The instance is gone and the NodeClaim deleted. */
    TERMINATED
}
