package io.kafkarpenter.model.pods;

import java.util.List;

/**
 * {@code requiredDuringSchedulingIgnoredDuringExecution} node selector terms (OR-ed; empty = no requirement)
 * and the preferred terms with their weights.
 */
public record NodeAffinity(List<NodeSelectorTerm> required, List<PreferredSchedulingTerm> preferred) {
    public static final NodeAffinity NONE = new NodeAffinity(List.of(), List.of());

    public NodeAffinity {
        required = Fields.list(required);
        preferred = Fields.list(preferred);
    }

    public boolean isEmpty() {
        return required.isEmpty() && preferred.isEmpty();
    }
}
