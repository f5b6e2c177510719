package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.sandbox.iam.AuthorizationRequest;
import io.kafkarpenter.sandbox.iam.Decision;
import io.kafkarpenter.sandbox.iam.IamEvaluator;
import io.kafkarpenter.sandbox.iam.IamPolicy;

/**
 * The checked-in MSK IAM policies (deploy/iam/msk/<service>.json, decided by the EC2 simulator's IAM evaluator) grant
 * exactly what the same service's Kafka ACLs grant: for every service, every topic and group of the chart (and of
 * the other services, and some unknown ones) and every MSK {@code kafka-cluster:*} action with a Kafka ACL
 * equivalent, the policy allows the request if and only if Kafka's own ACL matching ({@link AclBindingFilter}, with
 * its implied Describe) allows the corresponding operation. Plus the attack cases spelled out.
 */
class MskIamPolicyAclEquivalenceTest {

    private static final Map<String, String> VARIABLES = Map.of("AWS::Partition", "aws", "AWS::Region", "eu-west-1",
        "AWS::AccountId", "123456789012", "MskClusterName", "kk-msk",
        "MskClusterUuid", "0a1b2c3d-4e5f-6789-abcd-ef0123456789-2");
    private static final String ARN = "arn:aws:kafka:eu-west-1:123456789012:";
    private static final String CLUSTER = ARN + "cluster/kk-msk/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2";
    private static final String OTHER_CLUSTER = ARN + "cluster/other/ffffffff-4e5f-6789-abcd-ef0123456789-1";

    /** The Kafka ACL (resource type, operation) each MSK action stands for (AWS: "Semantics of IAM ... actions"). */
    private record Equivalent(ResourceType type, AclOperation operation) {
    }

    private static final Map<String, Equivalent> ACTIONS = new LinkedHashMap<>();

    static {
        ACTIONS.put("DescribeCluster", new Equivalent(ResourceType.CLUSTER, AclOperation.DESCRIBE));
        ACTIONS.put("AlterCluster", new Equivalent(ResourceType.CLUSTER, AclOperation.ALTER));
        ACTIONS.put("DescribeClusterDynamicConfiguration", new Equivalent(ResourceType.CLUSTER,
            AclOperation.DESCRIBE_CONFIGS));
        ACTIONS.put("AlterClusterDynamicConfiguration", new Equivalent(ResourceType.CLUSTER,
            AclOperation.ALTER_CONFIGS));
        ACTIONS.put("WriteDataIdempotently", new Equivalent(ResourceType.CLUSTER, AclOperation.IDEMPOTENT_WRITE));
        ACTIONS.put("CreateTopic", new Equivalent(ResourceType.TOPIC, AclOperation.CREATE));
        ACTIONS.put("DescribeTopic", new Equivalent(ResourceType.TOPIC, AclOperation.DESCRIBE));
        ACTIONS.put("AlterTopic", new Equivalent(ResourceType.TOPIC, AclOperation.ALTER));
        ACTIONS.put("DeleteTopic", new Equivalent(ResourceType.TOPIC, AclOperation.DELETE));
        ACTIONS.put("DescribeTopicDynamicConfiguration", new Equivalent(ResourceType.TOPIC,
            AclOperation.DESCRIBE_CONFIGS));
        ACTIONS.put("AlterTopicDynamicConfiguration", new Equivalent(ResourceType.TOPIC, AclOperation.ALTER_CONFIGS));
        ACTIONS.put("ReadData", new Equivalent(ResourceType.TOPIC, AclOperation.READ));
        ACTIONS.put("WriteData", new Equivalent(ResourceType.TOPIC, AclOperation.WRITE));
        ACTIONS.put("DescribeGroup", new Equivalent(ResourceType.GROUP, AclOperation.DESCRIBE));
        ACTIONS.put("AlterGroup", new Equivalent(ResourceType.GROUP, AclOperation.READ));
        ACTIONS.put("DeleteGroup", new Equivalent(ResourceType.GROUP, AclOperation.DELETE));
        ACTIONS.put("DescribeTransactionalId", new Equivalent(ResourceType.TRANSACTIONAL_ID, AclOperation.DESCRIBE));
        ACTIONS.put("AlterTransactionalId", new Equivalent(ResourceType.TRANSACTIONAL_ID, AclOperation.WRITE));
    }

    private static KafkaAccess access;
    private static Map<String, IamPolicy> policies;
    private static List<String> topics;
    private static List<String> groups;

    @BeforeAll
    static void load() {
        access = KafkaAccess.fromChart(Map.of());
        policies = new LinkedHashMap<>();
        for (String service : MskIamPolicies.fromChart(Map.of()).keySet()) {
            policies.put(service, IamPolicy.read(MskIamPolicyFilesTest.DIR.resolve(service + ".json"), VARIABLES));
        }
        topics = new ArrayList<>(access.topics().stream().map(KafkaAccess.Topic::name).toList());
        topics.addAll(List.of("kk.unknown", "__consumer_offsets", "kk.nodes.terminate-copy"));
        Set<String> names = new LinkedHashSet<>();
        for (AclBinding b : access.aclBindings()) {
            if (b.pattern().resourceType() == ResourceType.GROUP) {
                names.add(b.pattern().patternType() == PatternType.PREFIXED
                    ? b.pattern().name() + "pod-7f9c-1a2b" : b.pattern().name());
                names.add(b.pattern().name() + "-x");
            }
        }
        names.addAll(List.of("kk-unknown", "kk-", "console-consumer-1"));
        groups = List.copyOf(names);
    }

    private static String principal(String service) {
        return "User:kafkarpenter-" + service;
    }

    private static Decision decide(String service, String action, String arn) {
        return IamEvaluator.decide(policies.get(service), new AuthorizationRequest("kafka-cluster:" + action, arn));
    }

    private static String topic(String name) {
        return ARN + "topic/kk-msk/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2/" + name;
    }

    private static String group(String name) {
        return ARN + "group/kk-msk/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2/" + name;
    }

    /** Kafka's ACL decision: an ALLOW binding of the principal matching the resource, Describe implied. */
    private static boolean aclAllows(String service, ResourceType type, String name, AclOperation operation) {
        List<AclOperation> granting = new ArrayList<>(List.of(operation));
        if (operation == AclOperation.DESCRIBE) {
            granting.addAll(List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER));
        }
        if (operation == AclOperation.DESCRIBE_CONFIGS) {
            granting.add(AclOperation.ALTER_CONFIGS);
        }
        return granting.stream().anyMatch(op -> {
            AclBindingFilter filter = new AclBindingFilter(new ResourcePatternFilter(type, name, PatternType.MATCH),
                new AccessControlEntryFilter(principal(service), null, op, AclPermissionType.ALLOW));
            return access.aclBindingsOf(principal(service)).stream().anyMatch(filter::matches);
        });
    }

    /** Kafka 3 lets topic Write stand for cluster IdempotentWrite (KIP-679); MSK asks for the IAM action. */
    private static boolean aclAllowsIdempotentWrite(String service) {
        return aclAllows(service, ResourceType.CLUSTER, "kafka-cluster", AclOperation.IDEMPOTENT_WRITE)
            || access.aclBindingsOf(principal(service)).stream()
            .anyMatch(b -> b.entry().operation() == AclOperation.WRITE
                && b.pattern().resourceType() == ResourceType.TOPIC);
    }

    @Test
    void everyServiceMayConnectToItsClusterAndNoOther() {
        assertThat(policies).hasSize(6); // the five services and the viewer
        policies.keySet().forEach(service -> {
            assertThat(decide(service, "Connect", CLUSTER).allowed()).as(service).isTrue();
            assertThat(decide(service, "Connect", OTHER_CLUSTER).allowed()).as(service).isFalse();
            assertThat(decide(service, "WriteData", OTHER_CLUSTER.replace(":cluster/", ":topic/") + "/kk.decisions")
                .allowed()).as(service).isFalse();
        });
    }

    @Test
    void everyRequestIsAllowedExactlyWhenTheServicesAclsAllowIt() {
        int checked = 0;
        int allowed = 0;
        for (String service : policies.keySet()) {
            for (Map.Entry<String, Equivalent> action : ACTIONS.entrySet()) {
                Equivalent eq = action.getValue();
                List<String[]> resources = new ArrayList<>();
                switch (eq.type()) {
                    case CLUSTER -> resources.add(new String[] {"kafka-cluster", CLUSTER});
                    case TOPIC -> topics.forEach(t -> resources.add(new String[] {t, topic(t)}));
                    case GROUP -> groups.forEach(g -> resources.add(new String[] {g, group(g)}));
                    default -> resources.add(new String[] {"kk-txn",
                        ARN + "transactional-id/kk-msk/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2/kk-txn"});
                }
                for (String[] resource : resources) {
                    boolean acl = eq.operation() == AclOperation.IDEMPOTENT_WRITE ? aclAllowsIdempotentWrite(service)
                        : aclAllows(service, eq.type(), resource[0], eq.operation());
                    Decision decision = decide(service, action.getKey(), resource[1]);
                    assertThat(decision.allowed())
                        .as("%s kafka-cluster:%s on %s: the ACLs say %s, the policy %s", service, action.getKey(),
                            resource[1], acl ? "allow" : "deny", decision)
                        .isEqualTo(acl);
                    checked++;
                    allowed += acl ? 1 : 0;
                }
            }
        }
        // both ways, over the whole grid: 5 services x 18 actions x every topic/group/cluster
        assertThat(checked).isGreaterThan(900);
        assertThat(allowed).as("requests the ACLs allow").isGreaterThan(60);
    }

    @Test
    void whatTheServicesUseIsAllowedWithTheStatementMeantForIt() {
        assertThat(decide("launcher", "ReadData", topic("kk.nodes.terminate")).sids()).containsExactly("ReadTopics");
        assertThat(decide("consolidator", "WriteData", topic("kk.nodes.terminate")).sids())
            .containsExactly("WriteTopics");
        assertThat(decide("provisioner", "WriteData", topic("kk.nodeclaims.launch")).sids())
            .containsExactly("ReadWriteTopics");
        assertThat(decide("provisioner", "AlterGroup", group("kk-provisioner-status-pod-1-ab12")).sids())
            .containsExactly("ConsumerGroups");
        assertThat(decide("pod-watcher", "WriteDataIdempotently", CLUSTER).sids())
            .containsExactly("WriteDataIdempotently");
    }

    @Test
    void theAttackCasesAreDenied() {
        for (String target : List.of("kk.nodes.terminate", "kk.nodeclaims.launch")) {
            assertThat(decide("pod-watcher", "WriteData", topic(target)).outcome())
                .as("pod-watcher WriteData %s", target).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        }
        assertThat(decide("provisioner", "WriteData", topic("kk.nodes.terminate")).outcome())
            .isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        assertThat(decide("tag-reconciler", "WriteData", topic("kk.nodes.terminate")).allowed()).isFalse();
        for (String service : policies.keySet()) {
            for (AclBinding other : access.aclBindings()) {
                if (other.pattern().resourceType() != ResourceType.GROUP
                    || other.entry().principal().equals(principal(service))) {
                    continue;
                }
                String name = other.pattern().name() + (other.pattern().patternType() == PatternType.PREFIXED
                    ? "pod-1-ab12" : "");
                if (aclAllows(service, ResourceType.GROUP, name, AclOperation.READ)) {
                    continue; // a group of its own that happens to share the other's prefix (none today)
                }
                assertThat(decide(service, "AlterGroup", group(name)).allowed())
                    .as("%s AlterGroup on %s's group %s", service, other.entry().principal(), name).isFalse();
            }
            for (String admin : List.of("CreateTopic", "DeleteTopic", "AlterTopic", "AlterTopicDynamicConfiguration")) {
                for (String t : topics) {
                    assertThat(decide(service, admin, topic(t)).allowed()).as("%s %s %s", service, admin, t).isFalse();
                }
            }
            for (String admin : List.of("AlterCluster", "AlterClusterDynamicConfiguration", "DescribeCluster")) {
                assertThat(decide(service, admin, CLUSTER).allowed()).as("%s %s", service, admin).isFalse();
            }
        }
    }
}
