package io.kafkarpenter.model.pods;

import java.util.List;

/**
 * A pod (anti-)affinity term. Namespaces: the pod's own when both {@code namespaces} is empty and
 * {@code namespaceSelector} is null; an empty (non-null) namespaceSelector selects all namespaces.
 */
public record PodAffinityTerm(
        LabelSelector labelSelector,
        List<String> namespaces,
        LabelSelector namespaceSelector,
        String topologyKey,
        List<String> matchLabelKeys,
        List<String> mismatchLabelKeys) {

    public PodAffinityTerm {
        Fields.requiredText(topologyKey, "topologyKey");
        namespaces = Fields.list(namespaces);
        matchLabelKeys = Fields.list(matchLabelKeys);
        mismatchLabelKeys = Fields.list(mismatchLabelKeys);
    }
}
