package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's example files stay readable, and a typo in a state file is an error naming the field. */
class ExampleFilesTest {

    @Test
    void theExampleStateFileOverridesSomeDefaultsAndKeepsTheOthers() {
        Ec2SimulatorConfig config = Ec2SimulatorConfig.fromFile(Path.of("examples/state.yaml"));

        assertThat(config.clusterName()).isEqualTo("kafkarpenter-demo");
        assertThat(config.discoveryTagValue()).isEqualTo("kafkarpenter-demo");
        assertThat(config.pendingDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.spotPrices()).containsEntry("m5.large/us-east-1a", 0.031);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.clock()).isNotNull();
        assertThat(config.publicSubnets()).isTrue();
        assertThat(config.discoveryTags()).isTrue();
        assertThat(config.nodeRoles()).containsExactly("KarpenterNodeRole-kafkarpenter-demo");
        assertThat(config.requestLimits().isEnabled()).isFalse();
        assertThat(config.requestLimits().chargesFleetInstances()).isFalse();
    }

    @Test
    void theDefaultNodeRoleFollowsTheClusterNameAndSurvivesACopy() {
        Ec2SimulatorConfig config = Ec2SimulatorConfig.builder().clusterName("a").build();

        assertThat(config.nodeRoles()).containsExactly("KarpenterNodeRole-a");
        assertThat(config.toBuilder().clusterName("b").build().nodeRoles()).containsExactly("KarpenterNodeRole-b");
        assertThat(config.toBuilder().nodeRoles(java.util.List.of("R")).build().toBuilder().build().nodeRoles()).containsExactly("R");
        Ec2SimulatorConfig flags = config.toBuilder().publicSubnets(false).discoveryTags(false).build().toBuilder().build();
        assertThat(flags.publicSubnets()).isFalse();
        assertThat(flags.discoveryTags()).isFalse();
    }

    @Test
    void theExampleFaultsFileParses() {
        FaultsSpec spec = FaultsSpec.fromFile(Path.of("examples/faults-ice.yaml"));

        assertThat(spec.insufficientCapacity()).hasSize(2);
        assertThat(spec.poolCapacity()).singleElement().satisfies(p -> assertThat(p.available()).isEqualTo(2));
        assertThat(spec.throttle().actions()).containsExactly("CreateFleet");
    }

    @Test
    void anUnknownFieldIsRefusedByName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state.yaml");
        Files.writeString(file, "clusterNmae: oops\n");

        assertThatThrownBy(() -> Ec2SimulatorConfig.fromFile(file)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("clusterNmae");
    }
}
