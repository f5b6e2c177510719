package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EC2's token buckets (aws-apis.md §5) on a hand-moved clock: sizes by category, refill, resource buckets. */
class RequestLimitsTest {
    private final MutableClock clock = MutableClock.startingAt("2026-12-07T10:00:00Z");

    private RequestLimits limits(String yaml) {
        return new RequestLimits(clock, RequestLimitsSpec.fromYaml(yaml));
    }

    private static QueryRequest call(String action, String... params) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("Action", action);
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        return QueryRequest.of(map);
    }

    private static QueryRequest fleet(int instances) {
        return call("CreateFleet", "TargetCapacitySpecification.TotalTargetCapacity", Integer.toString(instances));
    }

    private static QueryRequest terminate(int instances) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("Action", "TerminateInstances");
        for (int i = 1; i <= instances; i++) {
            map.put("InstanceId." + i, "i-" + i);
        }
        return QueryRequest.of(map);
    }

    /** How many of {@code n} calls in a row (the clock standing still) are let through. */
    private static int admitted(RequestLimits limits, QueryRequest request, int n) {
        int ok = 0;
        for (int i = 0; i < n; i++) {
            if (limits.admit(request.string("Action"), request) == null) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void offByDefaultNothingIsThrottledButCallsAreCounted() {
        RequestLimits limits = new RequestLimits(clock, RequestLimitsSpec.disabled());

        assertThat(admitted(limits, fleet(1), 500)).isEqualTo(500);
        assertThat(limits.report().calls()).containsEntry("CreateFleet", 500L);
        assertThat(limits.report().throttled()).isEmpty();
        assertThat(limits.report().enabled()).isFalse();
    }

    @Test
    void createFleetHasTheMutatingBucketBurstOf50ThenFivePerSecond() {
        RequestLimits limits = new RequestLimits(clock, RequestLimitsSpec.awsDefaults());

        assertThat(admitted(limits, fleet(1), 60)).isEqualTo(50);
        Ec2Error error = limits.admit("CreateFleet", fleet(1));
        assertThat(error).isNotNull();
        assertThat(error.httpStatus()).isEqualTo(503);
        assertThat(error.code()).isEqualTo("RequestLimitExceeded");
        assertThat(error.getMessage()).isEqualTo("Request limit exceeded.");

        clock.advance(Duration.ofSeconds(1));
        assertThat(admitted(limits, fleet(1), 10)).isEqualTo(5);
        clock.advance(Duration.ofMillis(400));
        assertThat(admitted(limits, fleet(1), 10)).as("2 tokens in 0.4 s").isEqualTo(2);
        clock.advance(Duration.ofHours(1));
        assertThat(admitted(limits, fleet(1), 100)).as("refilled up to the cap only").isEqualTo(50);

        assertThat(limits.report().calls()).containsEntry("CreateFleet", 181L);
        assertThat(limits.report().throttled()).containsEntry("CreateFleet", 181L - 50 - 5 - 2 - 50);
    }

    @Test
    void eachActionHasItsOwnBucketSizedByCategory() {
        assertThat(RequestLimits.defaultBucket("DescribeSubnets")).isEqualTo(new RequestLimitsSpec.Bucket(100, 20));
        assertThat(RequestLimits.defaultBucket("DescribeInstanceTypes")).isEqualTo(new RequestLimitsSpec.Bucket(100, 20));
        assertThat(RequestLimits.defaultBucket("DescribeInstances/unfiltered")).isEqualTo(new RequestLimitsSpec.Bucket(50, 10));
        assertThat(RequestLimits.defaultBucket("CreateFleet")).isEqualTo(new RequestLimitsSpec.Bucket(50, 5));
        assertThat(RequestLimits.defaultBucket("CreateLaunchTemplate")).isEqualTo(new RequestLimitsSpec.Bucket(50, 5));
        assertThat(RequestLimits.defaultBucket("DeleteLaunchTemplate")).isEqualTo(new RequestLimitsSpec.Bucket(50, 5));
        assertThat(RequestLimits.defaultBucket("RunInstances")).isEqualTo(new RequestLimitsSpec.Bucket(5, 2));
        assertThat(RequestLimits.defaultBucket("TerminateInstances")).isEqualTo(new RequestLimitsSpec.Bucket(100, 5));
        assertThat(RequestLimits.defaultBucket("CreateTags")).isEqualTo(new RequestLimitsSpec.Bucket(100, 10));
        assertThat(RequestLimits.defaultBucket("DeleteTags")).isEqualTo(new RequestLimitsSpec.Bucket(100, 10));
        assertThat(RequestLimits.defaultBucket("RunInstances/instances")).isEqualTo(new RequestLimitsSpec.Bucket(1000, 2));
        assertThat(RequestLimits.defaultBucket("TerminateInstances/instances")).isEqualTo(new RequestLimitsSpec.Bucket(1000, 20));

        RequestLimits limits = new RequestLimits(clock, RequestLimitsSpec.awsDefaults());
        assertThat(admitted(limits, fleet(1), 50)).isEqualTo(50);
        assertThat(admitted(limits, call("CreateLaunchTemplate"), 60)).as("another action, another bucket").isEqualTo(50);
        assertThat(admitted(limits, call("DescribeSubnets"), 150)).isEqualTo(100);
    }

    @Test
    void describeInstancesWithoutFilterAndPaginationDrawsOnTheSmallerUnfilteredBucket() {
        RequestLimits limits = new RequestLimits(clock, RequestLimitsSpec.awsDefaults());
        QueryRequest unfiltered = call("DescribeInstances");
        QueryRequest byId = call("DescribeInstances", "InstanceId.1", "i-1");
        QueryRequest filtered = call("DescribeInstances", "Filter.1.Name", "tag-key", "Filter.1.Value.1", "karpenter.sh/nodepool");
        QueryRequest paginated = call("DescribeInstances", "MaxResults", "1000");

        assertThat(RequestLimits.requestBucket("DescribeInstances", unfiltered)).isEqualTo("DescribeInstances/unfiltered");
        assertThat(RequestLimits.requestBucket("DescribeInstances", byId)).as("ids are neither a filter nor pagination")
                .isEqualTo("DescribeInstances/unfiltered");
        assertThat(RequestLimits.requestBucket("DescribeInstances", filtered)).isEqualTo("DescribeInstances");
        assertThat(RequestLimits.requestBucket("DescribeInstances", paginated)).isEqualTo("DescribeInstances");
        assertThat(RequestLimits.requestBucket("DescribeSubnets", call("DescribeSubnets"))).isEqualTo("DescribeSubnets");

        assertThat(admitted(limits, unfiltered, 60)).isEqualTo(50);
        assertThat(admitted(limits, filtered, 60)).as("the filtered calls still have their 100").isEqualTo(60);
    }

    @Test
    void terminateInstancesAlsoTakesOneTokenPerInstanceFromTheResourceBucket() {
        RequestLimits limits = limits("{enabled: true, buckets: {TerminateInstances/instances: {max: 10, refillPerSecond: 1}}}");

        assertThat(limits.admit("TerminateInstances", terminate(6))).isNull();
        assertThat(limits.admit("TerminateInstances", terminate(6))).as("4 instance tokens left").isNotNull();
        assertThat(limits.admit("TerminateInstances", terminate(4))).as("the throttled call took nothing").isNull();
        clock.advance(Duration.ofSeconds(3));
        assertThat(limits.admit("TerminateInstances", terminate(4))).isNotNull();
        assertThat(limits.admit("TerminateInstances", terminate(3))).isNull();
        assertThat(limits.report().throttled()).containsEntry("TerminateInstances", 2L);
    }

    @Test
    void createFleetInstancesDrawOnTheRunInstancesResourceBucketOnlyWhenCharged() {
        RequestLimits uncharged = new RequestLimits(clock, RequestLimitsSpec.awsDefaults());
        assertThat(admitted(uncharged, fleet(1000), 10)).isEqualTo(10);

        RequestLimits charged = limits("{enabled: true, chargeFleetInstances: true}");
        assertThat(charged.admit("CreateFleet", fleet(600))).isNull();
        assertThat(charged.admit("CreateFleet", fleet(600))).as("400 instance tokens left").isNotNull();
        clock.advance(Duration.ofSeconds(100));
        assertThat(charged.admit("CreateFleet", fleet(600))).as("400 + 100 s x 2").isNull();
        assertThat(charged.report().chargeFleetInstances()).isTrue();
    }

    @Test
    void overridesReplaceEc2sSizesAndApplyingAgainRefillsButKeepsTheCounts() {
        RequestLimits limits = limits("{enabled: true, buckets: {CreateFleet: {max: 2, refillPerSecond: 0}}}");
        assertThat(admitted(limits, fleet(1), 5)).isEqualTo(2);
        clock.advance(Duration.ofHours(1));
        assertThat(admitted(limits, fleet(1), 5)).as("no refill").isZero();

        limits.apply(limits.spec());
        assertThat(admitted(limits, fleet(1), 5)).isEqualTo(2);
        assertThat(limits.report().calls()).containsEntry("CreateFleet", 15L);
        assertThat(limits.report().throttled()).containsEntry("CreateFleet", 11L);

        limits.apply(null);
        assertThat(admitted(limits, fleet(1), 5)).as("off again").isEqualTo(5);
    }

    @Test
    void theAnswerTimesOfEachActionAreRemembered() {
        RequestLimits limits = new RequestLimits(clock, RequestLimitsSpec.awsDefaults());
        java.time.Instant first = clock.instant();
        limits.answered("CreateFleet");
        clock.advance(Duration.ofSeconds(7));
        limits.answered("CreateFleet");

        assertThat(limits.report().firstAnswered()).containsEntry("CreateFleet", first);
        assertThat(limits.report().lastAnswered()).containsEntry("CreateFleet", first.plusSeconds(7));
    }

    @Test
    void theStateFileKeyAndTheReportDocumentParse() throws Exception {
        Ec2SimulatorConfig config = Ec2SimulatorConfig.yaml().readValue("""
                requestLimits: {enabled: true, buckets: {CreateFleet: {max: 50, refillPerSecond: 5}}, chargeFleetInstances: false}
                """, Ec2SimulatorConfig.class);
        assertThat(config.requestLimits().isEnabled()).isTrue();
        assertThat(config.requestLimits().buckets()).containsEntry("CreateFleet", new RequestLimitsSpec.Bucket(50, 5));
        assertThat(Ec2SimulatorConfig.defaults().requestLimits().isEnabled()).isFalse();

        // what GET /_sim/request-limits answers can be put back as it is
        RequestLimitsSpec again = RequestLimitsSpec.fromYaml("""
                {"enabled": true, "buckets": {}, "chargeFleetInstances": true, "calls": {"CreateFleet": 3},
                 "throttled": {}, "firstAnswered": {}, "lastAnswered": {}}
                """);
        assertThat(again.isEnabled()).isTrue();
        assertThat(again.chargesFleetInstances()).isTrue();

        assertThatThrownBy(() -> RequestLimitsSpec.fromYaml("{enabled: true, buckets: {CreateFleet: {max: -1, refillPerSecond: 5}}}"))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("max >= 0");
        assertThatThrownBy(() -> RequestLimitsSpec.fromYaml("{enabeld: true}"))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("enabeld");
    }
}
