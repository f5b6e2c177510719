package io.kafkarpenter.cli;

import io.kafkarpenter.model.disruption.BoundPod;
import io.kafkarpenter.model.disruption.ClusterNode;
import io.kafkarpenter.model.disruption.ClusterSnapshot;
import io.kafkarpenter.model.disruption.DisruptionPolicy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DisruptionBenchmarkTest {

    @Test
    void aTinyRunPrintsTheTableAndRemovesNodes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DisruptionBenchmark.run(new String[] {"--sizes=20", "--runs=1"}, print(out), print(err));

        assertThat(code).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(1)).contains("nodes", "pods", "wall ms", "cpu ms", "removed", "replaced", "saves $/h",
                "method", "ff remove", "ff $/h", "ff ms", "load");
        String[] row = lines.get(2).trim().split("\\s+");
        assertThat(row[0]).isEqualTo("20");
        assertThat(Integer.parseInt(row[1])).as("pods").isBetween(200, 600);
        assertThat(Integer.parseInt(row[4])).as("nodes removed").isPositive();
        assertThat(Double.parseDouble(row[6])).as("savings $/h").isPositive();
        assertThat(lines.get(2)).contains("multi-node consolidation");
        assertThat(Integer.parseInt(row[row.length - 4])).as("first-fit removed").isPositive();
    }

    @Test
    void theClusterIsHalfUsedDeploymentPodsOverThreeZonesAndTheSameForTheSameSeed() {
        ClusterSnapshot a = DisruptionBenchCluster.generate(60, 7);
        ClusterSnapshot b = DisruptionBenchCluster.generate(60, 7);

        assertThat(a.nodes()).hasSize(60);
        assertThat(podKeys(a)).isEqualTo(podKeys(b));
        assertThat(podKeys(DisruptionBenchCluster.generate(60, 8))).isNotEqualTo(podKeys(a));
        Set<String> zones = new HashSet<>();
        int pods = 0;
        for (ClusterNode n : a.nodes()) {
            zones.add(n.zone());
            assertThat(DisruptionBenchCluster.NODE_TYPES).contains(n.instanceType());
            assertThat(n.initialized()).isTrue();
            long cpu = 0;
            long memory = 0;
            for (BoundPod p : n.pods()) {
                cpu += p.pod().requests().cpuMilli();
                memory += p.pod().requests().memoryMilli();
                assertThat(p.pod().labels()).containsKeys("app", "pod-template-hash");
            }
            assertThat(cpu).isLessThanOrEqualTo(n.allocatable().cpuMilli() / 2);
            assertThat(memory).isLessThanOrEqualTo(n.allocatable().memoryMilli() / 2);
            pods += n.pods().size();
        }
        assertThat(zones).hasSize(3);
        assertThat(pods / 60.0).as("pods per node").isBetween(15.0, 25.0);
        assertThat(a.pdbs()).hasSize(1);
        DisruptionPolicy policy = a.policies().get(0);
        assertThat(policy.consolidationPolicy())
                .isEqualTo(DisruptionPolicy.ConsolidationPolicy.WhenEmptyOrUnderutilized);
        assertThat(policy.consolidateAfter()).isZero();
        assertThat(policy.budgets().get(0).nodes()).isEqualTo("100%");
        assertThat(a.nodePools().get(0).instanceTypes()).hasSizeGreaterThan(20);
    }

    @Test
    void badOptionsAreUsageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DisruptionBenchmark.run(new String[] {"--runs=0"}, print(new ByteArrayOutputStream()), print(err));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--runs", "usage: kk bench disruption");
    }

    private static List<String> podKeys(ClusterSnapshot s) {
        return s.nodes().stream().flatMap(n -> n.pods().stream().map(p -> n.name() + "/" + p.key())).toList();
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
