package io.kafkarpenter.tagreconciler.discovery;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.kafkarpenter.model.discovery.DiscoveryPlan;
import io.kafkarpenter.model.discovery.DiscoveryResourceType;
import io.kafkarpenter.model.discovery.DiscoveryVerdict;
import io.kafkarpenter.service.aws.DiscoveryTagWriter.Outcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The discovery-tag metrics (Prometheus names):
 * <ul>
 *   <li>{@code kafkarpenter_tagreconciler_discovery_resources{resource_type,state}}: resources per verdict in the last pass
 *       (state {@code ok_ours}, {@code ok_users}, {@code add}, {@code restore}, {@code conflict}, {@code not_found},
 *       {@code remove}, {@code not_selected}; resource_type {@code cluster}, {@code subnet}, {@code security_group});</li>
 *   <li>{@code kafkarpenter_tagreconciler_discovery_tags_written_total{resource_type,action}}: changes written (action
 *       {@code add}, {@code restore}, {@code remove});</li>
 *   <li>{@code kafkarpenter_tagreconciler_discovery_write_failures_total{resource_type}}: changes AWS refused (not authorized,
 *       not found, tag limit).</li>
 * </ul>
 */
final class DiscoveryMetrics {

    private final MeterRegistry registry;
    private final Map<DiscoveryResourceType, Map<DiscoveryVerdict, AtomicInteger>> resources =
        new EnumMap<>(DiscoveryResourceType.class);
    private final List<Meter> gauges = new ArrayList<>();

    DiscoveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (DiscoveryResourceType type : DiscoveryResourceType.values()) {
            Map<DiscoveryVerdict, AtomicInteger> byState = new EnumMap<>(DiscoveryVerdict.class);
            for (DiscoveryVerdict v : DiscoveryVerdict.values()) {
                AtomicInteger holder = new AtomicInteger();
                gauges.add(Gauge.builder("kafkarpenter.tagreconciler.discovery.resources", holder, AtomicInteger::get)
                    .description("Resources per discovery-tag verdict in the last pass")
                    .tags("resource_type", type.metricValue(), "state", v.metricValue()).register(registry));
                byState.put(v, holder);
            }
            resources.put(type, byState);
        }
    }

    /**
     * Unregisters the gauges (at shutdown): Quarkus hands out the JVM-wide composite registry, where a gauge
     * registered again by a later application in the same JVM (tests) would stay bound to this instance's values.
     */
    void close() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }

    void planned(DiscoveryPlan plan) {
        resources.forEach((type, byState) -> byState.forEach((v, holder) -> holder.set(plan.count(type, v))));
    }

    void outcome(Outcome o) {
        String type = o.resource().type().metricValue();
        switch (o.result()) {
            case WRITTEN -> registry.counter("kafkarpenter.tagreconciler.discovery.tags.written", "resource_type", type,
                "action", o.resource().verdict().metricValue()).increment();
            case FAILED -> registry.counter("kafkarpenter.tagreconciler.discovery.write.failures", "resource_type", type)
                .increment();
            default -> { }
        }
    }
}
