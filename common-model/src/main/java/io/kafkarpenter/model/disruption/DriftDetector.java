package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a node has drifted from its NodePool or EC2NodeClass, and why (karpenter-core reference §5.6,
 * karpenter-aws §4.4). Checked in Karpenter's order; the first reason found is the node's:
 * <ol>
 *   <li>{@code NodePoolDrifted}: the NodePool's {@code karpenter.sh/nodepool-hash} differs from the node's, under the
 *       same hash version;</li>
 *   <li>{@code RequirementsDrifted}: the NodePool's requirements no longer admit the node's labels;</li>
 *   <li>{@code InstanceTypeNotFound}: for nodes older than an hour, the instance type is gone from the NodePool's
 *       types, or none of its offerings matches the node's zone and capacity type;</li>
 *   <li>EC2NodeClass: {@code AMIDrift}, {@code SubnetDrift}, {@code SecurityGroupDrift}, {@code NodeClassDrift}
 *       (the class's {@code karpenter.k8s.aws/ec2nodeclass-hash} differs, same version).</li>
 * </ol>
 * A fact missing on either side (no hash, no status, no AMI recorded) compares as equal.
 */
final class DriftDetector {

    /** Karpenter checks InstanceTypeNotFound only for NodeClaims at least this old. */
    static final Duration INSTANCE_TYPE_GRACE = Duration.ofHours(1);

    private DriftDetector() {
    }

    /** The drift reason, or null when the node has not drifted. */
    static String driftReason(ClusterNode node, DisruptionPolicy policy, NodePoolTemplate template,
            NodeClassState nodeClass, Instant now) {
        if (hashDiffers(policy.annotations(), node.annotations(), ClusterNode.NODEPOOL_HASH,
                ClusterNode.NODEPOOL_HASH_VERSION)) {
            return "NodePoolDrifted";
        }
        Requirements labels = Requirements.fromLabels(node.labels());
        // keys a provider always labels nodes with count as matching when the node does not state them
        if (!labels.compatible(policy.requirements(), Labels.WELL_KNOWN)) {
            return "RequirementsDrifted";
        }
        if (template != null && instanceTypeGone(node, template, now)) {
            return "InstanceTypeNotFound";
        }
        if (nodeClass != null) {
            return nodeClassDrift(node, nodeClass);
        }
        return null;
    }

    /** Both sides carry a hash, their versions agree (or both are absent), and the hashes differ. */
    static boolean hashDiffers(Map<String, String> owner, Map<String, String> node, String hashKey, String versionKey) {
        String ownerHash = owner.get(hashKey);
        String nodeHash = node.get(hashKey);
        if (ownerHash == null || nodeHash == null) {
            return false;
        }
        if (!Objects.equals(owner.get(versionKey), node.get(versionKey))) {
            return false; // a hash-version bump rewrites NodeClaim hashes instead of drifting every node
        }
        return !ownerHash.equals(nodeHash);
    }

    private static boolean instanceTypeGone(ClusterNode node, NodePoolTemplate template, Instant now) {
        String typeName = node.instanceType();
        if (typeName == null || node.createdAt() == null || node.createdAt().plus(INSTANCE_TYPE_GRACE).isAfter(now)) {
            return false;
        }
        for (InstanceType t : template.instanceTypes()) {
            if (t.name().equals(typeName)) {
                for (Offering o : t.offerings()) {
                    if (offeringMatches(o, node)) {
                        return false;
                    }
                }
                return true;
            }
        }
        return true;
    }

    /** Zone and capacity type as labelled (a reserved node also accepts on-demand offerings); unknown = any. */
    private static boolean offeringMatches(Offering o, ClusterNode node) {
        String zone = node.zone();
        if (zone != null && !zone.equals(o.zone())) {
            return false;
        }
        String ct = node.capacityType();
        return ct == null || ct.equals(o.capacityType())
                || (Labels.CAPACITY_TYPE_RESERVED.equals(ct) && Labels.CAPACITY_TYPE_ON_DEMAND.equals(o.capacityType()));
    }

    private static String nodeClassDrift(ClusterNode node, NodeClassState nc) {
        ClusterNode.Instance instance = node.instance();
        if (instance != null) {
            if (instance.imageId() != null && nc.amis() != null && !amiStillSelected(instance.imageId(), node, nc)) {
                return "AMIDrift";
            }
            if (instance.subnetId() != null && nc.subnets() != null && !nc.subnets().contains(instance.subnetId())) {
                return "SubnetDrift";
            }
            if (instance.securityGroups() != null && nc.securityGroups() != null
                    && !instance.securityGroups().equals(nc.securityGroups())) {
                return "SecurityGroupDrift";
            }
        }
        if (hashDiffers(nc.annotations(), node.annotations(), NodeClassState.HASH, NodeClassState.HASH_VERSION)) {
            return "NodeClassDrift";
        }
        return null;
    }

    /**
     * The node's AMI is the one the class resolves now for an instance type like the node's: the first AMI of the
     * status (newest first) whose requirements the node's labels meet. No AMI meeting them: nothing to compare.
     * A label the node lacks meets only DoesNotExist/NotIn (as the launcher picks AMIs, {@code StatusAmis}): a plain
     * x86 node has no {@code instance-accelerator-count} label, so the neuron AMI ({@code Exists}) is not its AMI.
     */
    private static boolean amiStillSelected(String imageId, ClusterNode node, NodeClassState nc) {
        for (NodeClassState.Ami ami : nc.amis()) {
            if (ami.requirements() == null || ami.requirements().matchesLabels(node.labels())) {
                return ami.id().equals(imageId);
            }
        }
        return true;
    }
}
