package io.kafkarpenter.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** bin/kk topics apply: arguments, and the dry run without a broker. */
class TopicsCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void usageErrorsExit2() {
        assertThat(run("topics")).isEqualTo(2);
        assertThat(err()).contains("usage: bin/kk topics apply");
        assertThat(run("topics", "apply")).isEqualTo(2);
        assertThat(err()).contains("--bootstrap is required");
        assertThat(run("topics", "apply", "--bootstrap", "k:9092", "--replication-factor", "zero")).isEqualTo(2);
        assertThat(run("topics", "apply", "--bootstrap", "k:9092", "--set", "novalue")).isEqualTo(2);
        assertThat(run("topics", "apply", "--bogus")).isEqualTo(2);
        assertThat(err()).contains("unknown argument --bogus");
        assertThat(out()).isEmpty();
    }

    @Test
    void aDryRunWithoutABrokerListsEveryTopicAndAcl() {
        assertThat(run("topics", "apply", "--dry-run", "--replication-factor", "1",
            "--set", "kafka.topics.list.kk\\.nodeclaims\\.launch.partitions=12")).isEqualTo(0);
        assertThat(out()).contains(
            "topic kk.pods.pending (6 partitions, replication 1, cleanup.policy=compact, min.cleanable.dirty.ratio=0.1,"
                + " segment.ms=3600000): to create",
            "topic kk.nodeclaims.launch (12 partitions, replication 1): to create",
            "acl User:kafkarpenter-consolidator ALLOW WRITE on TOPIC kk.nodes.terminate: to create",
            "acl User:kafkarpenter-provisioner ALLOW READ on GROUP prefix kk-provisioner-status-: to create",
            "dry run: ")
            .doesNotContain("User:kafkarpenter-pod-watcher ALLOW WRITE on TOPIC kk.nodes.terminate");
        assertThat(err()).isEmpty();
    }

    @Test
    void topicsOnlyLeavesTheAclsOut() {
        assertThat(run("topics", "apply", "--dry-run", "--topics-only")).isEqualTo(0);
        assertThat(out()).contains("topic kk.nodes.terminate (1 partitions, replication 3): to create")
            .doesNotContain("acl ");
    }

    @Test
    void anUnreadableCommandConfigExits1() {
        assertThat(run("topics", "apply", "--bootstrap", "localhost:1", "--command-config", "/nonexistent/file"))
            .isEqualTo(1);
        assertThat(err()).contains("cannot read /nonexistent/file");
    }

    private int run(String... args) {
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
