package io.kafkarpenter.tagreconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.testing.config.ChartConfig;

/** The chart's cluster name, region and Lease namespace reach the tag-reconciler (the discovery tag's value). */
class ChartSettingsTest {

    @Test
    void clusterNameRegionAndLeaseNamespaceComeFromTheChart() {
        TagReconcilerConfig reconciler = ChartConfig.of("tag-reconciler", Map.of(
            "settings.clusterName", "prod-eu",
            "settings.region", "eu-west-1"), TagReconcilerConfig.class).getConfigMapping(TagReconcilerConfig.class);

        assertThat(reconciler.clusterName()).isEqualTo("prod-eu");
        assertThat(reconciler.region()).isEqualTo("eu-west-1");
        assertThat(reconciler.leaderElection().leaseNamespace()).isEqualTo("kube-system");
    }
}
