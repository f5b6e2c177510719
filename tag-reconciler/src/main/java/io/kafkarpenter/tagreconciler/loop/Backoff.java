package io.kafkarpenter.tagreconciler.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Per piece of work ({@code discovery}, {@code nodeclass/<name>}), when it may be tried again after failures:
 * {@code base} doubled per consecutive failure up to {@code max}; a success resets it. Failed work is never dropped,
 * only delayed. Not thread-safe: the loop's tick is its only caller.
 */
final class Backoff {

    private record State(int failures, Instant notBefore) {
    }

    private final Duration base;
    private final Duration max;
    private final Map<String, State> states = new HashMap<>();

    Backoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    boolean ready(String key, Instant now) {
        State s = states.get(key);
        return s == null || !now.isBefore(s.notBefore());
    }

    /** Records a failure; returns when the work may run again. */
    Instant failed(String key, Instant now) {
        State old = states.get(key);
        int failures = old == null ? 1 : old.failures() + 1;
        long millis = base.toMillis() << Math.min(failures - 1, 20);
        Duration delay = Duration.ofMillis(Math.min(millis, max.toMillis()));
        State s = new State(failures, now.plus(delay));
        states.put(key, s);
        return s.notBefore();
    }

    void succeeded(String key) {
        states.remove(key);
    }

    int failures(String key) {
        State s = states.get(key);
        return s == null ? 0 : s.failures();
    }
}
