package io.kafkarpenter.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.testing.config.ChartConfig;
import io.smallrye.config.SmallRyeConfig;

/** The chart's values reach the launcher's settings (its container environment read as Quarkus reads it). */
class ChartSettingsTest {

    @Test
    void clusterRegionEndpointKafkaAndLogsComeFromTheChartValues() {
        SmallRyeConfig config = ChartConfig.of("launcher", Map.of(
            "settings.clusterName", "prod-eu",
            "settings.region", "eu-west-1",
            "settings.clusterEndpoint", "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
            "kafka.bootstrapServers", "b-1.msk:9098,b-2.msk:9098",
            "kafka.security.type", "msk-iam",
            "logLevel", "DEBUG"), LauncherConfig.class);
        LauncherConfig launcher = config.getConfigMapping(LauncherConfig.class);

        assertThat(launcher.clusterName()).isEqualTo("prod-eu");
        assertThat(launcher.ec2().region()).isEqualTo("eu-west-1");
        assertThat(launcher.clusterEndpoint()).contains(URI.create("https://ABC.gr7.eu-west-1.eks.amazonaws.com"));
        assertThat(config.getValue("kafka.bootstrap.servers", String.class)).isEqualTo("b-1.msk:9098,b-2.msk:9098");
        assertThat(config.getValue("kafka.security.protocol", String.class)).isEqualTo("SASL_SSL");
        assertThat(config.getValue("kafka.sasl.mechanism", String.class)).isEqualTo("AWS_MSK_IAM");
        assertThat(config.getValue("quarkus.log.level", String.class)).isEqualTo("DEBUG");
        assertThat(config.getValue("quarkus.log.console.json.enabled", Boolean.class)).isTrue();
    }

    @Test
    void withoutOptionalValuesTheServiceDefaultsHold() {
        SmallRyeConfig config = ChartConfig.of("launcher", Map.of("settings.clusterName", "c"), LauncherConfig.class);
        LauncherConfig launcher = config.getConfigMapping(LauncherConfig.class);

        assertThat(launcher.clusterName()).isEqualTo("c");
        assertThat(launcher.clusterEndpoint()).isEmpty();
        assertThat(launcher.registrationTtl()).hasMinutes(15);
        assertThat(launcher.interruption().queue()).as("no interruption queue: nothing polled").isEmpty();
    }

    @Test
    void theInterruptionQueueAndTheReadersLeaseComeFromTheChart() {
        LauncherConfig launcher = ChartConfig.of("launcher", Map.of("settings.clusterName", "prod-eu",
            "settings.interruptionQueue", "prod-eu"), LauncherConfig.class).getConfigMapping(LauncherConfig.class);

        assertThat(launcher.interruption().queue()).contains("prod-eu");
        assertThat(launcher.interruption().leaderElection().enabled()).isTrue();
        assertThat(launcher.interruption().leaderElection().leaseName()).isEqualTo("kk-launcher-interruption");
        assertThat(launcher.interruption().leaderElection().leaseNamespace()).isEqualTo("kube-system");
        assertThat(launcher.interruption().waitTime()).hasSeconds(20);
        assertThat(launcher.interruption().visibilityTimeout()).hasSeconds(20);
        assertThat(launcher.interruption().maxMessages()).isEqualTo(10);
    }
}
