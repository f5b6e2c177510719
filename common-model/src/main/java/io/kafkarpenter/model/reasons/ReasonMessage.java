package io.kafkarpenter.model.reasons;

import java.util.List;
import java.util.Objects;

/**
 * A {@link Reason} with its filled-in, human-readable text, and the arguments it was filled with (as text; empty when
 * the message was not made by {@link Reason#format}), so that a Kubernetes event can word it as Karpenter does.
 */
public record ReasonMessage(Reason reason, String text, List<String> args) {
    public ReasonMessage {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(text, "text");
        args = args == null ? List.of() : List.copyOf(args);
    }

    public ReasonMessage(Reason reason, String text) {
        this(reason, text, List.of());
    }

    /** Argument {@code i} as text; {@code ?} when there is none. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : "?";
    }

    /** {@code CODE: text}, as logs print it. */
    @Override
    public String toString() {
        return reason.code() + ": " + text;
    }
}
