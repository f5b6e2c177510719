package io.kafkarpenter.model.scheduling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The universe of topology domains per key, each with the taint sets of the NodePools (or nodes) that offer it, so
 * that a spread constraint with {@code nodeTaintsPolicy: Honor} only considers domains the pod can tolerate
 * (Karpenter's TopologyDomainGroup). A domain offered without taints is open to every pod.
 */
final class Domains {

    private final Map<String, TreeMap<String, List<List<Taint>>>> byKey = new HashMap<>();

    void insert(String key, String domain, List<Taint> taints) {
        TreeMap<String, List<List<Taint>>> domains = byKey.computeIfAbsent(key, k -> new TreeMap<>());
        List<List<Taint>> sets = domains.get(domain);
        if (sets == null || taints.isEmpty()) {
            List<List<Taint>> fresh = new ArrayList<>();
            fresh.add(List.copyOf(taints));
            domains.put(domain, fresh);
        } else if (!sets.get(0).isEmpty()) {
            sets.add(List.copyOf(taints));
        }
    }

    void forEach(String key, Consumer<String> f) {
        TreeMap<String, List<List<Taint>>> domains = byKey.get(key);
        if (domains != null) {
            domains.keySet().forEach(f);
        }
    }

    /** Domains offered by at least one NodePool or node whose taints the tolerations tolerate. */
    void forEachTolerated(String key, List<Toleration> tolerations, Consumer<String> f) {
        TreeMap<String, List<List<Taint>>> domains = byKey.get(key);
        if (domains == null) {
            return;
        }
        for (Map.Entry<String, List<List<Taint>>> e : domains.entrySet()) {
            for (List<Taint> taints : e.getValue()) {
                if (Toleration.firstUntolerated(taints, tolerations) == null) {
                    f.accept(e.getKey());
                    break;
                }
            }
        }
    }
}
