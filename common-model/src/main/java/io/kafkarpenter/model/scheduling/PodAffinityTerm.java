package io.kafkarpenter.model.scheduling;

import java.util.List;
import java.util.Set;

/**
 * A pod (anti-)affinity term.
 *
 * @param namespaces    the namespaces the term selects pods in; empty = the pod's own namespace
 * @param allNamespaces a namespaceSelector is set (an empty one selects every namespace; a non-empty one cannot be
 *                      evaluated without Namespace objects and is taken as every namespace)
 * @param weight        0 for required terms, 1–100 for preferred ones
 */
public record PodAffinityTerm(String topologyKey, LabelSelector selector, Set<String> namespaces,
        boolean allNamespaces, List<String> matchLabelKeys, List<String> mismatchLabelKeys, int weight) {

    public PodAffinityTerm {
        namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
        matchLabelKeys = matchLabelKeys == null ? List.of() : List.copyOf(matchLabelKeys);
        mismatchLabelKeys = mismatchLabelKeys == null ? List.of() : List.copyOf(mismatchLabelKeys);
    }

    public static PodAffinityTerm of(String key, LabelSelector selector) {
        return new PodAffinityTerm(key, selector, Set.of(), false, List.of(), List.of(), 0);
    }

    public PodAffinityTerm withWeight(int w) {
        return new PodAffinityTerm(topologyKey, selector, namespaces, allNamespaces, matchLabelKeys,
                mismatchLabelKeys, w);
    }
}
