package io.kafkarpenter.sandbox.kube.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulingPassTest {

    @Test
    void bindsAFittingPodAndExplainsTheOneThatFitsNowhere() {
        var decisions = SchedulingPass.plan(List.of(pod("small", "1").build(), pod("huge", "8").build()),
                List.of(node("node-a", "2").build()), Map.of());

        assertThat(decisions).containsExactlyInAnyOrder(
                new SchedulingPass.Bind("default", "small", "node-a"),
                new SchedulingPass.Unschedulable("default", "huge", "0/1 nodes are available: 1 Insufficient cpu."));
    }

    @Test
    void countsPodsAlreadyOnTheNodeAndThoseThisPassPlaced() {
        Pod running = pod("running", "1").editSpec().withNodeName("node-a").endSpec().build();
        var decisions = SchedulingPass.plan(List.of(running, pod("first", "0.5").build(), pod("second", "1").build()),
                List.of(node("node-a", "2").build()), Map.of());

        assertThat(decisions).containsExactly(
                new SchedulingPass.Bind("default", "first", "node-a"),
                new SchedulingPass.Unschedulable("default", "second", "0/1 nodes are available: 1 Insufficient cpu."));
    }

    @Test
    void assumedBindingsCountEvenWhenTheSnapshotLags() {
        var decisions = SchedulingPass.plan(List.of(pod("bound-earlier", "1").build(), pod("next", "1").build()),
                List.of(node("node-a", "1").build()), Map.of("default/bound-earlier", "node-a"));

        assertThat(decisions).containsExactly(
                new SchedulingPass.Unschedulable("default", "next", "0/1 nodes are available: 1 Insufficient cpu."));
    }

    @Test
    void honoursTaintsTolerationsAndNodeSelectors() {
        Node tainted = node("node-a", "4").editSpec().addNewTaint().withKey("dedicated").withValue("gpu")
                .withEffect("NoSchedule").endTaint().endSpec().build();
        Node labelled = node("node-b", "4").editMetadata().addToLabels("zone", "b").endMetadata().build();
        Pod wantsZoneC = pod("wants-c", "1").editSpec().addToNodeSelector("zone", "c").endSpec().build();
        Pod tolerates = pod("tolerates", "1").editSpec().addToNodeSelector("kubernetes.io/hostname", "node-a")
                .addNewToleration().withKey("dedicated").withOperator("Equal").withValue("gpu").withEffect("NoSchedule")
                .endToleration().endSpec().build();

        var decisions = SchedulingPass.plan(List.of(wantsZoneC, tolerates), List.of(tainted, labelled), Map.of());

        assertThat(decisions).containsExactlyInAnyOrder(
                new SchedulingPass.Unschedulable("default", "wants-c", "0/2 nodes are available: "
                        + "1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}."),
                new SchedulingPass.Bind("default", "tolerates", "node-a"));
    }

    @Test
    void prefersTheLeastAllocatedNodeAndBreaksTiesByName() {
        Pod busy = pod("busy", "3").editSpec().withNodeName("node-a").endSpec().build();
        var decisions = SchedulingPass.plan(List.of(busy, pod("new", "1").build(), pod("newer", "1").build()),
                List.of(node("node-a", "4").build(), node("node-b", "4").build(), node("node-c", "4").build()), Map.of());

        assertThat(decisions).containsExactly(
                new SchedulingPass.Bind("default", "new", "node-b"),
                new SchedulingPass.Bind("default", "newer", "node-c"));
    }

    @Test
    void withoutNodesSaysSoLikeKubeScheduler() {
        assertThat(SchedulingPass.plan(List.of(pod("p", "1").build()), List.of(), Map.of()))
                .containsExactly(new SchedulingPass.Unschedulable("default", "p", "no nodes available to schedule pods"));
    }

    @Test
    void hostPortsAndHostnameAntiAffinityKeepPodsApartWithKubeSchedulersWords() {
        Pod web1 = pod("web-1", "1").editMetadata().addToLabels("app", "web").endMetadata()
                .editSpec().withNodeName("node-a").editFirstContainer().addNewPort().withContainerPort(80).withHostPort(8080)
                .endPort().endContainer().endSpec().build();
        Pod sameHostPort = pod("proxy", "1").editSpec().editFirstContainer().addNewPort().withContainerPort(80)
                .withHostPort(8080).endPort().endContainer().endSpec().build();
        Pod awayFromWeb = pod("web-2", "1").editMetadata().addToLabels("app", "web").endMetadata().editSpec()
                .withNewAffinity().withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("kubernetes.io/hostname").withNewLabelSelector().addToMatchLabels("app", "web")
                .endLabelSelector().endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity()
                .endSpec().build();

        var decisions = SchedulingPass.plan(List.of(web1, sameHostPort, awayFromWeb), List.of(node("node-a", "4").build()), Map.of());

        assertThat(decisions).containsExactly(
                new SchedulingPass.Unschedulable("default", "proxy",
                        "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports."),
                new SchedulingPass.Unschedulable("default", "web-2",
                        "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules."));
    }

    @Test
    void cordonedNodesAndFullNodesAreNamedAsKubeSchedulerDoes() {
        Node cordoned = node("node-a", "4").editSpec().withUnschedulable(true).endSpec().build();
        Node full = node("node-b", "4").editStatus().addToAllocatable("pods", new Quantity("1")).endStatus().build();
        Pod running = pod("running", "1").editSpec().withNodeName("node-b").endSpec().build();

        var decisions = SchedulingPass.plan(List.of(running, pod("p", "1").build()), List.of(cordoned, full), Map.of());

        assertThat(decisions).containsExactly(new SchedulingPass.Unschedulable("default", "p",
                "0/2 nodes are available: 1 Too many pods, 1 node(s) were unschedulable."));
    }

    static PodBuilder pod(String name, String cpu) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("pause")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).endResources()
                .endContainer().endSpec();
    }

    static NodeBuilder node(String name, String cpu) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity("8Gi"))
                .addToAllocatable("pods", new Quantity("110")).endStatus();
    }
}
