package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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


/** MskIamPolicies: each service's MSK IAM policy from the chart's Kafka rights. */
class MskIamPoliciesTest {

    private static final String TOPIC = MskIamPolicy.TOPIC_ARN_PREFIX;
    private static final String GROUP = MskIamPolicy.GROUP_ARN_PREFIX;

    private static Map<String, MskIamPolicy> policies;

    @BeforeAll
    static void render() {
        policies = MskIamPolicies.fromChart(Map.of());
    }

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, AclOperation op) {
        return acl(type, name, pattern, op, "*", AclPermissionType.ALLOW);
    }

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, AclOperation op, String host,
                                  AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
            new AccessControlEntry("User:x", host, op, permission));
    }

    @Test
    void everyServiceOfTheChartAndTheViewerHaveAPolicyThatConnectsToTheClusterFirst() {
        assertThat(policies).containsOnlyKeys(Charts.KAFKA_USERS);
        policies.forEach((service, policy) -> {
            assertThat(policy.service()).isEqualTo(service);
            assertThat(policy.statements().get(0)).isEqualTo(new MskIamPolicy.Statement("Connect",
                List.of("kafka-cluster:Connect"), List.of(MskIamPolicy.CLUSTER_ARN)));
            assertThat(policy.statements()).extracting(MskIamPolicy.Statement::sid).doesNotHaveDuplicates();
        });
    }

    @Test
    void theLauncherReadsItsTwoTopicsWritesFourAndConsumesInItsTwoGroups() {
        MskIamPolicy launcher = policies.get("launcher");
        assertThat(launcher.statements()).extracting(MskIamPolicy.Statement::sid)
            .containsExactly("Connect", "WriteDataIdempotently", "ReadTopics", "WriteTopics", "ConsumerGroups");
        assertThat(launcher.statement("ReadTopics").actions())
            .containsExactly("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData");
        assertThat(launcher.statement("ReadTopics").resources())
            .containsExactly(TOPIC + "kk.nodeclaims.launch", TOPIC + "kk.nodes.terminate");
        assertThat(launcher.statement("WriteTopics").resources()).containsExactly(TOPIC + "kk.nodeclaims.status",
            TOPIC + "kk.offerings.unavailable", TOPIC + "kk.decisions", TOPIC + "kk.dlq.launcher");
        assertThat(launcher.statement("ConsumerGroups").actions())
            .containsExactly("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup");
        assertThat(launcher.statement("ConsumerGroups").resources())
            .containsExactly(GROUP + "kk-launcher", GROUP + "kk-launcher-terminate");
    }

    @Test
    void prefixedGroupAclsBecomeArnsEndingInAWildcard() {
        assertThat(policies.get("consolidator").statement("ConsumerGroups").resources())
            .containsExactly(GROUP + "kk-consolidator-status-*");
        assertThat(policies.get("provisioner").statement("ConsumerGroups").resources())
            .contains(GROUP + "kk-provisioner", GROUP + "kk-provisioner-status-*");
    }

    @Test
    void noServiceReachesATopicItsAclsDoNotName() {
        assertThat(policies.get("pod-watcher").toJson())
            .doesNotContain("kk.nodes.terminate", "kk.nodeclaims.launch", "kk.nodeclaims.status");
        assertThat(policies.get("provisioner").toJson()).doesNotContain("kk.nodes.terminate");
        assertThat(policies.get("tag-reconciler").toJson()).doesNotContain("kk.nodes.terminate",
            "kk.nodeclaims.launch");
        policies.values().forEach(p -> assertThat(p.toJson()).doesNotContain("topic/${MskClusterName}/*",
            "CreateTopic", "AlterCluster", "DeleteTopic", "kafka-cluster:*"));
    }

    @Test
    void onlyAServiceThatWritesMayProduceIdempotently() {
        MskIamPolicy reader = MskIamPolicies.policyOf("reader", List.of(
            acl(ResourceType.TOPIC, "t", PatternType.LITERAL, AclOperation.READ),
            acl(ResourceType.TOPIC, "d", PatternType.LITERAL, AclOperation.DESCRIBE),
            acl(ResourceType.GROUP, "g", PatternType.LITERAL, AclOperation.DESCRIBE)));
        assertThat(reader.statements()).extracting(MskIamPolicy.Statement::sid)
            .containsExactly("Connect", "ReadTopics", "DescribeTopics", "DescribeGroups");
        MskIamPolicy explicit = MskIamPolicies.policyOf("explicit", List.of(
            acl(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE)));
        assertThat(explicit.statements()).extracting(MskIamPolicy.Statement::sid)
            .containsExactly("Connect", "WriteDataIdempotently");
    }

    @Test
    void aclsWithoutAFaithfulIamEquivalentAreRefused() {
        assertThatThrownBy(() -> MskIamPolicies.policyOf("s", List.of(
            acl(ResourceType.TOPIC, "t", PatternType.LITERAL, AclOperation.CREATE))))
            .hasMessageContaining("no MSK IAM action is mapped for CREATE on TOPIC");
        assertThatThrownBy(() -> MskIamPolicies.policyOf("s", List.of(acl(ResourceType.TOPIC, "t",
            PatternType.LITERAL, AclOperation.READ, "*", AclPermissionType.DENY))))
            .hasMessageContaining("not an ALLOW ACL");
        assertThatThrownBy(() -> MskIamPolicies.policyOf("s", List.of(acl(ResourceType.TOPIC, "t",
            PatternType.LITERAL, AclOperation.READ, "10.0.0.1", AclPermissionType.ALLOW))))
            .hasMessageContaining("limited to a host");
        assertThatThrownBy(() -> MskIamPolicies.policyOf("s", List.of(
            acl(ResourceType.GROUP, "g*x", PatternType.LITERAL, AclOperation.READ))))
            .hasMessageContaining("IAM wildcard");
    }

    @Test
    void aClusterArnFillsInTheVariables() {
        String json = policies.get("launcher")
            .forCluster("arn:aws:kafka:eu-west-1:123456789012:cluster/my-msk/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2");
        assertThat(json).doesNotContain("${")
            .contains("\"arn:aws:kafka:eu-west-1:123456789012:cluster/my-msk/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2\"")
            .contains("\"arn:aws:kafka:eu-west-1:123456789012:topic/my-msk/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2/"
                + "kk.nodes.terminate\"");
        assertThatThrownBy(() -> policies.get("launcher").forCluster("arn:aws:kafka:eu-west-1:123:cluster/x"))
            .hasMessageContaining("not an MSK cluster ARN");
    }
}
