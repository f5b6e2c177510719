package io.kafkarpenter.launcher;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.service.metrics.Histograms;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The launcher's metrics. Karpenter's names, types and labels where the meaning is the same (v1.14; Prometheus adds
 * {@code _total} to counters and {@code _seconds} to timers), each counted here only:
 * {@code karpenter_nodeclaims_created_total{reason,nodepool,min_values_relaxed}} (the launcher creates NodeClaims),
 * {@code karpenter_nodeclaims_terminated_total{nodepool,capacity_type,zone}} (NodeClaim finalizer removed),
 * {@code karpenter_nodeclaims_disrupted_total{reason,nodepool,capacity_type}} (the launcher is the one that deletes),
 * {@code karpenter_nodes_created_total{nodepool,zone}} (registration), {@code karpenter_nodes_terminated_total{nodepool,zone}}
 * (Node finalizer removed), {@code karpenter_cloudprovider_errors_total{controller,method,provider,error}},
 * {@code karpenter_cloudprovider_batcher_batch_size{batcher}} and {@code karpenter_cloudprovider_batcher_batch_time_seconds{batcher}}
 * (the CreateFleet batcher, {@code batcher="create_fleet"}); and the
 * launcher's own {@code kafkarpenter_launcher_launch_requests_total{outcome}}, {@code kafkarpenter_launcher_unavailable_offerings_total},
 * {@code kafkarpenter_launcher_transient_failures_total{source}} (handlings retried in place) and the histogram
 * {@code kafkarpenter_launcher_launch_request_age_seconds} (how old a launch decision was when the launcher took it up: the
 * backlog in time; the backlog in records is the Kafka binder's
 * {@code kafka_consumer_fetch_manager_records_lag_max{client_id="kafka-consumer-nodeclaims-launch"}}).
 * The list of names, types, labels and owners is {@code deploy/metrics/metrics.txt}.
 */
@ApplicationScoped
public class LauncherMetrics {

    private final MeterRegistry registry;
    /** Karpenter's batch-size buckets (karpenter-observability §1.0, SIZE). */
    static final double[] BATCH_SIZE = {1, 2, 4, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 125, 150, 175, 200,
        225, 250, 275, 300, 350, 400, 450, 500, 550, 600, 700, 800, 900, 1000};

    /** Outcomes of {@link #request}: registered at 0 so an alert's increase() sees the first one. */
    static final java.util.List<String> OUTCOMES = java.util.List.of("launched", "failed", "expired", "refused",
        "duplicate");
    /** Failure reasons of the launcher's LAUNCH decisions, registered at 0 for the same reason. */
    static final java.util.List<io.kafkarpenter.model.reasons.Reason> LAUNCH_FAILURES = java.util.List.of(
        io.kafkarpenter.model.reasons.Reason.INSUFFICIENT_CAPACITY, io.kafkarpenter.model.reasons.Reason.QUOTA_EXCEEDED,
        io.kafkarpenter.model.reasons.Reason.THROTTLED, io.kafkarpenter.model.reasons.Reason.UNAUTHORIZED,
        io.kafkarpenter.model.reasons.Reason.NODECLASS_NOT_READY, io.kafkarpenter.model.reasons.Reason.LAUNCH_FAILED,
        io.kafkarpenter.model.reasons.Reason.LAUNCH_TIMEOUT, io.kafkarpenter.model.reasons.Reason.LAUNCH_EXPIRED,
        io.kafkarpenter.model.reasons.Reason.REGISTRATION_TIMEOUT);

    LauncherMetrics(MeterRegistry registry) {
        this.registry = registry;
        OUTCOMES.forEach(o -> registry.counter("kafkarpenter.launcher.launch.requests", "outcome", o));
        // the same meter service-support's ProducedRecords increments when the decision is written
        LAUNCH_FAILURES.forEach(r -> registry.counter("kafkarpenter.decisions", "kind", "LAUNCH", "reason", r.name()));
    }

    /** A NodeClaim was created; reason {@code provisioned} or the replacement's disruption reason. */
    public void nodeClaimCreated(String nodePool, String reason) {
        registry.counter("karpenter.nodeclaims.created", "reason", reason, "nodepool", nodePool,
            "min_values_relaxed", "false").increment();
    }

    /** A NodeClaim's termination finalizer was removed. */
    public void nodeClaimTerminated(String nodePool, String capacityType, String zone) {
        registry.counter("karpenter.nodeclaims.terminated", "nodepool", nodePool, "capacity_type", blank(capacityType),
            "zone", blank(zone)).increment();
    }

    /** The launcher deleted (or finished deleting) a NodeClaim for this snake_case reason. */
    public void nodeClaimDisrupted(String reason, String nodePool, String capacityType) {
        registry.counter("karpenter.nodeclaims.disrupted", "reason", reason, "nodepool", blank(nodePool),
            "capacity_type", blank(capacityType)).increment();
    }

    /** A Node registered (NodeClaim Registered=True). */
    public void nodeCreated(String nodePool, String zone) {
        registry.counter("karpenter.nodes.created", "nodepool", blank(nodePool), "zone", blank(zone)).increment();
    }

    /** A Node's termination finalizer was removed. */
    public void nodeTerminated(String nodePool, String zone) {
        registry.counter("karpenter.nodes.terminated", "nodepool", blank(nodePool), "zone", blank(zone)).increment();
    }

    /** A Node's termination took this long (deletionTimestamp to finalizer removal); Karpenter's is a summary. */
    public void nodeTerminationDuration(String nodePool, Duration duration) {
        Histograms.timer("karpenter.nodes.termination.duration", Histograms.DUR)
            .description("Node deletionTimestamp to termination finalizer removal")
            .tag("nodepool", blank(nodePool)).register(registry).record(duration.isNegative() ? Duration.ZERO : duration);
    }

    /**
     * Runs one cloud-provider call of the launcher ({@code Create}: CreateFleet, {@code Delete}: TerminateInstances),
     * timed as {@code karpenter_cloudprovider_duration_seconds{controller="launcher",method,provider="aws"}}, failed
     * calls included (as Karpenter's decorator does).
     */
    public <T> T cloudProvider(String method, java.util.function.Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            Histograms.timer("karpenter.cloudprovider.duration", Histograms.DEF)
                .description("Duration of cloud provider method calls")
                .tags("controller", "launcher", "method", method, "provider", "aws").register(registry)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    public void cloudProviderError(String method, String error) {
        registry.counter("karpenter.cloudprovider.errors", "controller", "launcher", "method", method,
            "provider", "aws", "error", error == null ? "unknown" : error).increment();
    }

    public void request(String outcome) {
        registry.counter("kafkarpenter.launcher.launch.requests", "outcome", outcome).increment();
    }

    /** The age of a launch decision when the launcher took it up. */
    public void requestAge(Duration age) {
        Histograms.timer("kafkarpenter.launcher.launch.request.age", Histograms.DUR)
            .description("How old a launch decision was when the launcher took it up (its backlog in time)")
            .register(registry).record(age.isNegative() ? Duration.ZERO : age);
    }

    /** A consumed record's handling failed transiently and is retried in place ({@code TransientRetry}). */
    public void transientFailure(String source) {
        registry.counter("kafkarpenter.launcher.transient.failures", "source", source).increment();
    }

    /**
     * One executed batch of Karpenter's batcher: {@code karpenter_cloudprovider_batcher_batch_size{batcher}} (requests,
     * Karpenter's SIZE buckets) and {@code karpenter_cloudprovider_batcher_batch_time_seconds{batcher}} (how long its
     * window was open, DUR buckets).
     */
    public void batch(String batcher, int size, Duration window) {
        DistributionSummary.builder("karpenter.cloudprovider.batcher.batch.size")
            .description("Size of the request batch per batcher").tag("batcher", batcher)
            .serviceLevelObjectives(BATCH_SIZE).register(registry).record(size);
        Histograms.timer("karpenter.cloudprovider.batcher.batch.time", Histograms.DUR)
            .description("Duration of the batching window per batcher").tag("batcher", batcher)
            .register(registry).record(window.isNegative() ? Duration.ZERO : window);
    }

    public void unavailableOffering() {
        registry.counter("kafkarpenter.launcher.unavailable.offerings").increment();
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }
}
