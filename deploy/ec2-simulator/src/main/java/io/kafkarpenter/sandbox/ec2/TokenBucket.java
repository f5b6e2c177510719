package io.kafkarpenter.sandbox.ec2;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: starts full with {@code max} tokens (0: every take fails) and refills continuously at {@code refillPerSecond} up to
 * {@code max}, on whatever clock the caller reads ({@link #tryTake} is given the time). Not thread-safe: its owner
 * synchronizes.
 */
final class TokenBucket {
    private final double max;
    private final double refillPerSecond;
    private double tokens;
    private Instant at;

    TokenBucket(double max, double refillPerSecond, Instant now) {
        if (!(max >= 0) || !(refillPerSecond >= 0)) {
            throw new IllegalArgumentException("a bucket needs max >= 0 and refillPerSecond >= 0, was " + max + "/" + refillPerSecond);
        }
        this.max = max;
        this.refillPerSecond = refillPerSecond;
        this.tokens = max;
        this.at = now;
    }

    /** The tokens there are at {@code now} (after refilling). */
    double tokens(Instant now) {
        refill(now);
        return tokens;
    }

    /** Whether {@code n} tokens are there at {@code now}; nothing is taken. */
    boolean has(double n, Instant now) {
        return tokens(now) >= n;
    }

    /** Takes {@code n} tokens when there are that many at {@code now}; false (nothing taken) otherwise. */
    boolean tryTake(double n, Instant now) {
        if (!has(n, now)) {
            return false;
        }
        tokens -= n;
        return true;
    }

    double max() {
        return max;
    }

    double refillPerSecond() {
        return refillPerSecond;
    }

    private void refill(Instant now) {
        double elapsedSeconds = Duration.between(at, now).toNanos() / 1e9;
        if (elapsedSeconds > 0) {
            tokens = Math.min(max, tokens + elapsedSeconds * refillPerSecond);
            at = now;
        }
    }
}
