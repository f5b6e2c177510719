package io.kafkarpenter.sandbox.ec2;

import java.util.concurrent.atomic.AtomicLong;

/**
 * EC2-shaped resource ids ({@code i-0f3a...} with 17 hex digits, {@code fleet-<uuid>}), deterministic per simulator:
 * a counter scrambled by SplitMix64 so they look like EC2's and never repeat.
 */
final class Ids {
    private final AtomicLong counter = new AtomicLong();

    String next(String prefix) {
        long n = mix(counter.incrementAndGet());
        String hex = String.format("%016x", n);
        return prefix + "-0" + hex;
    }

    String nextUuid(String prefix) {
        String a = String.format("%016x", mix(counter.incrementAndGet()));
        String b = String.format("%016x", mix(counter.incrementAndGet()));
        return prefix + "-" + a.substring(0, 8) + "-" + a.substring(8, 12) + "-" + a.substring(12, 16) + "-"
                + b.substring(0, 4) + "-" + b.substring(4, 16);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** EC2's id shape: prefix, dash, 8 or 17 lower-case hex digits. */
    static boolean isWellFormed(String id, String prefix) {
        return id != null && id.matches(java.util.regex.Pattern.quote(prefix) + "-([0-9a-f]{8}|[0-9a-f]{17})");
    }
}
