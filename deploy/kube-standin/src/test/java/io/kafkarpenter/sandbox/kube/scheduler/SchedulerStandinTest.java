package io.kafkarpenter.sandbox.kube.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SchedulerStandinTest {

    @Test
    void bindsAFittingPodAndMarksTheOtherUnschedulable() {
        try (KubeStandin standin = KubeStandin.start(0, null);
             KubernetesClient client = standin.client();
             SchedulerStandin scheduler = new SchedulerStandin(client, Clock.systemUTC(), Duration.ofMillis(500)).start()) {
            client.nodes().resource(SchedulingPassTest.node("node-a", "2").build()).create();
            client.pods().inNamespace("default").resource(SchedulingPassTest.pod("small", "1").build()).create();
            client.pods().inNamespace("default").resource(SchedulingPassTest.pod("huge", "8").build()).create();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(client.pods().inNamespace("default").withName("small").get().getSpec().getNodeName())
                        .isEqualTo("node-a");
                assertThat(podScheduled(client.pods().inNamespace("default").withName("huge").get()))
                        .satisfies(c -> {
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getReason()).isEqualTo("Unschedulable");
                            assertThat(c.getMessage()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
                        });
            });
            assertThat(podScheduled(client.pods().inNamespace("default").withName("small").get()).getStatus()).isEqualTo("True");

            // a bigger node arrives: the waiting pod gets bound
            client.nodes().resource(SchedulingPassTest.node("node-b", "16").build()).create();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(client.pods().inNamespace("default").withName("huge").get().getSpec().getNodeName())
                            .isEqualTo("node-b"));
        }
    }

    @Test
    void neverBindsToANodeTaintedDisruptedNorToANodeBeingDeleted() {
        try (KubeStandin standin = KubeStandin.start(0, null);
             KubernetesClient client = standin.client();
             SchedulerStandin scheduler = new SchedulerStandin(client, Clock.systemUTC(), Duration.ofMillis(500)).start()) {
            client.nodes().resource(SchedulingPassTest.node("disrupted", "16").editSpec().addNewTaint()
                    .withKey("karpenter.sh/disrupted").withEffect("NoSchedule").endTaint().endSpec().build()).create();
            client.nodes().resource(SchedulingPassTest.node("deleting", "16").editMetadata()
                    .withFinalizers("karpenter.sh/termination").endMetadata().build()).create();
            client.nodes().withName("deleting").delete();
            client.pods().inNamespace("default").resource(SchedulingPassTest.pod("web", "1").build()).create();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(podScheduled(client.pods().inNamespace("default").withName("web").get()).getStatus())
                            .isEqualTo("False"));
            assertThat(client.pods().inNamespace("default").withName("web").get().getSpec().getNodeName()).isNull();

            client.nodes().resource(SchedulingPassTest.node("fresh", "2").build()).create();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(client.pods().inNamespace("default").withName("web").get().getSpec().getNodeName())
                            .isEqualTo("fresh"));
        }
    }

    /** The PodScheduled condition; an AssertionError (awaitility retries those) while the pod has none yet. */
    private static PodCondition podScheduled(Pod pod) {
        assertThat(pod.getStatus()).as("status of " + pod.getMetadata().getName()).isNotNull();
        assertThat(pod.getStatus().getConditions()).as("conditions of " + pod.getMetadata().getName()).isNotNull();
        return pod.getStatus().getConditions().stream().filter(c -> c.getType().equals("PodScheduled")).findFirst()
                .orElseThrow(() -> new AssertionError("no PodScheduled condition on " + pod.getMetadata().getName()));
    }
}
