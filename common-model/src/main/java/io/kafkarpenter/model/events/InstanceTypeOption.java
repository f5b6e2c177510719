package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.Fields;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/** One instance type a NodeClaim may launch as, with the offerings compatible with the NodeClaim's requirements. */
public record InstanceTypeOption(String name, List<OfferingOption> offerings) {
    /** The order {@link NodeClaimLaunch#instanceTypes()} uses: cheapest available offering first, types without one last, then by name. */
    public static final Comparator<InstanceTypeOption> CHEAPEST_FIRST = Comparator
            .comparingDouble((InstanceTypeOption o) -> o.cheapestAvailablePrice().orElse(Double.MAX_VALUE))
            .thenComparing(InstanceTypeOption::name);

    public InstanceTypeOption {
        Fields.requiredText(name, "name");
        offerings = Fields.list(offerings);
    }

    /** Price of the cheapest available offering, empty if none is available. */
    public OptionalDouble cheapestAvailablePrice() {
        return offerings.stream().filter(OfferingOption::available).mapToDouble(OfferingOption::price).min();
    }
}
