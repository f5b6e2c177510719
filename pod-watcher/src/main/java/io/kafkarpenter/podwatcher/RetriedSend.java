package io.kafkarpenter.podwatcher;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * A send on a channel retried until the broker acknowledges it, with exponential backoff between attempts (Mutiny's
 * retry) for as long as it takes, unless what it carries stops being current (a newer state superseded it): then it
 * stops before its next attempt. DESIGN.md "Delivery".
 */
record RetriedSend(Duration initialDelay, Duration maxDelay) {

    RetriedSend(PodWatcherConfig.SendRetry config) {
        this(config.initialDelay(), config.maxDelay());
    }

    /**
     * Completes with true once acknowledged, false when superseded; never fails on a send failure (each one is
     * passed to {@code onFailure} and retried).
     */
    Uni<Boolean> send(Supplier<Uni<Void>> attempt, BooleanSupplier current, Consumer<Throwable> onFailure) {
        return Uni.createFrom().deferred(() -> current.getAsBoolean()
                ? attempt.get().replaceWith(true)
                : Uni.createFrom().item(false))
            .onFailure().invoke(onFailure)
            .onFailure().retry().withBackOff(initialDelay, maxDelay).indefinitely();
    }
}
