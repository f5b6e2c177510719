package io.kafkarpenter.sandbox.ec2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * EC2's request limits as data: the state file's {@code requestLimits} key, {@code PUT /_sim/request-limits} and
 * {@code --request-limits} (= {@link #awsDefaults()}). Off unless {@code enabled}.
 * <pre>
 * requestLimits:
 *   enabled: true                  # false (default): no call is ever throttled by these buckets
 *   buckets:                       # overrides of EC2's sizes, by bucket name (an action, or one of the names below)
 *     CreateFleet: {max: 50, refillPerSecond: 5}
 *     DescribeInstances/unfiltered: {max: 50, refillPerSecond: 10}
 *     RunInstances/instances: {max: 1000, refillPerSecond: 2}      # resource-rate bucket, tokens = instances
 *     TerminateInstances/instances: {max: 1000, refillPerSecond: 20}
 *   chargeFleetInstances: false    # true: CreateFleet's TotalTargetCapacity also draws on RunInstances/instances
 * </pre>
 * A document read back from {@code GET /_sim/request-limits} (with its {@code calls}, {@code throttled},
 * {@code firstAnswered} and {@code lastAnswered}) can be put back as it is: those fields are ignored.
 *
 * @param enabled              the buckets apply
 * @param buckets              bucket sizes that replace EC2's (see {@link RequestLimits#defaultBucket})
 * @param chargeFleetInstances EC2's page does not say whether CreateFleet's instances draw on the RunInstances
 *                             resource bucket: false (default) no, true yes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = {"calls", "throttled", "firstAnswered", "lastAnswered"}, allowGetters = true)
public record RequestLimitsSpec(Boolean enabled, Map<String, Bucket> buckets, Boolean chargeFleetInstances) {

    /** A token bucket's size: {@code max} tokens, refilled at {@code refillPerSecond}. */
    public record Bucket(double max, double refillPerSecond) {
        public Bucket {
            if (!(max >= 0) || !(refillPerSecond >= 0)) {
                throw new IllegalArgumentException("a request-limit bucket needs max >= 0 and refillPerSecond >= 0, was "
                        + max + "/" + refillPerSecond);
            }
        }
    }

    public RequestLimitsSpec {
        buckets = buckets == null ? Map.of() : Map.copyOf(new TreeMap<>(buckets));
    }

    public boolean isEnabled() {
        return Boolean.TRUE.equals(enabled);
    }

    public boolean chargesFleetInstances() {
        return Boolean.TRUE.equals(chargeFleetInstances);
    }

    /** No limits (the simulator's default). */
    public static RequestLimitsSpec disabled() {
        return new RequestLimitsSpec(false, Map.of(), false);
    }

    /** EC2's documented sizes, nothing overridden, CreateFleet's instances not charged. */
    public static RequestLimitsSpec awsDefaults() {
        return new RequestLimitsSpec(true, Map.of(), false);
    }

    public static RequestLimitsSpec fromYaml(String yamlOrJson) {
        try {
            RequestLimitsSpec spec = Ec2SimulatorConfig.readYaml(yamlOrJson, RequestLimitsSpec.class);
            return spec == null ? disabled() : spec;
        } catch (IOException e) {
            throw new UncheckedIOException("invalid request-limits document: " + e.getMessage(), e);
        }
    }
}
