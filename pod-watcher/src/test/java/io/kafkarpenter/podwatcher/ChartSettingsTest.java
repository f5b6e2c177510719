package io.kafkarpenter.podwatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.testing.config.ChartConfig;
import io.smallrye.config.SmallRyeConfig;

/** The pod-watcher's Lease lives in the release namespace and its Kafka client takes the chart's security. */
class ChartSettingsTest {

    @Test
    void leaseNamespaceAndKafkaSecurityComeFromTheChart() {
        SmallRyeConfig config = ChartConfig.of("pod-watcher", Map.of(
            "settings.clusterName", "c",
            "kafka.bootstrapServers", "kafka-bootstrap.kafka:9093",
            "kafka.security.type", "tls"), PodWatcherConfig.class);

        assertThat(config.getConfigMapping(PodWatcherConfig.class).leaderElection().leaseNamespace())
            .isEqualTo("kube-system");
        assertThat(config.getValue("kafka.bootstrap.servers", String.class)).isEqualTo("kafka-bootstrap.kafka:9093");
        assertThat(config.getValue("kafka.security.protocol", String.class)).isEqualTo("SSL");
    }
}
