package io.kafkarpenter.service.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * A send on a channel retried until the broker acknowledges it, with exponential backoff between attempts (Mutiny's
 * retry) for as long as it takes, unless what it carries stops being current (a newer state superseded it): then it
 * stops before its next attempt. A broker that is down or restarting is a transient failure: what a service sends is
 * not dropped because of it (pod-watcher DESIGN.md "Delivery"; the provisioner's launch decisions).
 */
public record RetriedSend(Duration initialDelay, Duration maxDelay) {

    /** 200 ms doubling to 30 s (with Mutiny's jitter), as the launcher's retry of a consumed record. */
    public static final RetriedSend DEFAULT = new RetriedSend(Duration.ofMillis(200), Duration.ofSeconds(30));

    /**
     * Completes with true once acknowledged, false when superseded; never fails on a send failure (each one is
     * passed to {@code onFailure} and retried).
     */
    public Uni<Boolean> send(Supplier<Uni<Void>> attempt, BooleanSupplier current, Consumer<Throwable> onFailure) {
        return Uni.createFrom().deferred(() -> current.getAsBoolean()
                ? attempt.get().replaceWith(true)
                : Uni.createFrom().item(false))
            .onFailure().invoke(onFailure)
            .onFailure().retry().withBackOff(initialDelay, maxDelay).indefinitely();
    }
}
