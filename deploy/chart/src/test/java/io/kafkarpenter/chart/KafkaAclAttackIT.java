package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.sandbox.kafka.LocalKafkaBroker;

/**
 * The broker stops a service's principal at its own rights, whatever its code does: the chart's ACLs applied to a
 * SASL/SCRAM broker with the StandardAuthorizer, each service connecting with its own SCRAM user as a compromised
 * pod would (its Secret's password, a hand-made client). Forged termination and launch requests never reach their
 * topic; another service's consumer group cannot be joined; nobody but the admin creates topics or ACLs. And each
 * service can still do all its channels need.
 */
class KafkaAclAttackIT {

    private static final List<String> SERVICES = Topics.SERVICES;
    private static LocalKafkaBroker broker;
    private static KafkaAccess access;

    @BeforeAll
    static void applyTheChartsAccess() {
        broker = ScramBroker.get();
        access = KafkaAccess.fromChart(Map.of());
        Map<String, String> passwords = new LinkedHashMap<>();
        access.users().forEach(u -> passwords.put(u, ScramBroker.password(u)));
        try (Admin admin = Admin.create(broker.adminProperties())) {
            KafkaAccessApplier.apply(admin, access, 1);
            KafkaAccessApplier.scramUsers(admin, passwords);
        }
    }

    private static Properties as(String service) {
        String user = "kafkarpenter-" + service;
        return broker.clientProperties(user, ScramBroker.password(user));
    }

    @Test
    void podWatcherCannotRequestATerminationOrALaunch() {
        assertDeniedProducing("pod-watcher", Topics.NODES_TERMINATE);
        assertDeniedProducing("pod-watcher", Topics.NODECLAIMS_LAUNCH);
    }

    @Test
    void theProvisionerCannotRequestATermination() {
        assertDeniedProducing("provisioner", Topics.NODES_TERMINATE);
    }

    @Test
    void theLauncherCannotForgePendingPodsOrLaunchRequests() {
        assertDeniedProducing("launcher", Topics.PODS_PENDING);
        assertDeniedProducing("launcher", Topics.NODECLAIMS_LAUNCH);
    }

    @Test
    void theTagReconcilerAndTheLauncherCannotRequestTerminations() {
        assertDeniedProducing("tag-reconciler", Topics.NODES_TERMINATE);
        assertDeniedProducing("launcher", Topics.NODES_TERMINATE);
    }

    @Test
    void theViewerReadsTheDecisionsInItsOwnGroupAndWritesNothing() throws Exception {
        produce("provisioner", Topics.DECISIONS);
        assertThat(consumeOne("viewer", Topics.DECISIONS, "kk-viewer-" + UUID.randomUUID()).topic())
            .isEqualTo(Topics.DECISIONS);
        // refused at the topic it may not describe, or at the cluster where it may (its idempotent producer needs
        // Write on some topic: it has none)
        for (String topic : List.of(Topics.DECISIONS, Topics.NODES_TERMINATE)) {
            assertThatThrownBy(() -> produce("viewer", topic)).as("viewer producing to " + topic)
                .hasCauseInstanceOf(org.apache.kafka.common.errors.AuthorizationException.class);
        }
        assertThatThrownBy(() -> consumeOne("viewer", Topics.NODECLAIMS_LAUNCH, "kk-viewer-x"))
            .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> consumeOne("viewer", Topics.DECISIONS, "kk-launcher"))
            .isInstanceOf(GroupAuthorizationException.class);
    }

    @Test
    void aServiceCannotJoinAnotherServicesConsumerGroup() {
        // the tag-reconciler may read kk.nodeclaims.status, but not as the launcher's or the consolidator's group
        assertThatThrownBy(() -> consumeOne("tag-reconciler", Topics.NODECLAIMS_STATUS, "kk-launcher"))
            .isInstanceOf(GroupAuthorizationException.class);
        assertThatThrownBy(() -> consumeOne("tag-reconciler", Topics.NODECLAIMS_STATUS,
            "kk-consolidator-status-attacker")).isInstanceOf(GroupAuthorizationException.class);
        // nor read a topic it has no right to (the termination requests), under its own group
        assertThatThrownBy(() -> consumeOne("pod-watcher", Topics.NODES_TERMINATE, "kk-pod-watcher-pending-x"))
            .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void noServiceCreatesTopicsOrGrantsItselfRights() throws Exception {
        for (String service : SERVICES) {
            try (Admin admin = Admin.create(as(service))) {
                assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("kk.attack." + service, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS)).as(service).hasCauseInstanceOf(TopicAuthorizationException.class);
                AclBinding grant = new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, Topics.NODES_TERMINATE, PatternType.LITERAL),
                    new AccessControlEntry("User:kafkarpenter-" + service, "*", AclOperation.WRITE, AclPermissionType.ALLOW));
                assertThatThrownBy(() -> admin.createAcls(List.of(grant)).all().get(30, TimeUnit.SECONDS))
                    .as(service).hasCauseInstanceOf(ClusterAuthorizationException.class);
            }
        }
    }

    @Test
    void eachServiceProducesAndConsumesEverythingItsChannelsNeed() throws Exception {
        Map<String, List<String>> writes = Map.of(
            "pod-watcher", List.of(Topics.PODS_PENDING, Topics.DECISIONS, Topics.dlq("pod-watcher")),
            "provisioner", List.of(Topics.NODECLAIMS_LAUNCH, Topics.DECISIONS, Topics.dlq("provisioner")),
            "launcher", List.of(Topics.NODECLAIMS_STATUS, Topics.OFFERINGS_UNAVAILABLE, Topics.DECISIONS,
                Topics.dlq("launcher")),
            "consolidator", List.of(Topics.NODECLAIMS_LAUNCH, Topics.NODES_TERMINATE, Topics.DECISIONS,
                Topics.dlq("consolidator")),
            "tag-reconciler", List.of(Topics.DECISIONS, Topics.dlq("tag-reconciler")));
        for (var entry : writes.entrySet()) {
            for (String topic : entry.getValue()) {
                assertThat(produce(entry.getKey(), topic).topic()).isEqualTo(topic);
            }
        }
        // the group ids of application.properties (kk-<service>[-<channel>], or <prefix><instance> per process)
        String instance = "pod-" + UUID.randomUUID().toString().substring(0, 6);
        consumeOne("pod-watcher", Topics.PODS_PENDING, "kk-pod-watcher-pending-" + instance);
        consumeOne("provisioner", Topics.PODS_PENDING, "kk-provisioner");
        consumeOne("provisioner", Topics.NODECLAIMS_STATUS, "kk-provisioner-status-" + instance);
        consumeOne("provisioner", Topics.OFFERINGS_UNAVAILABLE, "kk-provisioner-offerings-" + instance);
        consumeOne("provisioner", Topics.NODECLAIMS_LAUNCH, "kk-provisioner-launches-" + instance);
        consumeOne("launcher", Topics.NODECLAIMS_LAUNCH, "kk-launcher");
        consumeOne("launcher", Topics.NODES_TERMINATE, "kk-launcher-terminate");
        consumeOne("consolidator", Topics.NODECLAIMS_STATUS, "kk-consolidator-status-" + instance);
        consumeOne("tag-reconciler", Topics.NODECLAIMS_STATUS, "kk-tag-reconciler");
    }

    private static void assertDeniedProducing(String service, String topic) {
        assertThatThrownBy(() -> produce(service, topic)).as(service + " producing to " + topic)
            .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    /** One record with the service's own credentials and the services' producer defaults (idempotent, acks=all). */
    private static RecordMetadata produce(String service, String topic) throws Exception {
        Properties props = as(service);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, service, "from " + service)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Subscribes as the service in this group and returns the first record (the topics get one in the test above). */
    private static ConsumerRecord<String, String> consumeOne(String service, String topic, String group) {
        Properties props = as(service);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    return record;
                }
            }
        }
        throw new AssertionError(service + " read nothing from " + topic + " as group " + group + " within 30s");
    }
}
