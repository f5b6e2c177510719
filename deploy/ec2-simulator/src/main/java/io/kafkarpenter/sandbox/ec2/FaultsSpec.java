package io.kafkarpenter.sandbox.ec2;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Faults as data, for a YAML/JSON file ({@code --faults FILE}) or {@code PUT /_sim/faults}. Every field is optional.
 * <pre>
 * insufficientCapacity:            # pools that answer InsufficientInstanceCapacity (omitted field = any)
 *   - {instanceType: m5.large, zone: us-east-1a, capacityType: on-demand}
 * poolCapacity:                    # pools with only this many more instances, then InsufficientInstanceCapacity
 *   - {instanceType: c5.large, zone: us-east-1b, capacityType: spot, available: 2}
 * throttle: {calls: 3, actions: [CreateFleet]}   # the next N calls (of these actions; all when empty) get RequestLimitExceeded
 * requestsPerSecond: 20            # token bucket over all calls; beyond it RequestLimitExceeded
 * latency: PT0.05S                 # added to every call
 * actionLatency: {CreateFleet: PT1S}
 * onDemandVcpuQuota: 64            # vCPUs of live on-demand instances; beyond it VcpuLimitExceeded
 * spotVcpuQuota: 32                # same for spot; beyond it MaxSpotInstanceCountExceeded
 * maxInstancesPerFleet: 1          # partial fleets: a CreateFleet launches at most this many, the rest UnfulfillableCapacity
 * failures:                        # any action, any error, for N calls
 *   - {action: DescribeInstances, code: InternalError, status: 500, calls: 2}
 * spotInterruptionsPerHour: 0.5    # each running spot instance gets a spot interruption warning at this rate (Poisson)
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultsSpec(
        List<Pool> insufficientCapacity,
        List<Pool> poolCapacity,
        Throttle throttle,
        Double requestsPerSecond,
        Duration latency,
        Map<String, Duration> actionLatency,
        Integer onDemandVcpuQuota,
        Integer spotVcpuQuota,
        Integer maxInstancesPerFleet,
        List<Failure> failures,
        Double spotInterruptionsPerHour) {

    /** A capacity pool; null fields match anything. {@code available} is only used by {@code poolCapacity}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pool(String instanceType, String zone, String capacityType, Integer available) {
    }

    public record Throttle(int calls, List<String> actions) {
    }

    public record Failure(String action, String code, Integer status, String message, Integer calls) {
    }

    public static FaultsSpec fromFile(Path file) {
        try {
            return Ec2SimulatorConfig.readYaml(java.nio.file.Files.readString(file), FaultsSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read faults file " + file + ": " + e.getMessage(), e);
        }
    }

    public static FaultsSpec fromYaml(String yamlOrJson) {
        try {
            return Ec2SimulatorConfig.readYaml(yamlOrJson, FaultsSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException("invalid faults document: " + e.getMessage(), e);
        }
    }
}
