package io.kafkarpenter.provisioner;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.events.UnavailableOffering;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Offerings (instance type, zone, capacity type) the launcher found without capacity, from
 * {@code kk.offerings.unavailable}, each until its expiry (Karpenter's AWS ICE cache, 3 minutes by default).
 */
@ApplicationScoped
public class UnavailableOfferings {

    private final Map<String, Instant> expiresAt = new ConcurrentHashMap<>();

    UnavailableOfferings(MeterRegistry registry) {
        Gauge.builder("kafkarpenter.provisioner.unavailable.offerings", expiresAt, Map::size)
            .description("Offerings currently marked unavailable (insufficient capacity)")
            .register(registry);
    }

    public void mark(UnavailableOffering offering) {
        expiresAt.merge(offering.key(), offering.expiresAt(), (a, b) -> a.isAfter(b) ? a : b);
    }

    public boolean isUnavailable(String instanceType, String zone, String capacityType, Instant now) {
        Instant until = expiresAt.get(instanceType + "/" + zone + "/" + capacityType);
        return until != null && now.isBefore(until);
    }

    /** Forgets expired marks. */
    public void expire(Instant now) {
        expiresAt.values().removeIf(until -> !now.isBefore(until));
    }

    public int size() {
        return expiresAt.size();
    }
}
