package io.kafkarpenter.model.scheduling;

/** Why a pod was not placed; each has a message a user can act on. */
public enum FailureKind {
    /** Karpenter ignores the pod (restricted selector, matchFields, opted out of Karpenter nodes, volume problem). */
    IGNORED,
    /** No NodePool exists (or none has instance types). */
    NO_NODEPOOL,
    /** NodePool limits leave no room. */
    LIMITS,
    /** The pod does not tolerate a NodePool's taints. */
    TAINTS,
    /** The pod's node selector / affinity contradicts every NodePool. */
    REQUIREMENTS,
    /** No instance type is large enough. */
    RESOURCES,
    /** No available offering in the required zones / capacity types. */
    OFFERINGS,
    /** Topology spread, pod affinity or anti-affinity cannot be met. */
    TOPOLOGY,
    /** Host port conflict (e.g. with a daemon set). */
    HOST_PORTS,
    /** minValues cannot be met. */
    MIN_VALUES,
    /** Volume topology conflicts. */
    VOLUMES
}
