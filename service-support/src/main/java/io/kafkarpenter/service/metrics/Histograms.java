package io.kafkarpenter.service.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.DoubleStream;

import io.micrometer.core.instrument.Timer;

/**
 * Karpenter's histogram bucket sets (karpenter-observability §1.0) and Micrometer timers that use them, so that
 * Prometheus exports {@code <name>_seconds_bucket{le=…}} histograms with Karpenter's bounds instead of summaries.
 * Micrometer also exports a {@code <name>_seconds_max} gauge next to each timer; Karpenter has none (an accepted extra).
 */
public final class Histograms {

    /** {@code metrics.DurationBuckets()}: 45 bounds, 5 ms … 600 s. */
    public static final double[] DUR = {0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5,
        0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
        120, 150, 300, 450, 600};

    /** Prometheus' default buckets. */
    public static final double[] DEF = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private Histograms() {
    }

    /** {@code prometheus.ExponentialBuckets(start, factor, count)}: start·factor^i for i in [0, count). */
    public static double[] exp(double start, double factor, int count) {
        if (start <= 0 || factor <= 1 || count < 1) {
            throw new IllegalArgumentException("exp(" + start + ", " + factor + ", " + count + ")");
        }
        return DoubleStream.iterate(start, b -> b * factor).limit(count).toArray();
    }

    /** A timer exported as a Prometheus histogram with exactly these bucket bounds (seconds). */
    public static Timer.Builder timer(String name, double[] bucketsSeconds) {
        Duration[] slos = Arrays.stream(bucketsSeconds).mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9)))
            .toArray(Duration[]::new);
        return Timer.builder(name).serviceLevelObjectives(slos);
    }
}
