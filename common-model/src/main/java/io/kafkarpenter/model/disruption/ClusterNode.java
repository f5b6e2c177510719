package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.scheduling.ExistingNode;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.scheduling.Taint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node with its NodeClaim, as the disruption loop sees it at one instant.
 *
 * @param nodePool       owning NodePool; null for a node Karpenter does not manage
 * @param labels         node labels (a NodeClaim's are the same); {@code karpenter.sh/initialized=true} on managed nodes
 *                       that finished initialization (see {@code initialized})
 * @param createdAt      when its NodeClaim was created; expiry and (without pod events) consolidateAfter count from it
 * @param annotations    node and NodeClaim annotations: do-not-disrupt, NodePool / EC2NodeClass hashes
 * @param deleting       being deleted already (deletion timestamp, or an earlier command): not a candidate, its pods
 *                       are rescheduled first and it consumes disruption budget
 * @param price          hourly price when known outright; null = the price of its instance type's offering in its
 *                       zone and capacity type
 * @param instance       what the cloud provider launched (AMI, subnet, security groups) for EC2NodeClass drift, or
 *                       null when unknown
 */
public record ClusterNode(String name, String nodePool, Map<String, String> labels, List<Taint> taints,
        ResourceList allocatable, ResourceList capacity, boolean initialized, Instant createdAt,
        Map<String, String> annotations, boolean deleting, Double price, Instance instance, List<BoundPod> pods) {

    public static final String NODEPOOL_HASH = "karpenter.sh/nodepool-hash";
    public static final String NODEPOOL_HASH_VERSION = "karpenter.sh/nodepool-hash-version";

    /** The instance behind the node (null fields: not known). */
    public record Instance(String imageId, String subnetId, Set<String> securityGroups) {
        public Instance {
            securityGroups = securityGroups == null ? null : Set.copyOf(securityGroups);
        }
    }

    public ClusterNode {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        taints = taints == null ? List.of() : List.copyOf(taints);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        pods = pods == null ? List.of() : List.copyOf(pods);
    }

    public boolean managed() {
        return nodePool != null;
    }

    public String instanceType() {
        return labels.get(Labels.INSTANCE_TYPE);
    }

    public String zone() {
        return labels.get(Labels.ZONE);
    }

    public String capacityType() {
        return labels.get(Labels.CAPACITY_TYPE);
    }

    /** The node as the scheduler sees it. */
    public ExistingNode toExistingNode() {
        List<SchedulingPod> scheduling = new ArrayList<>(pods.size());
        for (BoundPod p : pods) {
            scheduling.add(p.pod());
        }
        return new ExistingNode(name, nodePool, labels, taints, allocatable, capacity, initialized, scheduling);
    }

    /**
     * The price of the node's offering (its zone and capacity type, available or not) among these types, or null.
     * When no offering is in its zone (a zone the types do not list), the cheapest of its capacity type elsewhere.
     */
    public Double offeringPrice(List<InstanceType> types) {
        String name = instanceType();
        if (name == null) {
            return null;
        }
        for (InstanceType t : types) {
            if (!t.name().equals(name)) {
                continue;
            }
            Double inZone = null;
            Double anyZone = null;
            for (Offering o : t.offerings()) {
                if (capacityType() != null && !capacityType().equals(o.capacityType())) {
                    continue;
                }
                if ((zone() == null || zone().equals(o.zone())) && (inZone == null || o.price() < inZone)) {
                    inZone = o.price();
                }
                if (anyZone == null || o.price() < anyZone) {
                    anyZone = o.price();
                }
            }
            return inZone != null ? inZone : anyZone;
        }
        return null;
    }
}
