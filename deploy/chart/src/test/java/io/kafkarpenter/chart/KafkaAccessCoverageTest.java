package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's Kafka rights are exactly what each service's channels need: read from its
 * {@code src/main/resources/application.properties}, each incoming channel's topic Read + Describe and its group
 * Read (literal, or prefixed where the id ends in a per-process {@code ${...}}), each dead-letter topic and outgoing
 * channel's topic Write + Describe, and nothing else. A channel added without its ACL, or an ACL left behind when a
 * channel goes, fails here; so does a raw Kafka client in a service (its rights would not follow from channels).
 */
class KafkaAccessCoverageTest {

    private static final Path ROOT = Path.of(System.getProperty("kk.project.root", "../..")).toAbsolutePath().normalize();
    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector");

    private static KafkaAccess access;

    @BeforeAll
    static void render() {
        access = KafkaAccess.fromChart(Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pod-watcher", "provisioner", "launcher", "consolidator", "tag-reconciler", "viewer"})
    void theServicesUserHasExactlyWhatItsChannelsNeed(String service) throws IOException {
        String principal = "User:kafkarpenter-" + service;
        Set<AclBinding> needed = needed(module(service), principal);
        assertThat(needed).as("channels of " + service).isNotEmpty();
        Set<AclBinding> granted = new LinkedHashSet<>(access.aclBindingsOf(principal));
        assertThat(needed.stream().filter(b -> !granted.contains(b)).map(KafkaAccessApplier::describe))
            .as(service + ": needed by its channels but not granted by the chart").isEmpty();
        assertThat(granted.stream().filter(b -> !needed.contains(b)).map(KafkaAccessApplier::describe))
            .as(service + ": granted by the chart but needed by no channel").isEmpty();
    }

    @Test
    void everyServiceAndTheViewerHaveAUserAndNoOneElseDoes() {
        assertThat(access.users()).containsExactly("kafkarpenter-pod-watcher", "kafkarpenter-provisioner",
            "kafkarpenter-launcher", "kafkarpenter-consolidator", "kafkarpenter-tag-reconciler", "kafkarpenter-viewer");
    }

    @Test
    void noServiceOpensKafkaClientsOfItsOwn() throws IOException {
        Pattern raw = Pattern.compile("new\\s+Kafka(Consumer|Producer)\\b|\\bAdmin(Client)?\\.create\\(|KafkaAdminClient");
        List<String> offenders = new ArrayList<>();
        for (String module : List.of("pod-watcher", "provisioner", "launcher", "consolidator", "tag-reconciler",
                "service-support", "deploy/viewer")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    if (raw.matcher(Files.readString(file)).find()) {
                        offenders.add(ROOT.relativize(file).toString());
                    }
                }
            }
        }
        assertThat(offenders).as("raw Kafka clients need ACLs the channel check cannot see").isEmpty();
    }

    /** The module of a service (the web viewer's: deploy/viewer). */
    private static String module(String service) {
        return "viewer".equals(service) ? "deploy/viewer" : service;
    }

    /** The bindings the module's channels need, from its application.properties (profile-less keys). */
    private static Set<AclBinding> needed(String module, String principal) throws IOException {
        String service = module;
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(ROOT.resolve(module).resolve("src/main/resources/application.properties"))) {
            props.load(in);
        }
        Set<AclBinding> needed = new LinkedHashSet<>();
        for (String key : props.stringPropertyNames()) {
            Matcher m = CHANNEL.matcher(key);
            if (!m.matches() || !"smallrye-kafka".equals(props.getProperty(key))) {
                continue;
            }
            String direction = m.group(1);
            String channel = m.group(2);
            String prefix = "mp.messaging." + direction + "." + channel + ".";
            String topic = props.getProperty(prefix + "topic", channel);
            if (direction.equals("incoming")) {
                topic(needed, principal, topic, AclOperation.READ);
                String group = props.getProperty(prefix + "group.id");
                assertThat(group).as(service + " channel " + channel + " names its consumer group").isNotBlank();
                int variable = group.indexOf("${");
                needed.add(binding(principal, ResourceType.GROUP, variable < 0 ? group : group.substring(0, variable),
                    variable < 0 ? PatternType.LITERAL : PatternType.PREFIXED, AclOperation.READ));
                if ("dead-letter-queue".equals(props.getProperty(prefix + "failure-strategy"))) {
                    topic(needed, principal, props.getProperty(prefix + "dead-letter-queue.topic",
                        "dead-letter-topic-" + channel), AclOperation.WRITE);
                }
            } else {
                topic(needed, principal, topic, AclOperation.WRITE);
            }
        }
        return needed;
    }

    private static void topic(Set<AclBinding> into, String principal, String topic, AclOperation operation) {
        into.add(binding(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, operation));
        into.add(binding(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
    }

    private static AclBinding binding(String principal, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
            new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
