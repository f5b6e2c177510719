package io.kafkarpenter.consolidator.snapshot;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.kafkarpenter.model.crd.DriftHashes;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.disruption.NodeClassState;
import io.kafkarpenter.model.inputs.StatusAmis;

/**
 * What EC2NodeClass drift compares a node against, from the class itself — nothing is asked of EC2 (the
 * tag-reconciler is the one resolver of selector terms and writes the status):
 * <ul>
 *   <li>its hash: the {@code karpenter.k8s.aws/ec2nodeclass-hash} annotation (and its version) the tag-reconciler keeps
 *       current, else computed as the launcher stamps it ({@link DriftHashes#nodeClass});</li>
 *   <li>its status AMIs with their requirements (AMI drift: a node whose image is not the first status AMI its labels
 *       meet), subnets and security groups — only while the class is Ready
 *       ({@link EC2NodeClassConditions#notReady}) and only lists that are not empty: a status that is not resolved,
 *       stale or empty says nothing about the nodes, and must not drift every one of them (Karpenter sees no drift on
 *       an empty list either).</li>
 * </ul>
 */
public final class NodeClassStates {

    private NodeClassStates() {
    }

    public static NodeClassState of(EC2NodeClass c) {
        Map<String, String> annotations = hashAnnotations(c);
        var status = c.getStatus();
        if (status == null || EC2NodeClassConditions.notReady(c).isPresent()) {
            return new NodeClassState(c.getMetadata().getName(), annotations, null, null, null);
        }
        List<NodeClassState.Ami> amis = StatusAmis.of(c).stream()
            .map(a -> new NodeClassState.Ami(a.id(), a.requirements())).toList();
        Set<String> subnets = status.getSubnets() == null ? Set.of()
            : status.getSubnets().stream().map(s -> s.getId()).filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> groups = status.getSecurityGroups() == null ? Set.of()
            : status.getSecurityGroups().stream().map(s -> s.getId()).filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new NodeClassState(c.getMetadata().getName(), annotations, amis.isEmpty() ? null : amis,
            subnets.isEmpty() ? null : subnets, groups.isEmpty() ? null : groups);
    }

    /** The class's hash annotations when the tag-reconciler wrote them, else the hash computed now. */
    static Map<String, String> hashAnnotations(EC2NodeClass c) {
        Map<String, String> written = c.getMetadata().getAnnotations();
        if (written != null && written.get(DriftHashes.NODECLASS_HASH) != null) {
            String version = written.get(DriftHashes.NODECLASS_HASH_VERSION);
            return version == null ? Map.of(DriftHashes.NODECLASS_HASH, written.get(DriftHashes.NODECLASS_HASH))
                : Map.of(DriftHashes.NODECLASS_HASH, written.get(DriftHashes.NODECLASS_HASH),
                    DriftHashes.NODECLASS_HASH_VERSION, version);
        }
        return Map.of(DriftHashes.NODECLASS_HASH, DriftHashes.nodeClass(c),
            DriftHashes.NODECLASS_HASH_VERSION, DriftHashes.NODECLASS_VERSION);
    }
}
