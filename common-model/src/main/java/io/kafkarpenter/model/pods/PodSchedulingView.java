package io.kafkarpenter.model.pods;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the provisioner needs to place one pending pod, copied from the Pod as plain, JSON-friendly
 * values (Kubernetes field names and string enums, quantities as Kubernetes strings). No arithmetic and no
 * interpretation happens here: effective requests, requirement algebra and topology live in the domain.
 * See {@code common-model/docs/CONTRACTS.md} for the design.
 *
 * <p>Required: namespace, name, uid, resources (may be {@link PodResources#NONE}), createdAt. Everything else is
 * optional; collections are never null (empty when absent), {@code owner}, {@code priority},
 * {@code priorityClassName} may be null.
 *
 * @param owner         the controlling workload (Deployment behind a ReplicaSet when it can be told), null for a bare pod
 * @param nodeSelector  {@code spec.nodeSelector}
 * @param nodeAffinity  required (OR-ed terms) and preferred node affinity
 * @param podAffinity     required/preferred pod affinity terms
 * @param podAntiAffinity required/preferred pod anti-affinity terms
 * @param hostPorts     host ports of all containers (init and sidecar containers included)
 * @param volumeClaims  PVCs the pod mounts, with their zone needs once resolved
 * @param resourceClaims names of DRA resource claims (Karpenter skips such pods by default)
 * @param doNotDisrupt  annotation {@code karpenter.sh/do-not-disrupt: "true"} (a duration value stays in annotations)
 * @param createdAt     {@code metadata.creationTimestamp} (queue order tie-break)
 */
public record PodSchedulingView(
        String namespace,
        String name,
        String uid,
        WorkloadRef owner,
        Map<String, String> labels,
        Map<String, String> annotations,
        PodResources resources,
        Map<String, String> nodeSelector,
        NodeAffinity nodeAffinity,
        List<TolerationSpec> tolerations,
        List<TopologySpreadConstraint> topologySpreadConstraints,
        PodAffinityRules podAffinity,
        PodAffinityRules podAntiAffinity,
        List<HostPortSpec> hostPorts,
        List<VolumeClaim> volumeClaims,
        List<String> resourceClaims,
        Integer priority,
        String priorityClassName,
        String schedulerName,
        boolean doNotDisrupt,
        Instant createdAt) {

    public static final String DO_NOT_DISRUPT_ANNOTATION = "karpenter.sh/do-not-disrupt";
    public static final String DEFAULT_SCHEDULER = "default-scheduler";

    public PodSchedulingView {
        Fields.requiredText(namespace, "namespace");
        Fields.requiredText(name, "name");
        Fields.requiredText(uid, "uid");
        Fields.required(resources, "resources");
        Fields.required(createdAt, "createdAt");
        labels = Fields.map(labels);
        annotations = Fields.map(annotations);
        nodeSelector = Fields.map(nodeSelector);
        nodeAffinity = nodeAffinity == null ? NodeAffinity.NONE : nodeAffinity;
        tolerations = Fields.list(tolerations);
        topologySpreadConstraints = Fields.list(topologySpreadConstraints);
        podAffinity = podAffinity == null ? PodAffinityRules.NONE : podAffinity;
        podAntiAffinity = podAntiAffinity == null ? PodAffinityRules.NONE : podAntiAffinity;
        hostPorts = Fields.list(hostPorts);
        volumeClaims = Fields.list(volumeClaims);
        resourceClaims = Fields.list(resourceClaims);
        schedulerName = Fields.orDefault(schedulerName, DEFAULT_SCHEDULER);
    }

    public PodRef ref() {
        return new PodRef(namespace, name, uid);
    }

    /**
     * Groups the pods of one workload: {@code <namespace>/<kind>/<name>} of the owner, or {@code <namespace>/Pod/<name>}
     * for a bare pod. Used to partition {@code kk.pods.pending} so a workload's pods meet in one provisioner replica.
     */
    public String workloadKey() {
        return owner == null ? namespace + "/Pod/" + name : namespace + "/" + owner.kind() + "/" + owner.name();
    }

    /** True when every PVC's zone needs are known (or the pod has no PVC). */
    public boolean volumesResolved() {
        return volumeClaims.stream().allMatch(VolumeClaim::resolved);
    }

    /** The same view with the given volume claims (e.g. after their topology was resolved). */
    public PodSchedulingView withVolumeClaims(List<VolumeClaim> claims) {
        return new PodSchedulingView(namespace, name, uid, owner, labels, annotations, resources, nodeSelector, nodeAffinity,
                tolerations, topologySpreadConstraints, podAffinity, podAntiAffinity, hostPorts, claims, resourceClaims,
                priority, priorityClassName, schedulerName, doNotDisrupt, createdAt);
    }
}
