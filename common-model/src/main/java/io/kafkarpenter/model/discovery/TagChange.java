package io.kafkarpenter.model.discovery;

import java.util.Map;
import java.util.Objects;

/**
 * One write on one resource: EC2 {@code CreateTags} / EKS {@code TagResource} ({@link Operation#CREATE}) or EC2
 * {@code DeleteTags} with each tag's value, so only that exact value is deleted / EKS {@code UntagResource}
 * ({@link Operation#DELETE}). {@code resourceId} is the subnet or group id, or the cluster ARN.
 */
public record TagChange(DiscoveryResourceType type, String resourceId, Operation operation, Map<String, String> tags) {

    /** Add or overwrite ({@code CREATE}) or delete on exact value ({@code DELETE}). */
    public enum Operation { CREATE, DELETE }

    public TagChange {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(operation, "operation");
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("a tag change needs at least one tag");
        }
    }

    /** {@code k=v, k2=v2} in write order. */
    public String describeTags() {
        StringBuilder out = new StringBuilder();
        tags.forEach((k, v) -> out.append(out.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return out.toString();
    }
}
