package io.kafkarpenter.sandbox.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The broker with SASL/SCRAM and the StandardAuthorizer: who gets in, and what an ACL changes. */
class SaslScramBrokerIT {

    private static final String ADMIN = "kafkarpenter-admin";
    private static final String ADMIN_PASSWORD = "kafkarpenter-admin-secret";

    private static LocalKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = LocalKafkaBroker.builder().saslScram(ADMIN, ADMIN_PASSWORD).build().start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theAdminCreatesTopicsAndSeesTheCluster() throws Exception {
        try (Admin admin = Admin.create(broker.adminProperties())) {
            admin.createTopics(List.of(new NewTopic("scram.admin", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("scram.admin");
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
        assertThat(broker.adminProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT")
            .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void anUnknownUserOrAWrongPasswordIsRejectedAtAuthentication() {
        assertThatThrownBy(() -> send(broker.clientProperties("nobody", "whatever"), "scram.unknown"))
            .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        assertThatThrownBy(() -> send(broker.clientProperties(ADMIN, "not-the-password"), "scram.unknown"))
            .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aUserWithoutAclsIsDeniedProducingAndAWriteAclLetsItProduce() throws Exception {
        broker.createScramUser("alice", "alice-secret");
        try (Admin admin = Admin.create(broker.adminProperties())) {
            admin.createTopics(List.of(new NewTopic("scram.acl", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties alice = broker.clientProperties("alice", "alice-secret");

        assertThatThrownBy(() -> send(alice, "scram.acl"))
            .hasRootCauseInstanceOf(TopicAuthorizationException.class);

        try (Admin admin = Admin.create(broker.adminProperties())) {
            ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC, "scram.acl", PatternType.LITERAL);
            admin.createAcls(List.of(
                    new AclBinding(topic, new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                .all().get(30, TimeUnit.SECONDS);
        }
        assertThat(send(alice, "scram.acl").topic()).isEqualTo("scram.acl");
        // the ACL is on that topic only
        assertThatThrownBy(() -> send(alice, "scram.admin"))
            .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    /** Produces one record (idempotent producer, the services' default) and returns where it went. */
    private static RecordMetadata send(Properties client, String topic) throws Exception {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            try {
                return producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e;
            } finally {
                producer.close(Duration.ofSeconds(1));
            }
        }
    }
}
