package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Requirements;

/** The outcome of checking one pod against one claim. */
final class Attempt {
    static final Attempt FULL = new Attempt(null, null, null);
    private final java.util.function.Supplier<ReasonMessage> why;
    private ReasonMessage reason;
    final Requirements requirements;
    final int[] options;

    private Attempt(java.util.function.Supplier<ReasonMessage> why, Requirements requirements, int[] options) {
        this.why = why;
        this.requirements = requirements;
        this.options = options;
    }

    static Attempt fail(ReasonMessage reason) {
        Attempt a = new Attempt(() -> reason, null, null);
        a.reason = reason;
        return a;
    }

    /** A failure whose explanation is only built if someone reads it (most are never read). */
    static Attempt fail(java.util.function.Supplier<ReasonMessage> why) {
        return new Attempt(why, null, null);
    }

    static Attempt ok(Requirements requirements, int[] options) {
        return new Attempt(null, requirements, options);
    }

    boolean ok() {
        return requirements != null;
    }

    ReasonMessage reason() {
        if (reason == null && why != null) {
            reason = why.get();
        }
        return reason;
    }
}
