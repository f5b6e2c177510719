package io.kafkarpenter.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

class KafkaTestResourceIT {

    @Test
    void everyStartInTheJvmGetsTheSameRunningBroker() {
        Map<String, String> first = resource("launcher").start();
        Map<String, String> second = resource("provisioner").start();

        assertThat(first.get("kafka.bootstrap.servers")).isNotBlank()
            .isEqualTo(second.get("kafka.bootstrap.servers"))
            .isEqualTo(first.get("mp.messaging.connector.smallrye-kafka.bootstrap.servers"));
    }

    @Test
    void theServiceGetsItsOwnPrincipal() {
        assumeTrue(SharedKafkaBroker.aclsEnforced(), "the shared broker enforces no ACLs here");
        Map<String, String> config = resource("launcher").start();

        assertThat(config).containsEntry("kafka.security.protocol", "SASL_PLAINTEXT")
            .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
            .containsEntry("kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"kafkarpenter-launcher\" password=\"kafkarpenter-launcher-secret\";");
    }

    @Test
    void withoutTheServiceUnderTestItIsAClearError() {
        assertThatThrownBy(() -> new KafkaTestResource().start()).hasMessageContaining("@WithKafka(service = ...)");
        assertThatThrownBy(() -> SharedKafkaBroker.serviceProperties("kafka-ui")).hasMessageContaining("kafka-ui");
    }

    @Test
    void theChartsTopicsExistAndAServiceMayUseOnlyWhatItsAclsGrant() {
        assumeTrue(SharedKafkaBroker.aclsEnforced(), "the shared broker enforces no ACLs here");
        try (KafkaTestClient launcher = KafkaTestClient.forSharedBrokerAs("launcher");
             KafkaTestClient podWatcher = KafkaTestClient.forSharedBrokerAs("pod-watcher")) {
            assertThat(launcher.send("kk.nodeclaims.status", "kafka-test-resource-it", "{}").partition())
                .isBetween(0, 2); // the chart's 3 partitions
            assertThatThrownBy(() -> podWatcher.send("kk.nodes.terminate", "kafka-test-resource-it", "{}"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theTestClientSendsWithHeadersAndFindsTheMatchingRecord() {
        try (KafkaTestClient kafka = KafkaTestClient.forSharedBroker()) {
            kafka.send("test-client", "other", "not this one");
            kafka.send("test-client", "k-1", "{\"hello\":1}", Map.of("pod", "default/web-1"));
            kafka.sendBytes("test-client", "k-2", new byte[] {(byte) 0xff, 0x00}, Map.of());

            var record = kafka.awaitRecord("test-client", r -> "k-1".equals(r.key()), Duration.ofSeconds(20));

            assertThat(record.value()).isEqualTo("{\"hello\":1}");
            assertThat(KafkaTestClient.header(record, "pod")).isEqualTo("default/web-1");
            assertThat(KafkaTestClient.header(record, "absent")).isNull();
            assertThat(kafka.readAll("test-client", Duration.ofMillis(500))).hasSize(3);
        }
    }

    @Test
    void waitingForARecordThatNeverComesFailsNamingTheTopic() {
        try (KafkaTestClient kafka = KafkaTestClient.forSharedBroker()) {
            kafka.send("quiet-topic", "k", "v");
            assertThatThrownBy(() -> kafka.awaitRecord("quiet-topic", r -> false, Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("quiet-topic").hasMessageContaining("key=k");
        }
    }

    private static KafkaTestResource resource(String service) {
        KafkaTestResource resource = new KafkaTestResource();
        resource.init(Map.of(KafkaTestResource.SERVICE_ARG, service));
        return resource;
    }

    @Test
    void forcingTestcontainersWithoutDockerIsAClearFailure() {
        assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "a Docker engine is available here");
        String running = System.clearProperty(SharedKafkaBroker.BOOTSTRAP_PROPERTY);
        System.setProperty(SharedKafkaBroker.MODE_PROPERTY, "testcontainers");
        try {
            assertThatThrownBy(SharedKafkaBroker::bootstrapServers)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Docker engine").hasMessageContaining("kk.test.kafka=embedded");
        } finally {
            System.clearProperty(SharedKafkaBroker.MODE_PROPERTY);
            if (running != null) {
                System.setProperty(SharedKafkaBroker.BOOTSTRAP_PROPERTY, running);
            }
        }
    }

    @Test
    void anUnknownModeIsAClearError() {
        String before = System.getProperty(SharedKafkaBroker.MODE_PROPERTY);
        System.setProperty(SharedKafkaBroker.MODE_PROPERTY, "podman");
        try {
            assertThatThrownBy(SharedKafkaBroker::mode).hasMessageContaining("kk.test.kafka").hasMessageContaining("podman");
        } finally {
            if (before == null) {
                System.clearProperty(SharedKafkaBroker.MODE_PROPERTY);
            } else {
                System.setProperty(SharedKafkaBroker.MODE_PROPERTY, before);
            }
        }
    }
}
