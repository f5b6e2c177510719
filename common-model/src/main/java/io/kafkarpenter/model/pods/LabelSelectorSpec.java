package io.kafkarpenter.model.pods;

import java.util.List;
import java.util.Map;

/**
 * A Kubernetes label selector ({@code matchLabels} AND {@code matchExpressions}). An empty selector matches
 * everything, as in Kubernetes; a {@code null} selector (where a field allows it) matches nothing.
 */
public record LabelSelectorSpec(Map<String, String> matchLabels, List<LabelSelectorRequirement> matchExpressions) {
    public LabelSelectorSpec {
        matchLabels = Fields.map(matchLabels);
        matchExpressions = Fields.list(matchExpressions);
    }

    public static LabelSelectorSpec matchLabels(Map<String, String> labels) {
        return new LabelSelectorSpec(labels, List.of());
    }

    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }
}
