package io.kafkarpenter.model.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.interruption.OwnedInstance;
import io.kafkarpenter.model.interruption.ProviderIds;
import io.kafkarpenter.model.requirements.Labels;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which instances this cluster owns, for {@link io.kafkarpenter.model.interruption.InterruptionDecisions#decide}: as
 * Karpenter's interruption controller, NodeClaims by the instance id in {@code status.providerID} and Nodes by the one
 * in {@code spec.providerID}. A NodeClaim without a provider id (not launched yet) owns nothing.
 */
public final class InterruptionOwners {

    private InterruptionOwners() {
    }

    /** Instance id → its owner, from the NodeClaims and Nodes of the cluster (a cache or a fresh list). */
    public static Map<String, OwnedInstance> of(Collection<NodeClaim> nodeClaims, Collection<Node> nodes) {
        Map<String, Node> nodesByInstance = new HashMap<>();
        for (Node node : nodes) {
            String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
            ProviderIds.instanceId(providerId).ifPresent(id -> nodesByInstance.put(id, node));
        }
        Map<String, OwnedInstance> owners = new LinkedHashMap<>();
        for (NodeClaim claim : nodeClaims) {
            String providerId = claim.getStatus() == null ? null : claim.getStatus().getProviderID();
            Optional<String> instanceId = ProviderIds.instanceId(providerId);
            if (instanceId.isEmpty()) {
                continue;
            }
            Map<String, String> labels = claim.getMetadata().getLabels() == null ? Map.of()
                    : claim.getMetadata().getLabels();
            Node node = nodesByInstance.get(instanceId.get());
            String nodeName = node != null ? node.getMetadata().getName()
                    : claim.getStatus().getNodeName();
            String nodeUid = node != null ? node.getMetadata().getUid() : null;
            owners.put(instanceId.get(), new OwnedInstance(instanceId.get(), claim.getMetadata().getName(),
                    claim.getMetadata().getUid(), labels.get(Labels.NODEPOOL), labels.get(Labels.INSTANCE_TYPE),
                    labels.get(Labels.ZONE), labels.get(Labels.CAPACITY_TYPE), nodeName, nodeUid,
                    claim.getMetadata().getDeletionTimestamp() != null));
        }
        return owners;
    }
}
