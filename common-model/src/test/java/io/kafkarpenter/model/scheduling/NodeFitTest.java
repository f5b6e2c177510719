package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.inputs.EngineInputs;

import io.kafkarpenter.model.pods.NodeSelectorRequirement;
import io.kafkarpenter.model.pods.PodSchedulingView;
import io.kafkarpenter.model.pods.fixtures.PodFixtures;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.ResourceList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeFitTest {

    @Test
    void aPodThatFitsHasNoMisfit() {
        NodeFit fit = new NodeFit(List.of(node("n1", "2").build()));

        assertThat(fit.check(pod(PodFixtures.pod("a").cpu("1")), "n1")).isEmpty();
    }

    @Test
    void resourcesCountTheBoundPodsAndNameEveryResourceShort() {
        NodeFit fit = new NodeFit(List.of(node("n1", "2").pods("1").bound(pod(PodFixtures.pod("running").cpu("1500m")))
                .build()));

        Optional<NodeFit.Misfit> misfit = fit.check(pod(PodFixtures.pod("a").cpu("1")), "n1");

        assertThat(misfit).hasValueSatisfying(m -> {
            assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.RESOURCES);
            assertThat(m.insufficientResources()).containsExactlyInAnyOrder("cpu", "pods");
            assertThat(m.reason().reason()).isEqualTo(Reason.NODE_INSUFFICIENT_RESOURCES);
            assertThat(m.reason().text()).isEqualTo("node n1: insufficient cpu (requests 1, 500m free), pods (requests 1, 0 free)");
        });
    }

    @Test
    void terminalPodsDoNotCount() {
        SchedulingPod done = EngineInputs.podBuilder(PodFixtures.pod("done").cpu("2").build()).terminal(true).build();
        NodeFit fit = new NodeFit(List.of(node("n1", "2").bound(done).build()));

        assertThat(fit.check(pod(PodFixtures.pod("a").cpu("2")), "n1")).isEmpty();
    }

    @Test
    void placementsCountForLaterChecks() {
        NodeFit fit = new NodeFit(List.of(node("n1", "2").build()));
        SchedulingPod first = pod(PodFixtures.pod("first").cpu("1500m"));

        fit.place(first, "n1");

        assertThat(fit.free("n1").cpuMilli()).isEqualTo(500);
        assertThat(fit.check(pod(PodFixtures.pod("second").cpu("1")), "n1"))
                .hasValueSatisfying(m -> assertThat(m.insufficientResources()).containsExactly("cpu"));
        assertThatThrownBy(() -> fit.place(pod(PodFixtures.pod("third").cpu("1")), "n1"))
                .hasMessageContaining("does not fit node n1");
    }

    @Test
    void noScheduleAndNoExecuteTaintsNeedTolerationsPreferNoScheduleDoesNot() {
        NodeFit fit = new NodeFit(List.of(
                node("gpu", "4").taint(new Taint("dedicated", "gpu", Taint.NO_SCHEDULE)).build(),
                node("draining", "4").taint(new Taint("drain", "", Taint.NO_EXECUTE)).build(),
                node("soft", "4").taint(new Taint("soft", "x", Taint.PREFER_NO_SCHEDULE)).build()));
        SchedulingPod plain = pod(PodFixtures.pod("plain").cpu("1"));
        SchedulingPod tolerant = pod(PodFixtures.pod("tolerant").cpu("1").tolerate("dedicated", "gpu", "NoSchedule"));

        Map<String, Optional<NodeFit.Misfit>> outcome = fit.checkAll(plain);

        assertThat(outcome.keySet()).containsExactly("draining", "gpu", "soft");
        assertThat(outcome.get("gpu")).hasValueSatisfying(m -> {
            assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.UNTOLERATED_TAINT);
            assertThat(m.taint()).isEqualTo(new Taint("dedicated", "gpu", Taint.NO_SCHEDULE));
            assertThat(m.reason().text()).isEqualTo("node gpu: untolerated taint dedicated=gpu:NoSchedule");
        });
        assertThat(outcome.get("draining")).hasValueSatisfying(m -> assertThat(m.taint().key()).isEqualTo("drain"));
        assertThat(outcome.get("soft")).isEmpty();
        assertThat(fit.check(tolerant, "gpu")).isEmpty();
    }

    @Test
    void nodeSelectorAndRequiredAffinityMatchLabelsWithTermsOred() {
        NodeFit fit = new NodeFit(List.of(node("n1", "4").label(Labels.ZONE, "zone-a").build()));

        assertThat(fit.check(pod(PodFixtures.pod("wants-b").zone("zone-b")), "n1")).hasValueSatisfying(m -> {
            assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.NODE_AFFINITY);
            assertThat(m.reason().reason()).isEqualTo(Reason.NODE_AFFINITY_MISMATCH);
            assertThat(m.reason().text()).startsWith("node n1 does not match the pod's node selector/affinity: ")
                    .contains(Labels.ZONE);
        });
        assertThat(fit.check(pod(PodFixtures.pod("b-or-a")
                .requiredTerm(NodeSelectorRequirement.in(Labels.ZONE, "zone-b"))
                .requiredTerm(NodeSelectorRequirement.in(Labels.ZONE, "zone-a"))), "n1")).isEmpty();
        assertThat(fit.check(pod(PodFixtures.pod("custom").nodeSelector("team", "x")), "n1"))
                .hasValueSatisfying(m -> assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.NODE_AFFINITY));
    }

    @Test
    void theFirstFailingPredicateInKubeSchedulerOrderIsReported() {
        NodeFit fit = new NodeFit(List.of(node("n1", "1").taint(new Taint("team", "a", Taint.NO_SCHEDULE)).build()));

        // too big, wrong zone and untolerated: kube-scheduler's TaintToleration runs first
        assertThat(fit.check(pod(PodFixtures.pod("a").cpu("8").zone("zone-x")), "n1"))
                .hasValueSatisfying(m -> assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.UNTOLERATED_TAINT));
        // tolerated: NodeAffinity before NodeResourcesFit
        assertThat(fit.check(pod(PodFixtures.pod("b").cpu("8").zone("zone-x").tolerate("team", "a", "NoSchedule")), "n1"))
                .hasValueSatisfying(m -> assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.NODE_AFFINITY));
    }

    @Test
    void whenNoRequiredTermMatchesTheDeepestFailureIsReported() {
        NodeFit fit = new NodeFit(List.of(node("n1", "1").label(Labels.ZONE, "zone-a").build()));

        // the second term matches the labels, so the node fails on resources, as in kube-scheduler
        assertThat(fit.check(pod(PodFixtures.pod("a").cpu("2")
                .requiredTerm(NodeSelectorRequirement.in(Labels.ZONE, "zone-b"))
                .requiredTerm(NodeSelectorRequirement.in(Labels.ZONE, "zone-a"))), "n1"))
                .hasValueSatisfying(m -> assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.RESOURCES));
    }

    @Test
    void hostPortsConflictWithThePodsOnTheNode() {
        NodeFit fit = new NodeFit(List.of(node("n1", "4").bound(pod(PodFixtures.pod("web").hostPort(8080))).build(),
                node("n2", "4").build()));

        Map<String, Optional<NodeFit.Misfit>> outcome = fit.checkAll(pod(PodFixtures.pod("web-2").hostPort(8080)));

        assertThat(outcome.get("n1")).hasValueSatisfying(m -> {
            assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.HOST_PORTS);
            assertThat(m.hostPort().port()).isEqualTo(8080);
            assertThat(m.reason().reason()).isEqualTo(Reason.HOST_PORT_CONFLICT);
        });
        assertThat(outcome.get("n2")).isEmpty();
    }

    @Test
    void hostnameAntiAffinityKeepsThePodAwayFromNodesRunningWhatItAvoids() {
        NodeFit fit = new NodeFit(List.of(node("n1", "4").bound(pod(PodFixtures.pod("web-1").label("app", "web"))).build(),
                node("n2", "4").build()));
        SchedulingPod web2 = pod(PodFixtures.pod("web-2").label("app", "web").selfAntiAffinity(Labels.HOSTNAME));

        Map<String, Optional<NodeFit.Misfit>> outcome = fit.checkAll(web2);

        assertThat(outcome.get("n1")).hasValueSatisfying(m -> {
            assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.POD_ANTI_AFFINITY);
            assertThat(m.reason().reason()).isEqualTo(Reason.POD_ANTI_AFFINITY_UNSATISFIABLE);
        });
        assertThat(outcome.get("n2")).isEmpty();

        fit.place(web2, "n2");
        assertThat(fit.check(pod(PodFixtures.pod("web-3").label("app", "web").selfAntiAffinity(Labels.HOSTNAME)), "n2"))
                .hasValueSatisfying(m -> assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.POD_ANTI_AFFINITY));
    }

    @Test
    void theAntiAffinityOfPodsAlreadyOnTheNodeKeepsOthersAway() {
        SchedulingPod loner = pod(PodFixtures.pod("loner").label("app", "db")
                .antiAffinity(PodFixtures.Builder.term(
                        io.kafkarpenter.model.pods.LabelSelectorSpec.matchLabels(Map.of("app", "web")), Labels.HOSTNAME)));
        NodeFit fit = new NodeFit(List.of(node("n1", "4").bound(loner).build(), node("n2", "4").build()));

        Map<String, Optional<NodeFit.Misfit>> outcome = fit.checkAll(pod(PodFixtures.pod("web").label("app", "web")));

        assertThat(outcome.get("n1")).hasValueSatisfying(m ->
                assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.EXISTING_PODS_ANTI_AFFINITY));
        assertThat(outcome.get("n2")).isEmpty();
    }

    @Test
    void requiredPodAffinityNeedsAMatchingPodInTheDomain() {
        NodeFit fit = new NodeFit(List.of(
                node("n1", "4").label(Labels.ZONE, "zone-a").bound(pod(PodFixtures.pod("cache").label("app", "cache"))).build(),
                node("n2", "4").label(Labels.ZONE, "zone-b").build()));
        SchedulingPod nearCache = pod(PodFixtures.pod("app").affinity(PodFixtures.Builder.term(
                io.kafkarpenter.model.pods.LabelSelectorSpec.matchLabels(Map.of("app", "cache")), Labels.ZONE)));

        Map<String, Optional<NodeFit.Misfit>> outcome = fit.checkAll(nearCache);

        assertThat(outcome.get("n1")).isEmpty();
        assertThat(outcome.get("n2")).hasValueSatisfying(m -> assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.POD_AFFINITY));
    }

    @Test
    void zonalSpreadCountsPodsOnEveryNode() {
        NodeFit fit = new NodeFit(List.of(
                node("n1", "8").label(Labels.ZONE, "zone-a").bound(pod(PodFixtures.pod("web-1").label("app", "web"))).build(),
                node("n2", "8").label(Labels.ZONE, "zone-b").build()));
        SchedulingPod web2 = pod(PodFixtures.pod("web-2").label("app", "web").zoneSpread(1));

        Map<String, Optional<NodeFit.Misfit>> outcome = fit.checkAll(web2);

        assertThat(outcome.get("n1")).hasValueSatisfying(m -> assertThat(m.predicate()).isEqualTo(NodeFit.Predicate.TOPOLOGY_SPREAD));
        assertThat(outcome.get("n2")).isEmpty();
    }

    @Test
    void theSchedulerUsesTheSamePredicatesForExistingNodes() {
        // a pod NodeFit refuses on the only node is not placed there by the provisioning scheduler either
        ExistingNode n1 = node("n1", "4").taint(new Taint("team", "a", Taint.NO_SCHEDULE)).build();
        SchedulingPod plain = pod(PodFixtures.pod("plain").cpu("1"));
        assertThat(new NodeFit(List.of(n1)).check(plain, "n1")).isPresent();

        SchedulingResult result = new Scheduler(List.of(), List.of(n1), List.of(),
                new SchedulerOptions(PreferencePolicy.Respect, true, 60), java.util.Set.of()).solve(List.of(plain));
        assertThat(result.existingNodes()).isEmpty();
    }

    @Test
    void unknownNodesAndDuplicatesAreRefused() {
        ExistingNode n1 = node("n1", "1").build();
        assertThatThrownBy(() -> new NodeFit(List.of(n1, n1))).hasMessageContaining("n1 is listed twice");
        assertThatThrownBy(() -> new NodeFit(List.of(n1)).check(pod(PodFixtures.pod("a")), "n9"))
                .hasMessageContaining("no node n9");
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    private static SchedulingPod pod(PodFixtures.Builder b) {
        return pod(b.build());
    }

    private static SchedulingPod pod(PodSchedulingView view) {
        return EngineInputs.pod(view);
    }

    private static NodeBuilder node(String name, String cpu) {
        return new NodeBuilder(name, cpu);
    }

    /** A node with 8Gi of memory and room for 110 pods unless told otherwise. */
    private static final class NodeBuilder {
        private final String name;
        private final String cpu;
        private String pods = "110";
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<Taint> taints = new ArrayList<>();
        private final List<SchedulingPod> bound = new ArrayList<>();

        NodeBuilder(String name, String cpu) {
            this.name = name;
            this.cpu = cpu;
            labels.put(Labels.HOSTNAME, name);
        }

        NodeBuilder pods(String max) {
            this.pods = max;
            return this;
        }

        NodeBuilder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        NodeBuilder taint(Taint t) {
            taints.add(t);
            return this;
        }

        NodeBuilder bound(SchedulingPod... pods) {
            bound.addAll(Arrays.asList(pods));
            return this;
        }

        ExistingNode build() {
            ResourceList allocatable = ResourceList.parse(Map.of("cpu", cpu, "memory", "8Gi", "pods", pods));
            return new ExistingNode(name, null, labels, taints, allocatable, null, true, bound);
        }
    }
}
