package io.kafkarpenter.sandbox.ec2;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spot prices per instance type and zone: a deterministic fraction (25–65 %) of the on-demand price derived from a
 * hash of type and zone, unless overridden (key {@code type/zone} first, then {@code type}).
 */
final class SpotPrices {
    private final Map<String, Double> overrides = new ConcurrentHashMap<>();

    SpotPrices(Map<String, Double> initial) {
        overrides.putAll(initial);
    }

    void override(String instanceType, String zone, double price) {
        overrides.put(zone == null ? instanceType : instanceType + "/" + zone, price);
    }

    double price(CatalogInstanceType type, String zone) {
        Double exact = overrides.get(type.name() + "/" + zone);
        if (exact != null) {
            return exact;
        }
        Double perType = overrides.get(type.name());
        if (perType != null) {
            return perType;
        }
        int bucket = Math.floorMod((type.name() + "@" + zone).hashCode() * 31 + 17, 1000);
        double fraction = 0.25 + 0.40 * bucket / 1000.0;
        return BigDecimal.valueOf(type.onDemandPriceUSD() * fraction).setScale(6, RoundingMode.HALF_UP).doubleValue();
    }

    static String format(double price) {
        return BigDecimal.valueOf(price).setScale(6, RoundingMode.HALF_UP).toPlainString();
    }
}
