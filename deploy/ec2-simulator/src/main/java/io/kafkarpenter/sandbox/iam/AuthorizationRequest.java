package io.kafkarpenter.sandbox.iam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One (action, resource) pair IAM authorizes, with its request context: e.g. {@code ec2:TerminateInstances} on
 * {@code arn:aws:ec2:us-east-1:123456789012:instance/i-0abc} with {@code aws:ResourceTag/karpenter.sh/nodepool=[default]}.
 * A call that touches several resources is several requests, all of which must be allowed.
 *
 * @param action      {@code service:Name}, e.g. {@code ec2:CreateFleet}
 * @param resourceArn the resource's ARN, or {@code *} for actions without resource-level permissions
 * @param context     condition keys to their values (multi-valued for {@code aws:TagKeys}); key names are
 *                    case-insensitive (stored lower-cased), values case-sensitive; an absent key or an empty list is
 *                    a missing key
 */
public record AuthorizationRequest(String action, String resourceArn, Map<String, List<String>> context) {
    public AuthorizationRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceArn, "resourceArn");
        Map<String, List<String>> normalized = new LinkedHashMap<>();
        if (context != null) {
            context.forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    normalized.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v), (a, b) -> {
                        List<String> both = new java.util.ArrayList<>(a);
                        both.addAll(b);
                        return List.copyOf(both);
                    });
                }
            });
        }
        context = java.util.Collections.unmodifiableMap(normalized);
    }

    public AuthorizationRequest(String action, String resourceArn) {
        this(action, resourceArn, Map.of());
    }

    /** The values of a condition key (any case), or an empty list when the request does not carry it. */
    public List<String> values(String key) {
        return context.getOrDefault(key.toLowerCase(Locale.ROOT), List.of());
    }
}
