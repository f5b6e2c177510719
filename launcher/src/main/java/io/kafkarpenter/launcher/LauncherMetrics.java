package io.kafkarpenter.launcher;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.service.metrics.Histograms;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The launcher's metrics. Karpenter's names, types and labels where the meaning is the same (v1.14; Prometheus adds
 * {@code _total} to counters and {@code _seconds} to timers), each counted here only:
 * {@code karpenter_nodeclaims_created_total{reason,nodepool,min_values_relaxed}} (the launcher creates NodeClaims),
 * {@code karpenter_nodeclaims_terminated_total{nodepool,capacity_type,zone}} (NodeClaim finalizer removed),
 * {@code karpenter_nodeclaims_disrupted_total{reason,nodepool,capacity_type}} (the launcher is the one that deletes),
 * {@code karpenter_nodes_created_total{nodepool,zone}} (registration), {@code karpenter_nodes_terminated_total{nodepool,zone}}
 * (Node finalizer removed), {@code karpenter_cloudprovider_errors_total{controller,method,provider,error}}; and the
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

    LauncherMetrics(MeterRegistry registry) {
        this.registry = registry;
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

    public void unavailableOffering() {
        registry.counter("kafkarpenter.launcher.unavailable.offerings").increment();
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }
}
