package io.kafkarpenter.chart;

import static io.kafkarpenter.chart.Charts.SERVICES;
import static io.kafkarpenter.chart.Charts.container;
import static io.kafkarpenter.chart.Charts.deployment;
import static io.kafkarpenter.chart.Charts.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;

/** kafka.security.type: the KAFKA_* client settings each service gets (Quarkus maps them to kafka.*). */
class KafkaSecurityTest {

    private static final List<String> KAFKA_CLIENT_SETTINGS = List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
        "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS", "KAFKA_SSL_TRUSTSTORE_LOCATION",
        "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_PASSWORD", "KAFKA_SSL_KEYSTORE_LOCATION",
        "KAFKA_SSL_KEYSTORE_TYPE", "KAFKA_SSL_KEYSTORE_PASSWORD");

    /** The security settings of one service (literal values; secret references as secret:NAME/KEY). */
    private static Map<String, String> security(RenderedChart chart, String service) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (EnvVar v : env(chart, service).values()) {
            if (KAFKA_CLIENT_SETTINGS.contains(v.getName()) || v.getName().startsWith("SASL_")) {
                out.put(v.getName(), v.getValueFrom() != null
                    ? "secret:" + v.getValueFrom().getSecretKeyRef().getName() + "/" + v.getValueFrom().getSecretKeyRef().getKey()
                    : v.getValue());
            }
        }
        return out;
    }

    private static void sameOnEveryService(RenderedChart chart, Map<String, String> expected) {
        for (String service : SERVICES) {
            assertThat(security(chart, service)).as(service).containsExactlyEntriesOf(expected);
        }
    }

    @Test
    void plaintextSetsNothing() {
        sameOnEveryService(Charts.render(), Map.of());
        for (String service : SERVICES) {
            assertThat(deployment(Charts.render(), service).getSpec().getTemplate().getSpec().getVolumes())
                .extracting(Volume::getName).containsExactly("tmp");
        }
    }

    @Test
    void tlsTrustsTheMountedTruststore() {
        String[] values = {"kafka.security.type=tls", "kafka.security.tls.secretName=kafka-ca",
            "kafka.security.tls.truststoreKey=ca.p12", "kafka.security.tls.truststorePasswordKey=ca.password"};
        RenderedChart chart = Charts.render(values);
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("KAFKA_SECURITY_PROTOCOL", "SSL");
        expected.put("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafkarpenter/kafka-tls/ca.p12");
        expected.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        expected.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", "secret:kafka-ca/ca.password");
        sameOnEveryService(chart, expected);
        for (String service : SERVICES) {
            assertTlsSecretMounted(chart, service, "kafka-ca");
        }
        assertThat(Charts.lint(values)).doesNotContain("[ERROR]");
    }

    @Test
    void mutualTlsAddsTheKeystore() {
        RenderedChart chart = Charts.render("kafka.security.type=tls", "kafka.security.tls.secretName=kafka-user",
            "kafka.security.tls.truststoreKey=ca.p12", "kafka.security.tls.keystoreKey=user.p12",
            "kafka.security.tls.keystorePasswordKey=user.password");
        Map<String, String> sec = security(chart, "launcher");
        assertThat(sec).containsEntry("KAFKA_SSL_KEYSTORE_LOCATION", "/etc/kafkarpenter/kafka-tls/user.p12")
            .containsEntry("KAFKA_SSL_KEYSTORE_TYPE", "PKCS12")
            .containsEntry("KAFKA_SSL_KEYSTORE_PASSWORD", "secret:kafka-user/user.password")
            .doesNotContainKey("KAFKA_SSL_TRUSTSTORE_PASSWORD");
    }

    @Test
    void tlsWithoutASecretUsesTheJvmDefaultCertificates() {
        RenderedChart chart = Charts.render("kafka.security.type=tls");
        sameOnEveryService(chart, Map.of("KAFKA_SECURITY_PROTOCOL", "SSL"));
        assertThat(deployment(chart, "provisioner").getSpec().getTemplate().getSpec().getVolumes())
            .extracting(Volume::getName).containsExactly("tmp");
    }

    @Test
    void scramTakesUsernameAndPasswordFromASecretIntoTheJaasConfig() {
        String[] values = {"kafka.security.type=sasl-scram", "kafka.security.scram.secretName=kafkarpenter-user"};
        RenderedChart chart = Charts.render(values);
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        expected.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        expected.put("SASL_USERNAME", "secret:kafkarpenter-user/username");
        expected.put("SASL_PASSWORD", "secret:kafkarpenter-user/password");
        expected.put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"$(SASL_USERNAME)\" password=\"$(SASL_PASSWORD)\";");
        sameOnEveryService(chart, expected);
        for (String service : SERVICES) {
            // $(VAR) expands only variables defined before it
            List<String> names = new ArrayList<>(env(chart, service).keySet());
            assertThat(names.indexOf("KAFKA_SASL_JAAS_CONFIG")).isGreaterThan(names.indexOf("SASL_USERNAME"))
                .isGreaterThan(names.indexOf("SASL_PASSWORD"));
        }
        assertThat(Charts.lint(values)).doesNotContain("[ERROR]");
    }

    @Test
    void scramOverPlaintextWithSha256() {
        RenderedChart chart = Charts.render("kafka.security.type=sasl-scram", "kafka.security.scram.secretName=u",
            "kafka.security.scram.tls=false", "kafka.security.scram.mechanism=SCRAM-SHA-256");
        assertThat(security(chart, "consolidator")).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
            .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256");
    }

    @Test
    void scramWithACustomCaMountsIt() {
        RenderedChart chart = Charts.render("kafka.security.type=sasl-scram", "kafka.security.scram.secretName=u",
            "kafka.security.tls.secretName=kafka-ca");
        assertThat(security(chart, "pod-watcher")).containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION",
            "/etc/kafkarpenter/kafka-tls/truststore.p12");
        assertTlsSecretMounted(chart, "pod-watcher", "kafka-ca");
    }

    @Test
    void scramWithoutASharedSecretLogsEachServiceInAsItsOwnUser() {
        String[] values = {"kafka.security.type=sasl-scram", "kafka.security.scram.tls=false"};
        RenderedChart chart = Charts.render(values);
        for (String service : SERVICES) {
            // the Secret Strimzi's User Operator writes for KafkaUser kafkarpenter-<service>; username = its name
            assertThat(security(chart, service)).as(service)
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("SASL_USERNAME", "kafkarpenter-" + service)
                .containsEntry("SASL_PASSWORD", "secret:kafkarpenter-" + service + "/password")
                .containsEntry("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule"
                    + " required username=\"$(SASL_USERNAME)\" password=\"$(SASL_PASSWORD)\";");
        }
        assertThat(Charts.lint(values)).doesNotContain("[ERROR]");
    }

    @Test
    void theTopicsJobWithScramNeedsASharedSecret() {
        assertThatThrownBy(() -> Charts.render("kafka.security.type=sasl-scram", "kafka.topics.create=job",
            "kafka.topics.job.hook=false", "kafka.bootstrapServers=k:9096"))
            .hasMessageContaining("kafka.security.scram.secretName");
    }

    @Test
    void mskIamUsesTheAwsLoginModuleAndCallbackHandler() {
        RenderedChart chart = Charts.render("kafka.security.type=msk-iam");
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        expected.put("KAFKA_SASL_MECHANISM", "AWS_MSK_IAM");
        expected.put("KAFKA_SASL_JAAS_CONFIG", "software.amazon.msk.auth.iam.IAMLoginModule required;");
        expected.put("KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS",
            "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        sameOnEveryService(chart, expected);
        assertThat(Charts.lint("kafka.security.type=msk-iam")).doesNotContain("[ERROR]");
    }

    @Test
    void anUnknownTypeIsRefused() {
        assertThatThrownBy(() -> Charts.render("kafka.security.type=kerberos"))
            .hasMessageContaining("kafka.security.type must be plaintext, tls, sasl-scram or msk-iam");
    }

    private static void assertTlsSecretMounted(RenderedChart chart, String service, String secret) {
        assertThat(deployment(chart, service).getSpec().getTemplate().getSpec().getVolumes())
            .filteredOn(v -> "kafka-tls".equals(v.getName())).singleElement()
            .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo(secret));
        assertThat(container(chart, service).getVolumeMounts()).filteredOn(m -> "kafka-tls".equals(m.getName()))
            .singleElement().satisfies(m -> {
                assertThat(m.getMountPath()).isEqualTo("/etc/kafkarpenter/kafka-tls");
                assertThat(m.getReadOnly()).isTrue();
            });
    }
}
