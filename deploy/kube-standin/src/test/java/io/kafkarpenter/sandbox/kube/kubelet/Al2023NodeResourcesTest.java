package io.kafkarpenter.sandbox.kube.kubelet;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The worked examples of karpenter-aws.md §5.4. */
class Al2023NodeResourcesTest {

    @Test
    void m5LargeMatchesWhatEksPublishes() {
        var r = Al2023NodeResources.compute(2, 8192, false, Al2023NodeResources.eniLimitedPods(3, 10));

        assertThat(r.allocatable()).containsEntry("cpu", new Quantity("1930m"))
                .containsEntry("memory", new Quantity("6903Mi"))
                .containsEntry("ephemeral-storage", new Quantity("17Gi"))
                .containsEntry("pods", new Quantity("29"));
        assertThat(r.capacity()).containsEntry("cpu", new Quantity("2")).containsEntry("memory", new Quantity("7577Mi"));
    }

    @Test
    void arm64LosesTheCmaReservation() {
        assertThat(Al2023NodeResources.compute(2, 8192, true, 29).allocatable()).containsEntry("memory", new Quantity("6844Mi"));
    }

    @Test
    void kubeReservedCpuFollowsTheTiers() {
        assertThat(Al2023NodeResources.kubeReservedCpuMilli(2000)).isEqualTo(70);
        assertThat(Al2023NodeResources.kubeReservedCpuMilli(4000)).isEqualTo(80);
        assertThat(Al2023NodeResources.kubeReservedCpuMilli(8000)).isEqualTo(90);
        assertThat(Al2023NodeResources.kubeReservedCpuMilli(16000)).isEqualTo(110);
        assertThat(Al2023NodeResources.kubeReservedCpuMilli(96000)).isEqualTo(310);
    }
}
