package io.kafkarpenter.model.events;

import java.util.List;

/**
 * The Kafka topics of Kafkarpenter (DESIGN.md, "Topics"), with the record key each carries and its payload.
 * Every payload is versioned JSON written and read by {@link EventJson}.
 */
public final class Topics {

    private Topics() {
    }

    /**
     * Pending pods. Producer pod-watcher, consumer provisioner. Compacted.
     * Key: pod uid ({@code PodSchedulingView.uid()}). Value: {@link PendingPod}; a tombstone (null value) when
     * the pod is bound or deleted. Partition: by {@code PodSchedulingView.workloadKey()} (not by the key's hash),
     * so the pods of one workload meet in one provisioner replica; a tombstone must go to the same partition
     * as the pod's records.
     */
    public static final String PODS_PENDING = "kk.pods.pending";

    /**
     * NodeClaim launch decisions. Producers provisioner and consolidator (replacements), consumer launcher.
     * Key: NodePool name ({@link NodeClaimLaunch#nodePool()}), so one launcher replica accounts a NodePool's limits.
     * Value: {@link NodeClaimLaunch}.
     */
    public static final String NODECLAIMS_LAUNCH = "kk.nodeclaims.launch";

    /**
     * NodeClaim lifecycle transitions. Producer launcher; consumers provisioner, consolidator, tag-reconciler.
     * Key: NodeClaim name ({@link NodeClaimStatusChange#nodeClaimName()}). Value: {@link NodeClaimStatusChange}.
     */
    public static final String NODECLAIMS_STATUS = "kk.nodeclaims.status";

    /**
     * Offerings that failed with insufficient capacity, with their expiry. Producer launcher, consumer provisioner.
     * Key: {@code <instanceType>/<zone>/<capacityType>} ({@link UnavailableOffering#key()}). Value: {@link UnavailableOffering}.
     */
    public static final String OFFERINGS_UNAVAILABLE = "kk.offerings.unavailable";

    /**
     * Disruption decisions. Producer consolidator, consumer launcher.
     * Key: node name ({@link TerminationRequest#nodeName()}). Value: {@link TerminationRequest}.
     */
    public static final String NODES_TERMINATE = "kk.nodes.terminate";

    /**
     * Why each decision was made and why pods stay pending. Producers provisioner and consolidator; for people
     * and dashboards. Key: scheduling id ({@link DecisionRecord#schedulingId()}). Value: {@link DecisionRecord}.
     */
    public static final String DECISIONS = "kk.decisions";

    /** Prefix of the dead-letter topics, one per service: {@code kk.dlq.<service>}. */
    public static final String DLQ_PREFIX = "kk.dlq.";

    /** Every topic but the dead-letter ones. */
    public static final List<String> ALL = List.of(
            PODS_PENDING, NODECLAIMS_LAUNCH, NODECLAIMS_STATUS, OFFERINGS_UNAVAILABLE, NODES_TERMINATE, DECISIONS);

    /** The five services, as they name their dead-letter topics. */
    public static final List<String> SERVICES = List.of(
            "pod-watcher", "provisioner", "launcher", "consolidator", "tag-reconciler");

    /**
     * The dead-letter topic of a service: {@code kk.dlq.<service>}, e.g. {@code kk.dlq.provisioner}.
     * Key: the original record's key. Value: {@link DeadLetter}; the error is also in {@link EventHeaders}.
     */
    public static String dlq(String service) {
        if (service == null || service.isBlank() || !service.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("service name must be lowercase letters, digits and '-': '" + service + "'");
        }
        return DLQ_PREFIX + service;
    }
}
