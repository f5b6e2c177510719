package io.kafkarpenter.chart;

import static io.kafkarpenter.chart.Charts.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** kafka.users.create=strimzi: a Strimzi KafkaUser per service, SCRAM-SHA-512, ACLs from _kafka-access.tpl. */
class KafkaUsersTest {

    private static final String[] STRIMZI = {"kafka.users.create=strimzi", "kafka.security.type=sasl-scram"};

    @Test
    void noneRendersNoUsers() {
        assertThat(Charts.generic(Charts.render(), "KafkaUser")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void strimziRendersOneScramUserPerServiceAndTheViewerNamedLikeItsOtherObjects() {
        RenderedChart chart = Charts.render(STRIMZI);
        List<GenericKubernetesResource> users = Charts.generic(chart, "KafkaUser");
        assertThat(users).extracting(u -> u.getMetadata().getName())
            .containsExactlyElementsOf(Charts.KAFKA_USERS.stream().map(Charts::name).toList());
        for (GenericKubernetesResource user : users) {
            assertThat(user.getApiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(user.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
            // the topics' cluster unless kafka.users.strimzi.cluster says otherwise
            assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "my-cluster");
            Map<String, Object> spec = Charts.spec(user);
            assertThat((Map<String, Object>) spec.get("authentication")).containsExactly(Map.entry("type", "scram-sha-512"));
            Map<String, Object> authorization = (Map<String, Object>) spec.get("authorization");
            assertThat(authorization.get("type")).isEqualTo("simple");
            assertThat((List<Object>) authorization.get("acls")).isNotEmpty();
        }
        assertThat(Charts.lint(STRIMZI)).doesNotContain("[ERROR]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLaunchersRulesAreOnePerTopicAndGroup() {
        GenericKubernetesResource launcher = Charts.generic(Charts.render(STRIMZI), "KafkaUser").stream()
            .filter(u -> u.getMetadata().getName().equals("kafkarpenter-launcher")).findFirst().orElseThrow();
        List<Map<String, Object>> acls = (List<Map<String, Object>>) ((Map<String, Object>) Charts.spec(launcher)
            .get("authorization")).get("acls");
        assertThat(acls).contains(
            Map.of("resource", Map.of("type", "topic", "name", "kk.nodes.terminate", "patternType", "literal"),
                "operations", List.of("Read", "Describe"), "host", "*"),
            Map.of("resource", Map.of("type", "topic", "name", "kk.nodeclaims.status", "patternType", "literal"),
                "operations", List.of("Write", "Describe"), "host", "*"),
            Map.of("resource", Map.of("type", "group", "name", "kk-launcher-terminate", "patternType", "literal"),
                "operations", List.of("Read"), "host", "*"));
        assertThat(acls).hasSize(6 + 2);
    }

    @Test
    void clusterAndNamespaceCanBeSet() {
        RenderedChart chart = Charts.render("kafka.users.create=strimzi", "kafka.security.type=sasl-scram",
            "kafka.users.strimzi.cluster=prod", "kafka.users.strimzi.namespace=kafka", "kafka.topics.strimzi.cluster=other");
        assertThat(Charts.generic(chart, "KafkaUser")).allSatisfy(u -> {
            assertThat(u.getMetadata().getNamespace()).isEqualTo("kafka");
            assertThat(u.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "prod");
        });
    }

    @Test
    void usersNeedScramSha512AndAKnownMode() {
        assertThatThrownBy(() -> Charts.render("kafka.users.create=strimzi"))
            .hasMessageContaining("set kafka.security.type=sasl-scram");
        assertThatThrownBy(() -> Charts.render("kafka.users.create=strimzi", "kafka.security.type=sasl-scram",
            "kafka.security.scram.mechanism=SCRAM-SHA-256")).hasMessageContaining("SCRAM-SHA-512");
        assertThatThrownBy(() -> Charts.render("kafka.users.create=job"))
            .hasMessageContaining("kafka.users.create must be none or strimzi");
    }
}
