package io.kafkarpenter.consolidator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.testing.config.ChartConfig;

/** The chart's feature gate, region and Lease namespace reach the consolidator. */
class ChartSettingsTest {

    @Test
    void spotToSpotRegionAndLeaseNamespaceComeFromTheChart() {
        ConsolidatorConfig consolidator = ChartConfig.of("consolidator", Map.of(
            "settings.clusterName", "c",
            "settings.region", "eu-central-1",
            "settings.featureGates.spotToSpotConsolidation", "true"), ConsolidatorConfig.class)
            .getConfigMapping(ConsolidatorConfig.class);

        assertThat(consolidator.spotToSpotConsolidation()).isTrue();
        assertThat(consolidator.region()).isEqualTo("eu-central-1");
        assertThat(consolidator.leaderElection().leaseNamespace()).isEqualTo("kube-system");
        assertThat(consolidator.leaderElection().leaseName()).isEqualTo("kk-consolidator");
    }

    @Test
    void spotToSpotIsOffByDefaultAsInKarpenter() {
        ConsolidatorConfig consolidator = ChartConfig.of("consolidator", Map.of("settings.clusterName", "c"),
            ConsolidatorConfig.class).getConfigMapping(ConsolidatorConfig.class);

        assertThat(consolidator.spotToSpotConsolidation()).isFalse();
    }
}
