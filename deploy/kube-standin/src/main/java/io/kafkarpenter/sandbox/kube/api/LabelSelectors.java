package io.kafkarpenter.sandbox.kube.api;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/** {@code metav1.LabelSelector} matching: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist), ANDed. */
public final class LabelSelectors {

    /** True when {@code selector} selects an object with {@code labels}; an empty selector selects everything. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (var wanted : selector.getMatchLabels().entrySet()) {
                if (!wanted.getValue().equals(actual.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                if (!matches(requirement, actual)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(requirement.getKey());
            case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
            default -> throw new IllegalArgumentException("unknown label selector operator '" + requirement.getOperator()
                    + "' for key " + requirement.getKey());
        };
    }

    private LabelSelectors() {
    }
}
