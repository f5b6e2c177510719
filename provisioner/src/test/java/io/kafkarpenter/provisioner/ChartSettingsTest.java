package io.kafkarpenter.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.testing.config.ChartConfig;
import io.smallrye.config.SmallRyeConfig;

/** The chart's batch settings (Karpenter's BATCH_IDLE_DURATION / BATCH_MAX_DURATION) reach the provisioner. */
class ChartSettingsTest {

    @Test
    void batchWindowAndRegionComeFromTheChartValues() {
        SmallRyeConfig config = ChartConfig.of("provisioner", Map.of(
            "settings.clusterName", "c",
            "settings.region", "ap-south-1",
            "settings.batchIdleDuration", "2s",
            "settings.batchMaxDuration", "30s"), ProvisionerConfig.class);
        ProvisionerConfig provisioner = config.getConfigMapping(ProvisionerConfig.class);

        assertThat(provisioner.batchIdleDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(provisioner.batchMaxDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(provisioner.instanceTypes().region()).isEqualTo("ap-south-1");
    }

    @Test
    void theChartDefaultsAreKarpenters() {
        ProvisionerConfig provisioner = ChartConfig.of("provisioner", Map.of("settings.clusterName", "c"),
            ProvisionerConfig.class).getConfigMapping(ProvisionerConfig.class);

        assertThat(provisioner.batchIdleDuration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(provisioner.batchMaxDuration()).isEqualTo(Duration.ofSeconds(10));
    }
}
