package io.kafkarpenter.launcher.termination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

class DrainPlanTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void evictsTierByTierNonCriticalFirstDaemonSetsLastMirrorAndTerminalPodsNever() {
        Pod web = pod("web").build();
        Pod logs = daemonSet(pod("logs")).build();
        Pod dns = pod("coredns").editSpec().withPriorityClassName("system-cluster-critical").endSpec().build();
        Pod proxy = daemonSet(pod("kube-proxy")).editSpec().withPriorityClassName("system-node-critical").endSpec().build();
        Pod mirror = pod("static").editMetadata().addToAnnotations("kubernetes.io/config.mirror", "x").endMetadata().build();
        Pod done = pod("job").editStatus().withPhase("Succeeded").endStatus().build();
        Pod tolerant = pod("tolerant").editSpec().addNewToleration().withKey("karpenter.sh/disrupted")
            .withOperator("Exists").withEffect("NoSchedule").endToleration().endSpec().build();

        List<Pod> all = List.of(web, logs, dns, proxy, mirror, done, tolerant);
        assertThat(names(DrainPlan.plan(all, Optional.empty(), NOW).evict())).containsExactly("web");
        assertThat(names(DrainPlan.plan(List.of(logs, dns, proxy, mirror, done), Optional.empty(), NOW).evict()))
            .containsExactly("logs");
        assertThat(names(DrainPlan.plan(List.of(dns, proxy), Optional.empty(), NOW).evict())).containsExactly("coredns");
        assertThat(names(DrainPlan.plan(List.of(proxy), Optional.empty(), NOW).evict())).containsExactly("kube-proxy");
        DrainPlan.Plan rest = DrainPlan.plan(List.of(mirror, done, tolerant), Optional.empty(), NOW);
        assertThat(rest.drained()).isTrue();
        assertThat(rest.evict()).isEmpty();
    }

    @Test
    void doNotDisruptPodsAreNeverEvictedAndBlockTheirTierUntilTheGracePeriodForcesThem() {
        Pod pinned = pod("pinned").editMetadata().addToAnnotations("karpenter.sh/do-not-disrupt", "true").endMetadata().build();
        Pod logs = daemonSet(pod("logs")).build();

        DrainPlan.Plan waitForever = DrainPlan.plan(List.of(pinned, logs), Optional.empty(), NOW);
        assertThat(waitForever.evict()).isEmpty(); // the DaemonSet tier waits for the pinned pod's tier
        assertThat(names(waitForever.blocked())).containsExactly("pinned");
        assertThat(waitForever.drained()).isFalse();

        // deadline in 10 s, the pod's own grace 30 s: past deadline - 30 s → force-deleted with the 10 s left
        DrainPlan.Plan forced = DrainPlan.plan(List.of(pinned), Optional.of(NOW.plusSeconds(10)), NOW);
        assertThat(forced.forceDelete()).singleElement().satisfies(f -> {
            assertThat(f.pod().getMetadata().getName()).isEqualTo("pinned");
            assertThat(f.graceSeconds()).isEqualTo(10);
        });
        assertThat(forced.blocked()).isEmpty();
        // an hour before the deadline: still waiting
        assertThat(DrainPlan.plan(List.of(pinned), Optional.of(NOW.plusSeconds(3600)), NOW).forceDelete()).isEmpty();
    }

    @Test
    void aDoNotDisruptDurationProtectsFromThePodsStartOnly() {
        Pod young = pod("young").editMetadata().addToAnnotations("karpenter.sh/do-not-disrupt", "30m").endMetadata()
            .editStatus().withStartTime(NOW.minusSeconds(60).toString()).endStatus().build();
        Pod old = pod("old").editMetadata().addToAnnotations("karpenter.sh/do-not-disrupt", "30m").endMetadata()
            .editStatus().withStartTime(NOW.minusSeconds(3600).toString()).endStatus().build();
        Pod invalid = pod("invalid").editMetadata().addToAnnotations("karpenter.sh/do-not-disrupt", "soon").endMetadata().build();

        assertThat(DrainPlan.doNotDisrupt(young, NOW)).isTrue();
        assertThat(DrainPlan.doNotDisrupt(old, NOW)).isFalse();
        assertThat(DrainPlan.doNotDisrupt(invalid, NOW)).isFalse();
    }

    @Test
    void aPodStuckTerminatingForOverAMinuteIsNoLongerWaitedFor() {
        Pod stuck = pod("stuck").editMetadata().withDeletionTimestamp(NOW.minusSeconds(120).toString()).endMetadata().build();
        Pod leaving = pod("leaving").editMetadata().withDeletionTimestamp(NOW.minusSeconds(5).toString()).endMetadata().build();

        DrainPlan.Plan plan = DrainPlan.plan(List.of(stuck, leaving), Optional.empty(), NOW);
        assertThat(names(plan.remaining())).containsExactly("leaving");
        assertThat(plan.evict()).isEmpty(); // already terminating: nothing to evict, just wait
    }

    private static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(name).endMetadata()
            .withNewSpec().withNodeName("node-a").endSpec().withNewStatus().withPhase("Running").endStatus();
    }

    private static PodBuilder daemonSet(PodBuilder pod) {
        return pod.editMetadata().addNewOwnerReference().withKind("DaemonSet").withName("ds").withApiVersion("apps/v1")
            .withUid("ds").endOwnerReference().endMetadata();
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }
}
