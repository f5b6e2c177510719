package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedTest {

    @Test
    void theWorkshopNodePoolWithThirtyInflatePodsStopsAtItsCpuLimit(@TempDir Path dir) throws Exception {
        String manifest = java.nio.file.Files.readString(Path.of("../demo/nodepool-default.yaml"))
            .replace("${CLUSTER_NAME}", "kafkarpenter-demo");
        String[] docs = manifest.split("(?m)^---\\s*$");
        var inflate = Workloads.inflate();
        inflate.getSpec().setReplicas(30);

        Simulated.Decision d = Simulated.decide(docs[0], docs[1], List.of(inflate), dir);

        assertThat(d.nodeClaims()).isPositive();
        assertThat(d.unschedulable()).isPositive().isLessThan(30);
        assertThat(d.costPerHour()).isPositive();
    }
}
