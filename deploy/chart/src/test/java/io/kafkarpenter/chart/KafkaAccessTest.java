package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.Topics;

/** KafkaAccess.fromChart: the chart's KafkaTopics and KafkaUsers as Admin API topics and ACL bindings. */
class KafkaAccessTest {

    private static KafkaAccess access;

    @BeforeAll
    static void render() {
        access = KafkaAccess.fromChart(Map.of());
    }

    private static AclBinding allow(String service, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
            new AccessControlEntry("User:kafkarpenter-" + service, "*", op, AclPermissionType.ALLOW));
    }

    @Test
    void theTopicsAreTheChartsWithTheirPartitionsReplicationAndConfigs() {
        List<String> expected = new ArrayList<>(Topics.ALL);
        Topics.SERVICES.forEach(s -> expected.add(Topics.dlq(s)));
        assertThat(access.topics()).extracting(KafkaAccess.Topic::name).containsExactlyInAnyOrderElementsOf(expected);
        KafkaAccess.Topic pending = access.topic(Topics.PODS_PENDING);
        assertThat(pending.partitions()).isEqualTo(6);
        assertThat(pending.replicationFactor()).isEqualTo((short) 3);
        assertThat(pending.configs()).containsEntry("cleanup.policy", "compact").containsEntry("segment.ms", "3600000");
        assertThat(pending.toNewTopic(1).replicationFactor()).isEqualTo((short) 1);
        assertThat(pending.toNewTopic(-1).replicationFactor()).isEqualTo((short) 3);
        assertThat(pending.toNewTopic(-1).configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void valuesChangeTopicsButForcedModesStay() {
        KafkaAccess custom = KafkaAccess.fromChart(Map.of("kafka.topics.replicationFactor", "2",
            "kafka.topics.list.kk\\.nodeclaims\\.launch.partitions", "12", "kafka.topics.create", "none",
            "kafka.users.create", "none"));
        assertThat(custom.topic(Topics.NODECLAIMS_LAUNCH).partitions()).isEqualTo(12);
        assertThat(custom.topic(Topics.DECISIONS).replicationFactor()).isEqualTo((short) 2);
        assertThat(custom.users()).hasSize(6);
    }

    @Test
    void onePrincipalPerServiceAndOneForTheViewer() {
        assertThat(access.principals()).containsExactly("User:kafkarpenter-pod-watcher", "User:kafkarpenter-provisioner",
            "User:kafkarpenter-launcher", "User:kafkarpenter-consolidator", "User:kafkarpenter-tag-reconciler",
            "User:kafkarpenter-viewer");
        assertThat(access.users()).containsExactly("kafkarpenter-pod-watcher", "kafkarpenter-provisioner",
            "kafkarpenter-launcher", "kafkarpenter-consolidator", "kafkarpenter-tag-reconciler", "kafkarpenter-viewer");
    }

    @Test
    void theViewerReadsTheDecisionsInItsOwnGroupsAndNothingElse() {
        assertThat(access.aclBindingsOf("User:kafkarpenter-viewer")).containsExactlyInAnyOrder(
            new AclBinding(new ResourcePattern(ResourceType.TOPIC, "kk.decisions", PatternType.LITERAL),
                new AccessControlEntry("User:kafkarpenter-viewer", "*", AclOperation.READ, AclPermissionType.ALLOW)),
            new AclBinding(new ResourcePattern(ResourceType.TOPIC, "kk.decisions", PatternType.LITERAL),
                new AccessControlEntry("User:kafkarpenter-viewer", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW)),
            new AclBinding(new ResourcePattern(ResourceType.GROUP, "kk-viewer-", PatternType.PREFIXED),
                new AccessControlEntry("User:kafkarpenter-viewer", "*", AclOperation.READ, AclPermissionType.ALLOW)));
    }

    @Test
    void bindingsAreAllowRulesOnLiteralTopicsAndLiteralOrPrefixedGroups() {
        assertThat(access.aclBindings()).allSatisfy(b -> {
            assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(b.entry().host()).isEqualTo("*");
            assertThat(b.pattern().resourceType()).isIn(ResourceType.TOPIC, ResourceType.GROUP);
        });
        assertThat(access.aclBindingsOf("User:kafkarpenter-launcher")).containsExactlyInAnyOrder(
            allow("launcher", ResourceType.TOPIC, "kk.nodeclaims.launch", PatternType.LITERAL, AclOperation.READ),
            allow("launcher", ResourceType.TOPIC, "kk.nodeclaims.launch", PatternType.LITERAL, AclOperation.DESCRIBE),
            allow("launcher", ResourceType.TOPIC, "kk.nodes.terminate", PatternType.LITERAL, AclOperation.READ),
            allow("launcher", ResourceType.TOPIC, "kk.nodes.terminate", PatternType.LITERAL, AclOperation.DESCRIBE),
            allow("launcher", ResourceType.TOPIC, "kk.nodeclaims.status", PatternType.LITERAL, AclOperation.WRITE),
            allow("launcher", ResourceType.TOPIC, "kk.nodeclaims.status", PatternType.LITERAL, AclOperation.DESCRIBE),
            allow("launcher", ResourceType.TOPIC, "kk.offerings.unavailable", PatternType.LITERAL, AclOperation.WRITE),
            allow("launcher", ResourceType.TOPIC, "kk.offerings.unavailable", PatternType.LITERAL, AclOperation.DESCRIBE),
            allow("launcher", ResourceType.TOPIC, "kk.decisions", PatternType.LITERAL, AclOperation.WRITE),
            allow("launcher", ResourceType.TOPIC, "kk.decisions", PatternType.LITERAL, AclOperation.DESCRIBE),
            allow("launcher", ResourceType.TOPIC, "kk.dlq.launcher", PatternType.LITERAL, AclOperation.WRITE),
            allow("launcher", ResourceType.TOPIC, "kk.dlq.launcher", PatternType.LITERAL, AclOperation.DESCRIBE),
            allow("launcher", ResourceType.GROUP, "kk-launcher", PatternType.LITERAL, AclOperation.READ),
            allow("launcher", ResourceType.GROUP, "kk-launcher-terminate", PatternType.LITERAL, AclOperation.READ));
        assertThat(access.aclBindingsOf("User:kafkarpenter-provisioner")).contains(
            allow("provisioner", ResourceType.GROUP, "kk-provisioner-status-", PatternType.PREFIXED, AclOperation.READ));
    }

    @Test
    void onlyTheConsolidatorMayWriteTerminationsAndOnlyItAndTheProvisionerLaunches() {
        assertThat(writers(Topics.NODES_TERMINATE)).containsExactly("User:kafkarpenter-consolidator");
        assertThat(writers(Topics.NODECLAIMS_LAUNCH))
            .containsExactlyInAnyOrder("User:kafkarpenter-provisioner", "User:kafkarpenter-consolidator");
        assertThat(writers(Topics.PODS_PENDING)).containsExactly("User:kafkarpenter-pod-watcher");
        assertThat(writers(Topics.NODECLAIMS_STATUS)).containsExactly("User:kafkarpenter-launcher");
        for (String service : Topics.SERVICES) {
            assertThat(writers(Topics.dlq(service))).containsExactly("User:kafkarpenter-" + service);
        }
    }

    private static List<String> writers(String topic) {
        return access.aclBindings().stream()
            .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC && b.pattern().name().equals(topic)
                && b.entry().operation() == AclOperation.WRITE)
            .map(b -> b.entry().principal()).toList();
    }
}
