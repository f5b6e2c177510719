package io.kafkarpenter.cli.tags;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.crd.AwsTagKeys;
import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.Ec2SimulatorConfig;

/** {@code bin/kk tags check|apply}: output and exit codes against the simulator's untagged workshop layout. */
class TagsCommandIT {

    private static final String C = "demo";

    private Ec2Simulator sim;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        sim = Ec2Simulator.start(Ec2SimulatorConfig.builder().port(0).clusterName(C).discoveryTags(false)
            .instantTransitions().build());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void checkOnTheUntaggedWorkshopWarnsPerSelectedResourceWithTheFixCommandAndExits1() {
        int code = run("tags", "check", "--cluster", C, "--endpoint", sim.endpoint().toString());

        assertThat(code).isEqualTo(1);
        List<String> lines = out().lines().toList();
        String region = " --region us-east-1 --endpoint-url " + sim.endpoint();
        assertThat(lines.get(0)).isEqualTo("⚠️ cluster demo: karpenter.sh/discovery missing");
        assertThat(lines.get(1)).isEqualTo(TagLines.FIX + "aws eks tag-resource --resource-arn " + sim.clusterArn()
            + " --tags karpenter.sh/discovery=demo" + region);
        for (String id : sim.privateSubnetIdsByZone().values()) {
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("⚠️ subnet " + id + " (")
                .endsWith(", private): karpenter.sh/discovery missing"));
            assertThat(lines).contains(TagLines.FIX + "aws ec2 create-tags --resources " + id
                + " --tags Key=karpenter.sh/discovery,Value=demo" + region);
        }
        for (String id : sim.publicSubnetIdsByZone().values()) {
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("➖ subnet " + id + " (")
                .endsWith(", public): not selected"));
        }
        String sg = sim.clusterSecurityGroupId();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("⚠️ security group " + sg + " (")
            .endsWith("cluster security group): karpenter.sh/discovery missing"));
        assertThat(lines).contains(TagLines.FIX + "aws ec2 create-tags --resources " + sg
            + " --tags Key=karpenter.sh/discovery,Value=demo" + region);
        assertThat(lines.get(lines.size() - 1)).isEqualTo(
            "⚠️ 0 of 5 selected resources carry karpenter.sh/discovery=demo (run the commands above, or bin/kk tags apply)");
        assertThat(lines).hasSize(1 + 1 + 3 * 2 + 3 + 2 + 1);
        assertThat(sim.requests("CreateTags")).as("check writes nothing").isEmpty();
    }

    @Test
    void afterTheWorkshopsOwnCommandsCheckIsAllGreenAndExits0() {
        sim.putTag(sim.clusterArn(), AwsTagKeys.DISCOVERY, C);
        sim.privateSubnetIdsByZone().values().forEach(id -> sim.putTag(id, AwsTagKeys.DISCOVERY, C));
        sim.putTag(sim.clusterSecurityGroupId(), AwsTagKeys.DISCOVERY, C);

        int code = run("tags", "check", "--cluster", C, "--endpoint", sim.endpoint().toString());

        assertThat(code).isEqualTo(0);
        assertThat(out()).doesNotContain("⚠️").doesNotContain("fix:");
        assertThat(out().lines().filter(l -> l.startsWith("✅ ")).count()).isEqualTo(6);
        assertThat(out()).contains("✅ cluster demo: karpenter.sh/discovery=demo\n")
            .endsWith("✅ all 5 selected resources carry karpenter.sh/discovery=demo\n");
    }

    @Test
    void applyTagsWhatIsMissingThenCheckPasses() {
        int applied = run("tags", "apply", "--cluster", C, "--endpoint", sim.endpoint().toString());

        assertThat(applied).isEqualTo(0);
        assertThat(out()).contains("✅ added karpenter.sh/discovery=demo, kafkarpenter.io/discovery-tag-owner=demo on"
            + " cluster demo\n").endsWith("✅ changed 5 resources\n");
        assertThat(sim.tags(sim.clusterSecurityGroupId())).containsEntry(AwsTagKeys.DISCOVERY, C)
            .containsEntry(AwsTagKeys.DISCOVERY_MARKER, C);

        assertThat(run("tags", "check", "--cluster", C, "--endpoint", sim.endpoint().toString())).isEqualTo(0);
        assertThat(out()).contains("✅ cluster demo: karpenter.sh/discovery=demo (written by Kafkarpenter)");
        assertThat(run("tags", "apply", "--cluster", C, "--endpoint", sim.endpoint().toString())).isEqualTo(0);
        assertThat(out()).isEqualTo("✅ changed 0 resources (all selected resources already tagged)\n");
    }

    @Test
    void applyDryRunSaysWhatItWouldDoAndWritesNothing() {
        int code = run("tags", "apply", "--dry-run", "--cluster", C, "--endpoint", sim.endpoint().toString());

        assertThat(code).isEqualTo(0);
        assertThat(out()).contains("⚠️ dry run: would add karpenter.sh/discovery=demo,"
            + " kafkarpenter.io/discovery-tag-owner=demo on cluster demo\n").endsWith("✅ would change 5 resources\n");
        assertThat(sim.requests("CreateTags")).isEmpty();
        assertThat(sim.requests("TagResource")).isEmpty();
        assertThat(run("tags", "check", "--cluster", C, "--endpoint", sim.endpoint().toString())).isEqualTo(1);
    }

    @Test
    void aConflictIsShownAndFailsCheckAndApplyButIsNeverOverwritten() {
        String subnet = sim.privateSubnetIdsByZone().values().iterator().next();
        sim.putTag(subnet, AwsTagKeys.DISCOVERY, "other");

        assertThat(run("tags", "apply", "--cluster", C, "--endpoint", sim.endpoint().toString())).isEqualTo(1);
        assertThat(out()).contains("⚠️ subnet " + subnet).contains("karpenter.sh/discovery holds \"other\"")
            .endsWith("⚠️ changed 4 resources\n");
        assertThat(sim.tags(subnet)).containsEntry(AwsTagKeys.DISCOVERY, "other");

        assertThat(run("tags", "check", "--cluster", C, "--endpoint", sim.endpoint().toString())).isEqualTo(1);
        assertThat(out()).endsWith("⚠️ 4 of 5 selected resources carry karpenter.sh/discovery=demo"
            + " (run the commands above, or bin/kk tags apply)\n");
    }

    @Test
    void anUnknownClusterExits1WithWhatToCheck() {
        assertThat(run("tags", "check", "--cluster", "nope", "--endpoint", sim.endpoint().toString())).isEqualTo(1);
        assertThat(out()).isEqualTo("⚠️ cluster nope: not found in us-east-1"
            + " (aws eks describe-cluster --name nope --region us-east-1)\n");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Tags.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
