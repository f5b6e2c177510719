package io.kafkarpenter.consolidator;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.consolidator.commands.CommandRecords;
import io.kafkarpenter.model.disruption.DisruptionCommand;
import io.kafkarpenter.model.disruption.DisruptionMethod;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The disruption metrics under Karpenter's names (Prometheus adds {@code _total} to counters); the
 * list of names, types, labels and owners is {@code deploy/metrics/metrics.txt}:
 * <ul>
 *   <li>{@code karpenter_voluntary_disruption_decisions_total{decision,reason,consolidation_type}} per emitted command
 *       (decision delete/replace, reason empty/underutilized/drifted/expired, type empty/single/multi or "");</li>
 *   <li>{@code karpenter_voluntary_disruption_decisions_by_nodepool_total{nodepool,decision,reason,consolidation_type}}
 *       the same once per NodePool of the command;</li>
 *   <li>{@code karpenter_voluntary_disruption_eligible_nodes{reason}} nodes eligible in the last pass;</li>
 *   <li>{@code karpenter_nodepools_allowed_disruptions{nodepool,reason}} from the budgets, and
 *       {@code karpenter_nodepools_nodes_consuming_budgets{nodepool,reason}} (nodes being deleted counted against
 *       them);</li>
 *   <li>{@code karpenter_voluntary_disruption_failed_validations_total{consolidation_type}};</li>
 *   <li>{@code karpenter_voluntary_disruption_decision_evaluation_duration_seconds{reason,consolidation_type}} per
 *       method evaluated in a pass (DUR buckets).</li>
 * </ul>
 */
@ApplicationScoped
public class DisruptionMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();

    DisruptionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A command was emitted; {@code poolOfNode} gives each node's NodePool. */
    public void emitted(DisruptionCommand c, Map<String, String> poolOfNode) {
        String reason = reason(c.method());
        String decision = c.decision().name().toLowerCase(Locale.ROOT);
        String type = CommandRecords.consolidationType(c.method());
        registry.counter("karpenter.voluntary.disruption.decisions", "decision", decision, "reason", reason,
            "consolidation_type", type).increment();
        c.nodes().stream().map(node -> poolOfNode.getOrDefault(node, "")).distinct().forEach(pool ->
            registry.counter("karpenter.voluntary.disruption.decisions.by.nodepool", "nodepool", pool, "decision",
                decision, "reason", reason, "consolidation_type", type).increment());
    }

    /** One disruption method's evaluation took {@code nanos} (reason lower-case, consolidation_type as above). */
    public void evaluated(DisruptionMethod method, long nanos) {
        io.kafkarpenter.service.metrics.Histograms.timer(
                "karpenter.voluntary.disruption.decision.evaluation.duration", io.kafkarpenter.service.metrics.Histograms.DUR)
            .description("Duration of one disruption method's evaluation")
            .tags("reason", reason(method), "consolidation_type", CommandRecords.consolidationType(method))
            .register(registry).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void failedValidation(DisruptionMethod method) {
        registry.counter("karpenter.voluntary.disruption.failed.validations", "consolidation_type",
            CommandRecords.consolidationType(method)).increment();
    }

    /** Eligible nodes of the last pass per reason (empty, underutilized, drifted). */
    public void eligible(Map<String, Integer> byReason) {
        byReason.forEach((reason, n) -> gauge("karpenter.voluntary.disruption.eligible.nodes", n, "reason", reason));
    }

    /** Allowed disruptions per NodePool and reason, capitalised as Karpenter labels it (Empty, Drifted, Underutilized). */
    public void allowed(String nodePool, String reason, int allowed) {
        gauge("karpenter.nodepools.allowed.disruptions", allowed, "nodepool", nodePool, "reason", reason);
    }

    /** Nodes counted against a NodePool's budget for a reason (capitalised as above). */
    public void consumingBudget(String nodePool, String reason, int nodes) {
        gauge("karpenter.nodepools.nodes.consuming.budgets", nodes, "nodepool", nodePool, "reason", reason);
    }

    private void gauge(String name, int value, String... tags) {
        String key = name + String.join(",", tags);
        gauges.computeIfAbsent(key, k -> {
            AtomicInteger holder = new AtomicInteger();
            Gauge.builder(name, holder, AtomicInteger::get).tags(tags).register(registry);
            return holder;
        }).set(value);
    }

    static String reason(DisruptionMethod m) {
        return m.reason().name().toLowerCase(Locale.ROOT);
    }

    static Map<String, Integer> zeroes() {
        Map<String, Integer> m = new HashMap<>();
        m.put("empty", 0);
        m.put("underutilized", 0);
        m.put("drifted", 0);
        return m;
    }
}
