package io.kafkarpenter.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/kk topics msk-policy: printing, writing and filling in a cluster's ARN. */
class MskPolicyCommandTest {

    private static final String ARN = "arn:aws:kafka:eu-west-1:123456789012:cluster/my-msk/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void oneServicesPolicyIsPrintedAlone() {
        assertThat(run("topics", "msk-policy", "--service", "pod-watcher")).isEqualTo(0);
        assertThat(out()).startsWith("{\n  \"Version\": \"2012-10-17\",")
            .contains("\"Sid\": \"ConsumerGroups\"", "group/${MskClusterName}/${MskClusterUuid}/kk-pod-watcher-pending-*")
            .doesNotContain("# pod-watcher", "kk.nodes.terminate");
    }

    @Test
    void allPoliciesArePrintedEachUnderItsServiceName() {
        assertThat(run("topics", "msk-policy")).isEqualTo(0);
        assertThat(out()).contains("# pod-watcher\n{", "# provisioner\n{", "# launcher\n{", "# consolidator\n{",
            "# tag-reconciler\n{");
    }

    @Test
    void aClusterArnFillsInTheVariables() {
        assertThat(run("topics", "msk-policy", "--service", "launcher", "--cluster-arn", ARN)).isEqualTo(0);
        assertThat(out()).doesNotContain("${")
            .contains("arn:aws:kafka:eu-west-1:123456789012:topic/my-msk/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2/kk.nodes.terminate");
        assertThat(run("topics", "msk-policy", "--cluster-arn", "arn:aws:kafka:x")).isEqualTo(1);
        assertThat(err()).contains("not an MSK cluster ARN");
    }

    @Test
    void writeMakesOneFilePerService(@TempDir Path dir) throws IOException {
        assertThat(run("topics", "msk-policy", "--write", dir.toString())).isEqualTo(0);
        assertThat(out()).contains("wrote " + dir.resolve("launcher.json"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("pod-watcher.json",
                "provisioner.json", "launcher.json", "consolidator.json", "tag-reconciler.json", "viewer.json");
        }
        assertThat(Files.readString(dir.resolve("consolidator.json"))).contains("kk.nodes.terminate");
    }

    @Test
    void usageErrorsExit2() {
        assertThat(run("topics", "msk-policy", "--service", "nope")).isEqualTo(2);
        assertThat(err()).contains("no service nope (pod-watcher, provisioner");
        assertThat(run("topics", "msk-policy", "--write", "/tmp/x", "--cluster-arn", ARN)).isEqualTo(2);
        assertThat(run("topics", "msk-policy", "--bogus")).isEqualTo(2);
        assertThat(err()).contains("usage: bin/kk topics msk-policy");
        assertThat(run("topics")).isEqualTo(2);
        assertThat(err()).contains("usage: bin/kk topics apply", "usage: bin/kk topics msk-policy");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return TopicsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
