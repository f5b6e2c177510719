package io.kafkarpenter.sandbox.kube.controllers;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods a ReplicaSet deletes when it has too many, in the ReplicaSet controller's order: pods not yet on a
 * node first, then pods on the nodes that hold most of its replicas, then the newest.
 */
final class SurplusPods {

    /** The {@code count} pods of {@code active} to delete. */
    static List<Pod> pick(List<Pod> active, int count) {
        if (count <= 0) {
            return List.of();
        }
        Map<String, Long> perNode = new HashMap<>();
        active.forEach(p -> {
            if (nodeOf(p) != null) {
                perNode.merge(nodeOf(p), 1L, Long::sum);
            }
        });
        List<Pod> ranked = new ArrayList<>(active);
        ranked.sort(Comparator
                .comparing((Pod p) -> nodeOf(p) != null)
                .thenComparing((Pod p) -> -perNode.getOrDefault(nodeOf(p), 0L))
                .thenComparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()), Comparator.reverseOrder()));
        return List.copyOf(ranked.subList(0, Math.min(count, ranked.size())));
    }

    private static String nodeOf(Pod p) {
        String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
        return node == null || node.isEmpty() ? null : node;
    }

    private SurplusPods() {
    }
}
