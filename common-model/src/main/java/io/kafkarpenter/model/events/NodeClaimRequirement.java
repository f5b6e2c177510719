package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.Fields;

import java.util.List;

/**
 * A NodeClaim requirement as Karpenter writes it ({@code NodeSelectorRequirementWithMinValues}):
 * operator In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte, Lte; {@code minValues} null when unset.
 */
public record NodeClaimRequirement(String key, String operator, List<String> values, Integer minValues) {
    public NodeClaimRequirement {
        Fields.requiredText(key, "key");
        Fields.requiredText(operator, "operator");
        values = Fields.list(values);
    }

    public static NodeClaimRequirement in(String key, String... values) {
        return new NodeClaimRequirement(key, "In", List.of(values), null);
    }
}
