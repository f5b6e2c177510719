package io.kafkarpenter.model.pods;

import java.util.List;

/** One {@code matchExpressions} entry of a label selector: operator In, NotIn, Exists or DoesNotExist. */
public record LabelSelectorRequirement(String key, String operator, List<String> values) {
    public LabelSelectorRequirement {
        Fields.requiredText(key, "key");
        Fields.requiredText(operator, "operator");
        values = Fields.list(values);
    }
}
