package io.kafkarpenter.model.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.fixtures.NodeClassFixtures;
import io.kafkarpenter.model.inputs.StatusAmis.StatusAmi;

class StatusAmisTest {

    private static EC2NodeClass nodeClass() {
        EC2NodeClass nc = new EC2NodeClass();
        nc.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("default").withGeneration(3L).build());
        return nc;
    }

    @Test
    void eachInstanceTypeGetsTheFirstStatusAmiItsLabelsMeetSoGpuTypesAreGroupedOnTheNvidiaAmi() {
        EC2NodeClass nc = NodeClassFixtures.status()
            .ami(NodeClassFixtures.standardAmi("ami-std-amd", "amd64"))
            .ami(NodeClassFixtures.standardAmi("ami-std-arm", "arm64"))
            .ami(NodeClassFixtures.nvidiaAmi("ami-gpu-amd", "amd64"))
            .applyTo(nodeClass());
        List<StatusAmi> amis = StatusAmis.of(nc);

        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        labels.put("c6a.large", Map.of("kubernetes.io/arch", "amd64"));
        labels.put("c7g.large", Map.of("kubernetes.io/arch", "arm64"));
        labels.put("g5.xlarge", Map.of("kubernetes.io/arch", "amd64", NodeClassFixtures.GPU_COUNT, "1"));
        labels.put("g5g.xlarge", Map.of("kubernetes.io/arch", "arm64", NodeClassFixtures.GPU_COUNT, "1"));
        labels.put("inf2.xlarge", Map.of("kubernetes.io/arch", "amd64", NodeClassFixtures.ACCELERATOR_COUNT, "1"));

        assertThat(StatusAmis.byAmi(amis, labels)).containsExactly(
            Map.entry("ami-std-amd", List.of("c6a.large")),
            Map.entry("ami-std-arm", List.of("c7g.large")),
            Map.entry("ami-gpu-amd", List.of("g5.xlarge")));
        assertThat(StatusAmis.forLabels(amis, labels.get("g5g.xlarge"))).as("no arm64 NVIDIA AMI in status").isEmpty();
        assertThat(StatusAmis.forLabels(amis, labels.get("inf2.xlarge"))).as("no Neuron AMI in status").isEmpty();
    }

    @Test
    void theFixtureStatusIsReadyForTheClassGenerationAndNotReadyWhenToldSo() {
        assertThat(EC2NodeClassConditions.notReady(NodeClassFixtures.ready(nodeClass()))).isEmpty();
        EC2NodeClass notReady = NodeClassFixtures.status().notReady("SubnetsNotFound", "SubnetSelector did not match any Subnets")
            .applyTo(nodeClass());
        assertThat(EC2NodeClassConditions.notReady(notReady)).contains("Ready=False: SubnetSelector did not match any Subnets");
        assertThat(StatusAmis.of(nodeClass())).isEmpty();
    }
}
