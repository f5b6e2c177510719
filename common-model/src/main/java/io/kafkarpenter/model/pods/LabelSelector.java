package io.kafkarpenter.model.pods;

import java.util.List;
import java.util.Map;

/**
 * A Kubernetes label selector ({@code matchLabels} AND {@code matchExpressions}). An empty selector matches
 * everything, as in Kubernetes; a {@code null} selector (where a field allows it) matches nothing.
 */
public record LabelSelector(Map<String, String> matchLabels, List<LabelSelectorRequirement> matchExpressions) {
    public LabelSelector {
        matchLabels = Fields.map(matchLabels);
        matchExpressions = Fields.list(matchExpressions);
    }

    public static LabelSelector matchLabels(Map<String, String> labels) {
        return new LabelSelector(labels, List.of());
    }

    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }
}
