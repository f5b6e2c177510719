package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkarpenter.sandbox.iam.IamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code iam} section of the state file, the builder and the Main flags. */
class IamConfigFileTest {
    @Test
    void theStateFileCarriesTheIamSection(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state.yaml");
        Files.writeString(state, """
                clusterName: demo
                iam:
                  enforce: true
                  policies:
                    kafkarpenter-launcher: /abs/deploy/iam/launcher.json
                  adminKeys: [sandbox]
                  variables: {NodeRole: KarpenterNodeRole-demo}
                  usageDir: /tmp/usage
                """);

        IamConfig iam = Ec2SimulatorConfig.fromFile(state).iam();

        assertThat(iam).isEqualTo(new IamConfig(true, Map.of("kafkarpenter-launcher", "/abs/deploy/iam/launcher.json"),
                List.of("sandbox"), Map.of("NodeRole", "KarpenterNodeRole-demo"), "/tmp/usage"));
        assertThat(Ec2SimulatorConfig.fromFile(state).toBuilder().build().iam()).isEqualTo(iam);
    }

    @Test
    void withoutAnIamSectionNothingIsEnforced() {
        assertThat(Ec2SimulatorConfig.defaults().iam()).isEqualTo(IamConfig.disabled());
        assertThat(Ec2SimulatorConfig.defaults().iam().enforce()).isFalse();
    }

    @Test
    void theBuilderEnforcesByDefault() {
        IamConfig iam = IamConfig.builder().policy("kafkarpenter-launcher", Path.of("/x/launcher.json")).adminKeys("sandbox", "AKID")
                .variable("A", "b").usageDir(Path.of("/u")).build();
        assertThat(iam.enforce()).isTrue();
        assertThat(iam.policies()).containsExactly(Map.entry("kafkarpenter-launcher", "/x/launcher.json"));
        assertThat(iam.adminKeys()).containsExactly("sandbox", "AKID");
        assertThat(iam.toBuilder().build()).isEqualTo(iam);
    }

    @Test
    void mainFlagsAddToTheFileAndTurnEnforcementOn() {
        IamConfig fromFile = new IamConfig(false, Map.of("a", "/a.json"), List.of("sandbox"), Map.of("V", "v"), null);
        IamConfig flags = IamConfig.builder().policy("b", Path.of("/b.json")).adminKey("kube-standin").usageDir(Path.of("/u")).build();

        IamConfig merged = Ec2SimulatorMain.merge(fromFile, flags);

        assertThat(merged).isEqualTo(new IamConfig(true, Map.of("a", "/a.json", "b", "/b.json"), List.of("sandbox", "kube-standin"),
                Map.of("V", "v"), "/u"));
    }
}
