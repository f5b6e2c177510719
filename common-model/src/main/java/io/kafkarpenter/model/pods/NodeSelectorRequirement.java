package io.kafkarpenter.model.pods;

import java.util.List;

/**
 * One node selector expression, as written on the pod: operator In, NotIn, Exists, DoesNotExist, Gt, Lt
 * (Karpenter also accepts Gte, Lte). Operators stay strings so an unsupported one can be reported, not lost.
 */
public record NodeSelectorRequirement(String key, String operator, List<String> values) {
    public NodeSelectorRequirement {
        Fields.requiredText(key, "key");
        Fields.requiredText(operator, "operator");
        values = Fields.list(values);
    }

    public static NodeSelectorRequirement in(String key, String... values) {
        return new NodeSelectorRequirement(key, "In", List.of(values));
    }
}
