package io.kafkarpenter.sandbox.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CreateFleet's request and result, parsed from and written to the wire by {@link Ec2Api}. */
final class FleetModel {
    private FleetModel() {
    }

    record LaunchTemplateRef(String id, String name, String version) {
    }

    record Override(String instanceType, String subnetId, String availabilityZone, Double priority, String maxPrice,
                    Double weightedCapacity, String imageId) {
    }

    record Config(LaunchTemplateRef launchTemplate, List<Override> overrides) {
    }

    record Request(
            String type,
            List<Config> configs,
            int totalTargetCapacity,
            Integer onDemandTargetCapacity,
            Integer spotTargetCapacity,
            String defaultTargetCapacityType,
            String onDemandAllocationStrategy,
            String spotAllocationStrategy,
            Map<String, Map<String, String>> tagsByResourceType,
            String clientToken) {

        int onDemandCount() {
            if (onDemandTargetCapacity != null) {
                return Math.min(onDemandTargetCapacity, totalTargetCapacity);
            }
            if (Faults.SPOT.equals(defaultTargetCapacityType)) {
                return spotTargetCapacity == null ? 0 : Math.max(0, totalTargetCapacity - spotTargetCapacity);
            }
            return totalTargetCapacity - (spotTargetCapacity == null ? 0 : Math.min(spotTargetCapacity, totalTargetCapacity));
        }

        int spotCount() {
            return totalTargetCapacity - onDemandCount();
        }
    }

    /** One {@code fleetInstanceSet} item: instances launched from the same override and market. */
    record Launched(LaunchTemplateRef launchTemplate, Override override, String lifecycle, String instanceType,
                    List<String> instanceIds) {
    }

    /** One {@code errorSet} item. */
    record Error(LaunchTemplateRef launchTemplate, Override override, String lifecycle, String code, String message) {
    }

    record Result(String fleetId, List<Launched> instances, List<Error> errors) {
        Result {
            instances = new ArrayList<>(instances);
            errors = new ArrayList<>(errors);
        }
    }
}
