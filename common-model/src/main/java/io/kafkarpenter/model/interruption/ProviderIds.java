package io.kafkarpenter.model.interruption;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The EC2 instance id inside a Kubernetes provider id, as Karpenter's {@code utils.ParseInstanceID}. */
public final class ProviderIds {

    private static final Pattern AWS = Pattern.compile("aws:///(?<zone>[^/]+)/(?<instance>[^/]+)");

    private ProviderIds() {
    }

    /** {@code aws:///us-west-2a/i-0abc} → {@code i-0abc}; empty for null, blank or any other form. */
    public static Optional<String> instanceId(String providerId) {
        if (providerId == null) {
            return Optional.empty();
        }
        Matcher m = AWS.matcher(providerId.trim());
        return m.matches() ? Optional.of(m.group("instance")) : Optional.empty();
    }
}
