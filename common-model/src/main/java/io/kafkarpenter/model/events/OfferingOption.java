package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.Fields;

/**
 * Where and how an instance type can be bought: zone, capacity type ({@code on-demand}, {@code spot},
 * {@code reserved}), price in USD per hour, and whether it is available now (not marked insufficient capacity).
 * {@code reservationId} is set for reserved offerings only.
 */
public record OfferingOption(String zone, String capacityType, double price, boolean available, String reservationId) {
    public OfferingOption {
        Fields.requiredText(zone, "zone");
        Fields.requiredText(capacityType, "capacityType");
    }

    public static OfferingOption of(String zone, String capacityType, double price) {
        return new OfferingOption(zone, capacityType, price, true, null);
    }
}
