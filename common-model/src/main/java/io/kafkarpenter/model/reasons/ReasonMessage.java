package io.kafkarpenter.model.reasons;

import java.util.Objects;

/** A {@link Reason} with its filled-in, human-readable text. */
public record ReasonMessage(Reason reason, String text) {
    public ReasonMessage {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(text, "text");
    }

    /** {@code CODE: text}, as logs print it. */
    @Override
    public String toString() {
        return reason.code() + ": " + text;
    }
}
