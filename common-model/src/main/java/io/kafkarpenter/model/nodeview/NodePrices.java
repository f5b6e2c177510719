package io.kafkarpenter.model.nodeview;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.requirements.Labels;

/**
 * Price per hour of an instance type and capacity type. The built-in catalog has on-demand prices only, so spot (and
 * reserved) capacity is priced as on-demand unless spot prices are given.
 */
public final class NodePrices {

    private static volatile NodePrices builtIn;

    private final Map<String, Double> onDemand;
    private final Map<String, Double> spot;

    private NodePrices(Map<String, Double> onDemand, Map<String, Double> spot) {
        this.onDemand = Map.copyOf(onDemand);
        this.spot = Map.copyOf(spot);
    }

    /** On-demand prices of the built-in us-east-1 catalog ({@link BuiltInCatalog#AWS_US_EAST_1}). */
    public static NodePrices builtIn() {
        NodePrices p = builtIn;
        if (p == null) {
            p = of(BuiltInCatalog.load(BuiltInCatalog.AWS_US_EAST_1));
            builtIn = p;
        }
        return p;
    }

    /** On-demand prices of catalog entries. */
    public static NodePrices of(Iterable<CatalogEntry> entries) {
        Map<String, Double> onDemand = new HashMap<>();
        entries.forEach(e -> onDemand.put(e.name(), e.onDemandPriceUSD()));
        return new NodePrices(onDemand, Map.of());
    }

    /** Given prices: {instance type: USD per hour}; spot may be empty (then spot is priced as on-demand). */
    public static NodePrices of(Map<String, Double> onDemand, Map<String, Double> spot) {
        return new NodePrices(onDemand, spot);
    }

    /** USD per hour, empty for an unknown (or null) instance type. */
    public OptionalDouble perHour(String instanceType, String capacityType) {
        if (instanceType == null) {
            return OptionalDouble.empty();
        }
        Double price = Labels.CAPACITY_TYPE_SPOT.equals(capacityType) ? spot.get(instanceType) : null;
        if (price == null) {
            price = onDemand.get(instanceType);
        }
        return price == null ? OptionalDouble.empty() : OptionalDouble.of(price);
    }
}
