package io.kafkarpenter.launcher;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Karpenter's metric names where the meaning is the same (karpenter-core §6); Prometheus adds {@code _total}:
 * {@code karpenter_nodeclaims_created_total{nodepool,reason}}, {@code karpenter_nodeclaims_launched_total{nodepool}},
 * {@code karpenter_nodeclaims_registered_total{nodepool}}, {@code karpenter_nodeclaims_initialized_total{nodepool}},
 * {@code karpenter_nodeclaims_terminated_total{nodepool}}, {@code karpenter_nodeclaims_disrupted_total{nodepool,reason}},
 * {@code karpenter_cloudprovider_errors_total{controller,method,provider,error}}; and the launcher's own
 * {@code kk_launcher_launch_requests_total{outcome}}, {@code kk_launcher_unavailable_offerings_total} and
 * {@code kk_launcher_transient_failures_total{source}} (handlings retried in place),
 * {@code kk_launcher_launch_request_age_seconds} (how old a launch decision was when the launcher took it up: the
 * backlog in time; the backlog in records is the Kafka binder's
 * {@code kafka_consumer_fetch_manager_records_lag_max{client_id="kafka-consumer-nodeclaims-launch"}}).
 */
@ApplicationScoped
public class LauncherMetrics {

    private final MeterRegistry registry;

    LauncherMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void created(String nodePool, String reason) {
        registry.counter("karpenter.nodeclaims.created", "nodepool", nodePool, "reason", reason).increment();
    }

    public void launched(String nodePool) {
        registry.counter("karpenter.nodeclaims.launched", "nodepool", nodePool).increment();
    }

    public void registered(String nodePool) {
        registry.counter("karpenter.nodeclaims.registered", "nodepool", nodePool).increment();
    }

    public void initialized(String nodePool) {
        registry.counter("karpenter.nodeclaims.initialized", "nodepool", nodePool).increment();
    }

    public void terminated(String nodePool) {
        registry.counter("karpenter.nodeclaims.terminated", "nodepool", nodePool).increment();
    }

    public void disrupted(String nodePool, String reason) {
        registry.counter("karpenter.nodeclaims.disrupted", "nodepool", nodePool, "reason", reason).increment();
    }

    public void cloudProviderError(String method, String error) {
        registry.counter("karpenter.cloudprovider.errors", "controller", "launcher", "method", method,
            "provider", "aws", "error", error == null ? "unknown" : error).increment();
    }

    public void request(String outcome) {
        registry.counter("kk.launcher.launch.requests", "outcome", outcome).increment();
    }

    /** The age of a launch decision when the launcher took it up. */
    public void requestAge(java.time.Duration age) {
        Timer.builder("kk.launcher.launch.request.age")
            .description("How old a launch decision was when the launcher took it up (its backlog in time)")
            .publishPercentiles(0.5, 0.99).register(registry).record(age.isNegative() ? java.time.Duration.ZERO : age);
    }

    /** A consumed record's handling failed transiently and is retried in place ({@code TransientRetry}). */
    public void transientFailure(String source) {
        registry.counter("kk.launcher.transient.failures", "source", source).increment();
    }

    public void unavailableOffering() {
        registry.counter("kk.launcher.unavailable.offerings").increment();
    }
}
