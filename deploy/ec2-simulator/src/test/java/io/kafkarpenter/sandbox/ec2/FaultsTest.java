package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private final MutableClock clock = MutableClock.startingAt("2026-11-27T10:00:00Z");
    private final Faults faults = new Faults(clock);

    @Test
    void faultsDocumentsResolveAnchorsAliasesAndMergeKeysAndRefuseAliasBombs() {
        FaultsSpec spec = FaultsSpec.fromYaml("""
                insufficientCapacity:
                  - &pool {instanceType: m5.large, zone: &zone us-east-1a, capacityType: spot}
                  - <<: *pool
                    capacityType: on-demand
                poolCapacity:
                  - {instanceType: c5.large, zone: *zone, available: 2}
                """);
        assertThat(spec.insufficientCapacity()).hasSize(2);
        assertThat(spec.insufficientCapacity().get(1).instanceType()).isEqualTo("m5.large");
        assertThat(spec.insufficientCapacity().get(1).zone()).isEqualTo("us-east-1a");
        assertThat(spec.insufficientCapacity().get(1).capacityType()).isEqualTo("on-demand");
        assertThat(spec.poolCapacity().get(0).zone()).isEqualTo("us-east-1a");

        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FaultsSpec.fromYaml(bomb.toString()))
                .hasMessageContaining("alias bomb");
    }

    @Test
    void insufficientCapacityPoolsUseWildcards() {
        faults.insufficientCapacity("m5.large", null, "spot");

        assertThat(faults.isInsufficient("m5.large", "us-east-1c", "spot")).isTrue();
        assertThat(faults.isInsufficient("m5.large", "us-east-1c", "on-demand")).isFalse();
        assertThat(faults.isInsufficient("c5.large", "us-east-1c", "spot")).isFalse();
    }

    @Test
    void limitedPoolsRunOut() {
        faults.poolCapacity(null, "us-east-1a", null, 2);

        assertThat(faults.takeFromLimitedPools("m5.large", "us-east-1a", "spot")).isTrue();
        assertThat(faults.takeFromLimitedPools("c5.large", "us-east-1a", "on-demand")).isTrue();
        assertThat(faults.takeFromLimitedPools("c5.large", "us-east-1a", "on-demand")).isFalse();
        assertThat(faults.takeFromLimitedPools("c5.large", "us-east-1b", "on-demand")).isTrue();
    }

    @Test
    void theRequestRateRefillsWithTheClock() {
        faults.throttleRate(2.0);

        assertThat(faults.beforeHandling("DescribeInstances")).isNull();
        assertThat(faults.beforeHandling("DescribeInstances")).isNull();
        assertThat(faults.beforeHandling("DescribeInstances")).satisfies(e -> assertThat(e.code()).isEqualTo("RequestLimitExceeded"));
        clock.advance(Duration.ofMillis(500));
        assertThat(faults.beforeHandling("DescribeInstances")).isNull();
    }

    @Test
    void throttlingCountsOnlyTheNamedActions() {
        faults.throttleNext(1, "CreateFleet");

        assertThat(faults.beforeHandling("DescribeInstances")).isNull();
        assertThat(faults.beforeHandling("CreateFleet")).satisfies(e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(faults.beforeHandling("CreateFleet")).isNull();
    }

    @Test
    void aSpecRoundTripsAndResetClearsEverything() {
        FaultsSpec spec = FaultsSpec.fromYaml("""
                insufficientCapacity: [{instanceType: m5.large}]
                poolCapacity: [{zone: us-east-1a, available: 3}]
                throttle: {calls: 2, actions: [CreateFleet]}
                latency: PT0.01S
                onDemandVcpuQuota: 64
                maxInstancesPerFleet: 1
                failures: [{action: DescribeInstances, code: InternalError, status: 500, calls: 2}]
                """);

        faults.apply(spec);

        assertThat(faults.spec().poolCapacity()).singleElement().satisfies(p -> assertThat(p.available()).isEqualTo(3));
        assertThat(faults.spec().throttle().calls()).isEqualTo(2);
        assertThat(faults.latencyFor("CreateFleet")).isEqualTo(Duration.ofMillis(10));
        assertThat(faults.vcpuQuota("on-demand")).isEqualTo(64);
        assertThat(faults.beforeHandling("DescribeInstances")).satisfies(e -> assertThat(e.httpStatus()).isEqualTo(500));
        faults.reset();
        assertThat(faults.isInsufficient("m5.large", "us-east-1a", "on-demand")).isFalse();
        assertThat(faults.beforeHandling("DescribeInstances")).isNull();
        assertThat(faults.maxInstancesPerFleet()).isNull();
    }
}
