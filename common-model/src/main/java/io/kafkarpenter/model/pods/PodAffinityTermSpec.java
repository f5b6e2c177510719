package io.kafkarpenter.model.pods;

import java.util.List;

/**
 * A pod (anti-)affinity term. Namespaces: the pod's own when both {@code namespaces} is empty and
 * {@code namespaceSelector} is null; an empty (non-null) namespaceSelector selects all namespaces.
 */
public record PodAffinityTermSpec(
        LabelSelectorSpec labelSelector,
        List<String> namespaces,
        LabelSelectorSpec namespaceSelector,
        String topologyKey,
        List<String> matchLabelKeys,
        List<String> mismatchLabelKeys) {

    public PodAffinityTermSpec {
        Fields.requiredText(topologyKey, "topologyKey");
        namespaces = Fields.list(namespaces);
        matchLabelKeys = Fields.list(matchLabelKeys);
        mismatchLabelKeys = Fields.list(mismatchLabelKeys);
    }
}
