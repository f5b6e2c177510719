package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kafkarpenter.model.events.Topics;

/** kafka.topics.create: none, Strimzi KafkaTopics, or a kafka-topics.sh Job; the topic list is the services'. */
class TopicsTest {

    private static List<String> serviceTopics() {
        List<String> topics = new ArrayList<>(Topics.ALL);
        Topics.SERVICES.forEach(s -> topics.add(Topics.dlq(s)));
        return topics;
    }

    @Test
    void noneCreatesNothing() {
        RenderedChart chart = Charts.render();
        assertThat(Charts.generic(chart, "KafkaTopic")).isEmpty();
        assertThat(chart.ofKind(Job.class)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void strimziTopicsAreTheServicesTopicsWithPendingPodsCompacted() {
        RenderedChart chart = Charts.render("kafka.topics.create=strimzi", "kafka.topics.strimzi.cluster=kafka-prod",
            "kafka.topics.strimzi.namespace=kafka", "kafka.topics.replicationFactor=2",
            "kafka.topics.list.kk\\.nodeclaims\\.launch.partitions=12");
        List<GenericKubernetesResource> topics = Charts.generic(chart, "KafkaTopic");
        assertThat(topics).extracting(t -> Charts.spec(t).get("topicName"))
            .containsExactlyInAnyOrderElementsOf(serviceTopics());
        for (GenericKubernetesResource topic : topics) {
            assertThat(topic.getApiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(topic.getMetadata().getNamespace()).isEqualTo("kafka");
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "kafka-prod");
            assertThat(Charts.spec(topic).get("replicas")).isEqualTo(2);
        }
        Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
        topics.forEach(t -> byName.put((String) Charts.spec(t).get("topicName"), Charts.spec(t)));
        assertThat(byName.get(Topics.PODS_PENDING).get("partitions")).isEqualTo(6);
        assertThat((Map<String, Object>) byName.get(Topics.PODS_PENDING).get("config"))
            .containsEntry("cleanup.policy", "compact");
        assertThat(byName.get(Topics.NODECLAIMS_LAUNCH).get("partitions")).isEqualTo(12);
        for (String other : serviceTopics()) {
            if (!other.equals(Topics.PODS_PENDING)) {
                assertThat(byName.get(other).get("config")).as(other).isNull();
            }
        }
        assertThat(Charts.lint("kafka.topics.create=strimzi")).doesNotContain("[ERROR]");
    }

    @Test
    void theJobIsAHelmHookSoNotInTheManifest() {
        RenderedChart chart = Charts.render("kafka.topics.create=job", "kafka.bootstrapServers=k:9092");
        assertThat(chart.ofKind(Job.class)).isEmpty();
        assertThat(chart.ofKind(ServiceAccount.class)).extracting(sa -> sa.getMetadata().getName())
            .doesNotContain("kafkarpenter-topics");
        assertThat(Charts.lint("kafka.topics.create=job", "kafka.bootstrapServers=k:9092")).doesNotContain("[ERROR]");
    }

    @Test
    void theJobCreatesEachTopicIfMissingWithTheServicesSecurity() {
        RenderedChart chart = Charts.render("kafka.topics.create=job", "kafka.topics.job.hook=false",
            "kafka.bootstrapServers=k1:9096,k2:9096", "kafka.security.type=sasl-scram",
            "kafka.security.scram.secretName=kk-user");
        Job job = chart.named(Job.class, "kafkarpenter-topics-1");
        assertThat(job.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).startsWith("apache/kafka:");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("kafkarpenter-topics");
        chart.named(ServiceAccount.class, "kafkarpenter-topics");
        Map<String, EnvVar> env = new java.util.HashMap<>();
        c.getEnv().forEach(e -> env.put(e.getName(), e));
        assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS").getValue()).isEqualTo("k1:9096,k2:9096");
        assertThat(env.get("KAFKA_SECURITY_PROTOCOL").getValue()).isEqualTo("SASL_SSL");
        assertThat(env.get("SASL_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("kk-user");
        String script = String.join("\n", c.getCommand());
        for (String topic : serviceTopics()) {
            assertThat(script).contains("--create --if-not-exists --topic \"" + topic + "\"");
        }
        assertThat(script).contains("--topic \"kk.pods.pending\" --partitions 6")
            .contains("--config \"cleanup.policy=compact\"")
            .contains("--command-config \"$config\"");
    }

    @Test
    void theJobNeedsBootstrapServersAndAnMskIamClasspath() {
        assertThatThrownBy(() -> Charts.render("kafka.topics.create=job"))
            .hasMessageContaining("kafka.topics.create=job needs kafka.bootstrapServers");
        assertThatThrownBy(() -> Charts.render("kafka.topics.create=job", "kafka.bootstrapServers=k:9098",
            "kafka.security.type=msk-iam")).hasMessageContaining("kafka.topics.job.classpath");
        RenderedChart chart = Charts.render("kafka.topics.create=job", "kafka.topics.job.hook=false",
            "kafka.bootstrapServers=k:9098", "kafka.security.type=msk-iam",
            "kafka.topics.job.image=example.com/kafka-msk:4.1.2",
            "kafka.topics.job.classpath=/opt/msk/aws-msk-iam-auth-all.jar");
        Container c = chart.named(Job.class, "kafkarpenter-topics-1").getSpec().getTemplate().getSpec()
            .getContainers().get(0);
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("CLASSPATH");
            assertThat(e.getValue()).isEqualTo("/opt/msk/aws-msk-iam-auth-all.jar");
        });
    }

    @Test
    void anUnknownModeIsRefused() {
        assertThatThrownBy(() -> Charts.render("kafka.topics.create=terraform"))
            .hasMessageContaining("kafka.topics.create must be none, job or strimzi");
    }
}
