package io.kafkarpenter.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kafkarpenter.sandbox.kafka.LocalKafkaBroker;

/** bin/kk topics apply against a SASL/SCRAM broker with ACLs, the admin's settings in a --command-config file. */
class TopicsCommandIT {

    @Test
    void appliesTopicsAndAclsOnceThenFindsThemPresent(@TempDir Path dir) throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.builder()
                .saslScram("kafkarpenter-admin", "kafkarpenter-admin-secret").build().start()) {
            Path config = dir.resolve("admin.properties");
            Properties admin = broker.adminProperties();
            admin.remove("bootstrap.servers");
            try (Writer w = Files.newBufferedWriter(config)) {
                admin.store(w, "kafka-topics.sh style --command-config");
            }
            String[] args = {"topics", "apply", "--bootstrap", broker.bootstrapServers(), "--command-config",
                config.toString(), "--replication-factor", "1"};

            Result first = run(args);
            assertThat(first.exit).as(first.err).isZero();
            assertThat(first.out).contains(
                "topic kk.nodes.terminate (1 partitions, replication 1): created",
                "acl User:kafkarpenter-launcher ALLOW READ on TOPIC kk.nodes.terminate: created",
                "0 present").doesNotContain(": present");

            Result second = run(args);
            assertThat(second.exit).isZero();
            assertThat(second.out).contains("topic kk.nodes.terminate: present",
                "acl User:kafkarpenter-launcher ALLOW READ on TOPIC kk.nodes.terminate: present", "0 created, ")
                .doesNotContain(": created");

            try (Admin client = Admin.create(broker.adminProperties())) {
                assertThat(client.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kk.pods.pending",
                    "kk.dlq.tag-reconciler");
            }

            // with a wrong password the broker refuses: exit 1 with the reason
            Path wrong = dir.resolve("wrong.properties");
            Properties wrongAdmin = broker.clientProperties("kafkarpenter-admin", "not-the-password");
            wrongAdmin.remove("bootstrap.servers");
            try (Writer w = Files.newBufferedWriter(wrong)) {
                wrongAdmin.store(w, null);
            }
            Result refused = run("topics", "apply", "--bootstrap", broker.bootstrapServers(), "--command-config",
                wrong.toString());
            assertThat(refused.exit).isEqualTo(1);
            assertThat(refused.err).startsWith("kk topics apply: ").contains("Authentication failed");
        }
    }

    @Test
    void aBrokerWithoutAnAuthorizerGetsItsTopicsWithTopicsOnlyAndAClearRefusalWithout() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.builder().build().start()) {
            Result refused = run("topics", "apply", "--bootstrap", broker.bootstrapServers(), "--replication-factor", "1");
            assertThat(refused.exit).isEqualTo(1);
            assertThat(refused.err).contains("the broker has no authorizer, so it enforces no ACLs", "--topics-only");

            Result topicsOnly = run("topics", "apply", "--bootstrap", broker.bootstrapServers(), "--replication-factor",
                "1", "--topics-only");
            assertThat(topicsOnly.exit).as(topicsOnly.err).isZero();
            assertThat(topicsOnly.out).contains("topic kk.nodes.terminate").doesNotContain("acl ");
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TopicsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
