package io.kafkarpenter.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Each service's least-privilege IAM policy for Amazon MSK with IAM access control ({@code kafka.security.type=
 * msk-iam}), where the broker authorizes {@code kafka-cluster:*} actions of the client's IAM role instead of Kafka
 * ACLs. Derived from the same definition as the ACLs ({@code templates/_kafka-access.tpl}, read through
 * {@link KafkaAccess}), so both delivery paths grant the same rights:
 * <ul>
 *   <li>{@code kafka-cluster:Connect} on the cluster, always;</li>
 *   <li>{@code kafka-cluster:WriteDataIdempotently} on the cluster when the service writes any topic: the Kafka
 *   clients' producers are idempotent by default ({@code enable.idempotence=true} since Kafka 3.0, and no service
 *   turns it off). A Kafka 3 broker with ACLs lets topic Write stand for it (KIP-679), MSK's IAM authorizer asks for
 *   this action on the cluster;</li>
 *   <li>topic ACL Read, Write, Describe as {@code ReadData}, {@code WriteData}, {@code DescribeTopic} on the topic's
 *   ARN (AWS lists DescribeTopic as required by ReadData and WriteData: added with them);</li>
 *   <li>group ACL Read as {@code AlterGroup} plus its required {@code DescribeGroup} on the group's ARN, a prefixed
 *   ACL as {@code <prefix>*}.</li>
 * </ul>
 * Any other ACL (deny, a host other than {@code *}, an operation without a mapping here) is an error rather than a
 * silent gap. Topics or groups with the same set of actions share one statement, named after it
 * ({@code ReadTopics}, {@code WriteTopics}, {@code ReadWriteTopics}, {@code ConsumerGroups}).
 */
public final class MskIamPolicies {

    static final String PREFIX = "kafka-cluster:";
    /** The order actions are listed in inside a statement. */
    private static final List<String> ACTION_ORDER = List.of("Connect", "DescribeCluster", "WriteDataIdempotently",
        "DescribeTopic", "ReadData", "WriteData", "DescribeGroup", "AlterGroup");
    /** The label of each KafkaUser that names its service. */
    private static final String COMPONENT_LABEL = "app.kubernetes.io/component";

    private MskIamPolicies() {
    }

    /** Each service's policy, by service name in the chart's order, from the chart rendered with these values. */
    public static Map<String, MskIamPolicy> fromChart(Map<String, String> values) {
        RenderedChart chart = KafkaAccess.render(values);
        KafkaAccess access = KafkaAccess.fromRendered(chart);
        Map<String, MskIamPolicy> policies = new LinkedHashMap<>();
        for (GenericKubernetesResource user : chart.ofKind(GenericKubernetesResource.class)) {
            if (!"KafkaUser".equals(user.getKind())) {
                continue;
            }
            String name = user.getMetadata().getName();
            String service = user.getMetadata().getLabels() == null ? null
                : user.getMetadata().getLabels().get(COMPONENT_LABEL);
            if (service == null) {
                throw new IllegalStateException("KafkaUser " + name + " has no " + COMPONENT_LABEL + " label");
            }
            policies.put(service, policyOf(service, access.aclBindingsOf("User:" + name)));
        }
        return policies;
    }

    /** The policy granting what these ACL bindings (of one principal) grant. */
    public static MskIamPolicy policyOf(String service, List<AclBinding> bindings) {
        Map<String, Set<String>> topicActions = new LinkedHashMap<>();
        Map<String, Set<String>> groupActions = new LinkedHashMap<>();
        Set<String> clusterActions = new LinkedHashSet<>(List.of("Connect"));
        for (AclBinding binding : bindings) {
            check(service, binding);
            ResourcePattern pattern = binding.pattern();
            AclOperation op = binding.entry().operation();
            switch (pattern.resourceType()) {
                case TOPIC -> {
                    Set<String> actions = topicActions.computeIfAbsent(arn(MskIamPolicy.TOPIC_ARN_PREFIX, pattern),
                        k -> new LinkedHashSet<>());
                    switch (op) {
                        case READ -> actions.addAll(List.of("ReadData", "DescribeTopic"));
                        case WRITE -> {
                            actions.addAll(List.of("WriteData", "DescribeTopic"));
                            clusterActions.add("WriteDataIdempotently");
                        }
                        case DESCRIBE -> actions.add("DescribeTopic");
                        default -> throw unmapped(service, binding);
                    }
                }
                case GROUP -> {
                    Set<String> actions = groupActions.computeIfAbsent(arn(MskIamPolicy.GROUP_ARN_PREFIX, pattern),
                        k -> new LinkedHashSet<>());
                    switch (op) {
                        case READ -> actions.addAll(List.of("AlterGroup", "DescribeGroup"));
                        case DESCRIBE -> actions.add("DescribeGroup");
                        default -> throw unmapped(service, binding);
                    }
                }
                case CLUSTER -> {
                    switch (op) {
                        case IDEMPOTENT_WRITE -> clusterActions.add("WriteDataIdempotently");
                        case DESCRIBE -> clusterActions.add("DescribeCluster");
                        default -> throw unmapped(service, binding);
                    }
                }
                default -> throw unmapped(service, binding);
            }
        }
        List<MskIamPolicy.Statement> statements = new ArrayList<>();
        for (String action : ordered(clusterActions)) {
            statements.add(new MskIamPolicy.Statement(action.replace(PREFIX, ""), List.of(action),
                List.of(MskIamPolicy.CLUSTER_ARN)));
        }
        statements.addAll(grouped(topicActions, "Topics"));
        statements.addAll(grouped(groupActions, "Groups"));
        return new MskIamPolicy(service, statements);
    }

    /** Writes {@code <dir>/<service>.json} for each policy; returns the files written. */
    public static List<Path> write(Map<String, MskIamPolicy> policies, Path dir) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (MskIamPolicy policy : policies.values()) {
                Path file = dir.resolve(policy.service() + ".json");
                Files.writeString(file, policy.toJson(), StandardCharsets.UTF_8);
                files.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the MSK IAM policies to " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** One statement per distinct set of actions, its resources in the chart's order. */
    private static List<MskIamPolicy.Statement> grouped(Map<String, Set<String>> byResource, String kind) {
        Map<List<String>, List<String>> byActions = new LinkedHashMap<>();
        byResource.forEach((resource, actions) ->
            byActions.computeIfAbsent(ordered(actions), k -> new ArrayList<>()).add(resource));
        List<MskIamPolicy.Statement> out = new ArrayList<>();
        byActions.forEach((actions, resources) -> out.add(new MskIamPolicy.Statement(sid(kind, actions), actions,
            resources)));
        return out;
    }

    /** ReadTopics, WriteTopics, ReadWriteTopics, DescribeTopics, ConsumerGroups, DescribeGroups. */
    private static String sid(String kind, List<String> actions) {
        Set<String> names = new TreeSet<>(actions.stream().map(a -> a.replace(PREFIX, "")).toList());
        if (kind.equals("Topics")) {
            String access = (names.remove("ReadData") ? "Read" : "") + (names.remove("WriteData") ? "Write" : "");
            names.remove("DescribeTopic");
            return (access.isEmpty() ? "Describe" : access) + String.join("", names) + kind;
        }
        String access = names.remove("AlterGroup") ? "Consumer" : "Describe";
        names.remove("DescribeGroup");
        return access + String.join("", names) + kind;
    }

    private static List<String> ordered(Set<String> actions) {
        return actions.stream().sorted((a, b) -> Integer.compare(ACTION_ORDER.indexOf(a), ACTION_ORDER.indexOf(b)))
            .map(a -> PREFIX + a).toList();
    }

    private static String arn(String prefix, ResourcePattern pattern) {
        String name = pattern.name();
        if (!name.equals("*") && (name.contains("*") || name.contains("?"))) {
            throw new IllegalStateException(pattern + ": '*' or '?' in a name would be an IAM wildcard");
        }
        return switch (pattern.patternType()) {
            case LITERAL -> prefix + name;
            case PREFIXED -> prefix + name + "*";
            default -> throw new IllegalStateException(pattern + ": pattern type " + pattern.patternType()
                + " has no IAM equivalent here");
        };
    }

    private static void check(String service, AclBinding binding) {
        if (binding.entry().permissionType() != AclPermissionType.ALLOW) {
            throw new IllegalStateException(service + ": " + binding + " is not an ALLOW ACL; only those are mapped");
        }
        if (!"*".equals(binding.entry().host())) {
            throw new IllegalStateException(service + ": " + binding + " is limited to a host, which IAM cannot say");
        }
        if (binding.pattern().patternType() != PatternType.LITERAL
            && binding.pattern().patternType() != PatternType.PREFIXED) {
            throw new IllegalStateException(service + ": " + binding + " is neither literal nor prefixed");
        }
    }

    private static IllegalStateException unmapped(String service, AclBinding binding) {
        ResourceType type = binding.pattern().resourceType();
        return new IllegalStateException(service + ": no MSK IAM action is mapped for " + binding.entry().operation()
            + " on " + type + " (" + binding + "); add it to MskIamPolicies");
    }
}
