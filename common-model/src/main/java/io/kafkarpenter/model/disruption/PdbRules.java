package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PodDisruptionBudgets as Karpenter's candidate filter reads them (karpenter-core reference §5.14): an evictable pod
 * selected by more than one PDB blocks its node (the Eviction API refuses it); one whose PDB allows no disruption
 * blocks it too, unless the PDB's {@code unhealthyPodEvictionPolicy} is AlwaysAllow and the pod is not Ready.
 */
final class PdbRules {

    private final Map<String, List<PodDisruptionBudget>> byNamespace = new HashMap<>();
    private final Map<PodDisruptionBudget, Integer> allowed = new HashMap<>();

    PdbRules(List<PodDisruptionBudget> pdbs, List<ClusterNode> nodes) {
        for (PodDisruptionBudget pdb : pdbs) {
            byNamespace.computeIfAbsent(pdb.namespace(), k -> new ArrayList<>()).add(pdb);
        }
        Map<PodDisruptionBudget, int[]> counts = new HashMap<>(); // selected, healthy
        for (ClusterNode n : nodes) {
            for (BoundPod p : n.pods()) {
                if (!p.active()) {
                    continue;
                }
                for (PodDisruptionBudget pdb : matching(p)) {
                    int[] c = counts.computeIfAbsent(pdb, k -> new int[2]);
                    c[0]++;
                    if (p.ready()) {
                        c[1]++;
                    }
                }
            }
        }
        for (PodDisruptionBudget pdb : pdbs) {
            int[] c = counts.getOrDefault(pdb, new int[2]);
            allowed.put(pdb, pdb.disruptionsAllowed() != null ? pdb.disruptionsAllowed() : computeAllowed(pdb, c[0], c[1]));
        }
    }

    /** Kubernetes' disruption controller: healthy pods beyond the desired healthy count (never negative). */
    static int computeAllowed(PodDisruptionBudget pdb, int expected, int healthy) {
        int desired;
        if (pdb.minAvailable() != null) {
            desired = DisruptionBudget.scaled(pdb.minAvailable(), expected);
        } else if (pdb.maxUnavailable() != null) {
            desired = expected - DisruptionBudget.scaled(pdb.maxUnavailable(), expected);
        } else {
            return Integer.MAX_VALUE;
        }
        return Math.max(0, healthy - desired);
    }

    List<PodDisruptionBudget> matching(BoundPod p) {
        List<PodDisruptionBudget> out = new ArrayList<>();
        for (PodDisruptionBudget pdb : byNamespace.getOrDefault(p.pod().namespace(), List.of())) {
            if (pdb.selector() != null && pdb.selector().matches(p.pod().labels())) {
                out.add(pdb);
            }
        }
        return out;
    }

    /** Why evicting this pod is refused now, or null. */
    ReasonMessage blocks(BoundPod p) {
        if (!PodRules.evictable(p)) {
            return null;
        }
        List<PodDisruptionBudget> pdbs = matching(p);
        if (pdbs.size() > 1) {
            return Reason.MULTIPLE_PDBS.format(p.key());
        }
        for (PodDisruptionBudget pdb : pdbs) {
            if (allowed.get(pdb) == 0) {
                if (PodDisruptionBudget.ALWAYS_ALLOW.equals(pdb.unhealthyPodEvictionPolicy()) && !p.ready()) {
                    continue;
                }
                return Reason.PDB_BLOCKS.format(pdb.key(), p.key());
            }
        }
        return null;
    }

    /** Whether a PDB that never allows an eviction (maxUnavailable 0, minAvailable 100%) selects the pod. */
    boolean fullyBlocked(BoundPod p) {
        for (PodDisruptionBudget pdb : matching(p)) {
            if (pdb.fullyBlocking()) {
                return true;
            }
        }
        return false;
    }
}
