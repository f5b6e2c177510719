package io.kafkarpenter.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * The topics and each service's Kafka rights as the chart defines them ({@code kafka.topics.list} and
 * {@code templates/_kafka-access.tpl}), read from the chart's own Strimzi objects: {@link #fromChart} renders it
 * with {@code kafka.topics.create=strimzi} and {@code kafka.users.create=strimzi} and turns each {@code KafkaTopic}
 * into a {@link Topic} and each {@code KafkaUser}'s ACL rules into Kafka {@link AclBinding}s of principal
 * {@code User:<KafkaUser name>}. {@link KafkaAccessApplier} creates them on any broker with the Admin API, so a
 * Strimzi cluster and an MSK or test broker get the same rights from one definition.
 */
public record KafkaAccess(List<Topic> topics, List<String> users, List<AclBinding> aclBindings) {

    /** Values forced by {@link #fromChart}: the Strimzi objects are what is parsed. */
    private static final Map<String, String> FORCED = Map.of(
        "kafka.topics.create", "strimzi",
        "kafka.users.create", "strimzi",
        "kafka.security.type", "sasl-scram",
        "kafka.security.scram.mechanism", "SCRAM-SHA-512");

    public KafkaAccess {
        topics = List.copyOf(topics);
        users = List.copyOf(users);
        aclBindings = List.copyOf(aclBindings);
    }

    /** The same topics without any ACL: for a broker that authorizes otherwise (MSK IAM) or not at all. */
    public KafkaAccess topicsOnly() {
        return new KafkaAccess(topics, users, List.of());
    }

    /** One topic: name, partitions, replication factor and topic-level configs. */
    public record Topic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
        public Topic {
            configs = Map.copyOf(new LinkedHashMap<>(configs));
        }

        /** The Admin API's request for it; {@code replicationFactorOverride > 0} replaces the chart's factor. */
        public NewTopic toNewTopic(int replicationFactorOverride) {
            short rf = replicationFactorOverride > 0 ? (short) replicationFactorOverride : replicationFactor;
            return new NewTopic(name, partitions, rf).configs(configs);
        }
    }

    /**
     * Renders the chart with these {@code --set} values (as {@link HelmChart#template(Map)}; topics and users are
     * forced to strimzi, {@code settings.clusterName} defaults to a placeholder since nothing here depends on it).
     */
    public static KafkaAccess fromChart(Map<String, String> values) {
        return fromRendered(render(values));
    }

    /** The chart rendered as {@link #fromChart} reads it (also what {@link MskIamPolicies#fromChart} reads). */
    static RenderedChart render(Map<String, String> values) {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("settings.clusterName", "kafka-access");
        set.putAll(values);
        set.putAll(FORCED);
        return HelmChart.template(set);
    }

    /** Parses the KafkaTopics and KafkaUsers of a rendered chart. */
    public static KafkaAccess fromRendered(RenderedChart chart) {
        List<Topic> topics = new ArrayList<>();
        List<String> users = new ArrayList<>();
        Set<AclBinding> acls = new LinkedHashSet<>();
        for (GenericKubernetesResource object : chart.ofKind(GenericKubernetesResource.class)) {
            switch (object.getKind()) {
                case "KafkaTopic" -> topics.add(topic(object));
                case "KafkaUser" -> {
                    String user = object.getMetadata().getName();
                    users.add(user);
                    acls.addAll(acls(user, spec(object)));
                }
                default -> {
                    // not about Kafka
                }
            }
        }
        return new KafkaAccess(topics, users, new ArrayList<>(acls));
    }

    /** {@code User:<name>} of each KafkaUser, in the chart's order. */
    public List<String> principals() {
        return users.stream().map(u -> "User:" + u).toList();
    }

    /** The ACL bindings of one principal ({@code User:kafkarpenter-launcher}). */
    public List<AclBinding> aclBindingsOf(String principal) {
        return aclBindings.stream().filter(b -> b.entry().principal().equals(principal)).toList();
    }

    /** The topic of this name; fails when the chart has none. */
    public Topic topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("the chart defines no topic " + name));
    }

    private static Topic topic(GenericKubernetesResource object) {
        Map<String, Object> spec = spec(object);
        String name = (String) spec.getOrDefault("topicName", object.getMetadata().getName());
        Map<String, String> configs = new LinkedHashMap<>();
        Object config = spec.get("config");
        if (config instanceof Map<?, ?> map) {
            map.forEach((k, v) -> configs.put(String.valueOf(k), String.valueOf(v)));
        }
        return new Topic(name, number(spec, "partitions", name), (short) number(spec, "replicas", name), configs);
    }

    @SuppressWarnings("unchecked")
    private static List<AclBinding> acls(String user, Map<String, Object> spec) {
        Map<String, Object> authorization = (Map<String, Object>) spec.get("authorization");
        if (authorization == null) {
            return List.of();
        }
        if (!"simple".equals(authorization.get("type"))) {
            throw new IllegalStateException("KafkaUser " + user + ": authorization type " + authorization.get("type")
                + " is not simple");
        }
        List<AclBinding> out = new ArrayList<>();
        for (Map<String, Object> rule : (List<Map<String, Object>>) authorization.getOrDefault("acls", List.of())) {
            Map<String, Object> resource = (Map<String, Object>) rule.get("resource");
            ResourceType type = ResourceType.valueOf(snake((String) resource.get("type")));
            String name = type == ResourceType.CLUSTER ? "kafka-cluster" : (String) resource.get("name");
            PatternType pattern = "prefix".equals(resource.getOrDefault("patternType", "literal"))
                ? PatternType.PREFIXED : PatternType.LITERAL;
            AclPermissionType permission = "deny".equals(rule.getOrDefault("type", "allow"))
                ? AclPermissionType.DENY : AclPermissionType.ALLOW;
            String host = (String) rule.getOrDefault("host", "*");
            List<String> operations = new ArrayList<>((List<String>) rule.getOrDefault("operations", List.of()));
            if (rule.get("operation") != null) {
                operations.add((String) rule.get("operation"));
            }
            for (String operation : operations) {
                out.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry("User:" + user, host, AclOperation.valueOf(snake(operation)), permission)));
            }
        }
        return out;
    }

    /** Strimzi's camel case ({@code transactionalId}, {@code IdempotentWrite}) as Kafka's enum names. */
    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static int number(Map<String, Object> spec, String key, String topic) {
        Object value = spec.get(key);
        if (!(value instanceof Number n)) {
            throw new IllegalStateException("KafkaTopic " + topic + " has no numeric spec." + key + ": " + value);
        }
        return n.intValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource object) {
        Object spec = object.getAdditionalProperties().get("spec");
        if (!(spec instanceof Map<?, ?>)) {
            throw new IllegalStateException(object.getKind() + " " + object.getMetadata().getName() + " has no spec");
        }
        return (Map<String, Object>) spec;
    }
}
