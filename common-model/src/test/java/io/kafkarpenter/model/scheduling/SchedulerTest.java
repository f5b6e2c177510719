package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Operator;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.ResourceList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kafkarpenter.model.scheduling.SchedulerFixtures.pod;
import static io.kafkarpenter.model.scheduling.SchedulerFixtures.pool;
import static io.kafkarpenter.model.scheduling.SchedulerFixtures.res;
import static io.kafkarpenter.model.scheduling.SchedulerFixtures.solve;
import static org.assertj.core.api.Assertions.assertThat;

class SchedulerTest {

    @Test
    void packsPodsOntoOneClaimWithEveryFittingTypeCheapestFirst() {
        SchedulingResult r = solve(List.of(pool("default")),
                List.of(pod("a", "1", "1Gi").build(), pod("b", "1", "1Gi").build()));
        assertThat(r.nodeClaims()).hasSize(1);
        PlannedNodeClaim c = r.nodeClaims().get(0);
        assertThat(c.pods()).hasSize(2);
        assertThat(c.instanceTypes()).extracting(InstanceType::name).containsExactly("medium", "arm", "large");
        assertThat(c.instanceType().name()).isEqualTo("medium");
        assertThat(c.offering().capacityType()).isEqualTo("spot"); // cheapest available offering
    }

    @Test
    void highestWeightNodePoolWinsEvenWhenDearerAndTiesGoToTheLaterName() {
        Requirements od = Requirements.of(Requirement.of(Labels.CAPACITY_TYPE, Operator.In, "on-demand"));
        SchedulingResult r = solve(List.of(pool("cheap", 1, new Requirements(), List.of(), null),
                pool("dear", 10, od, List.of(), null)), List.of(pod("a", "1", "1Gi").build()));
        assertThat(r.nodeClaims().get(0).nodePool()).isEqualTo("dear");
        r = solve(List.of(pool("a-pool"), pool("b-pool")), List.of(pod("a", "1", "1Gi").build()));
        assertThat(r.nodeClaims().get(0).nodePool()).isEqualTo("b-pool");
    }

    @Test
    void existingNodesAreFilledBeforeNewClaims() {
        ExistingNode node = new ExistingNode("n1", null, Map.of(Labels.HOSTNAME, "n1"), List.of(),
                res("2", "4Gi", "10"), null, true, List.of());
        SchedulingResult r = solve(List.of(pool("default")), List.of(node), List.of(),
                List.of(pod("a", "1500m", "1Gi").build(), pod("b", "1", "1Gi").build()));
        assertThat(r.existingNodes()).hasSize(1);
        assertThat(r.existingNodes().get(0).pods()).extracting(SchedulingPod::name).containsExactly("a");
        assertThat(r.nodeClaims()).hasSize(1);
    }

    @Test
    void limitsCountExistingCapacityAndExplainWhy() {
        ResourceList limits = ResourceList.parse(Map.of("cpu", "6"));
        ExistingNode node = new ExistingNode("n1", "default", Map.of(Labels.NODEPOOL, "default"), List.of(),
                res("3900m", "7Gi", "20"), res("4", "8Gi", "20"), true, List.of(
                        pod("busy", "3800m", "1Gi").build()));
        SchedulingResult r = solve(List.of(pool("default", 0, new Requirements(), List.of(), limits)), List.of(node),
                List.of(), List.of(pod("a", "3", "1Gi").build(), pod("b", "1", "1Gi").build()));
        // 2 cpu left: only "small" (2 vCPU) fits the limit; "a" needs 3 cpu
        assertThat(r.unschedulable()).extracting(f -> f.pod().name()).containsExactly("a");
        assertThat(r.unschedulable().get(0).code()).isEqualTo(Reason.NODEPOOL_LIMIT_REACHED);
        assertThat(r.unschedulable().get(0).message()).contains("cpu limit 6");
        assertThat(r.nodeClaims()).hasSize(1);
        assertThat(r.nodeClaims().get(0).instanceTypes()).extracting(InstanceType::name).containsExactly("small");
    }

    @Test
    void nodesLimitIsEnforced() {
        ResourceList limits = ResourceList.parse(Map.of("nodes", "1"));
        SchedulingResult r = solve(List.of(pool("default", 0, new Requirements(), List.of(), limits)),
                List.of(pod("a", "15", "1Gi").build(), pod("b", "15", "1Gi").build()));
        assertThat(r.nodeClaims()).hasSize(1);
        assertThat(r.unschedulable()).hasSize(1);
        assertThat(r.unschedulable().get(0).message()).contains("nodes limit 1");
    }

    @Test
    void taintsMustBeToleratedAndTheReasonNamesTheTaint() {
        List<Taint> taints = List.of(new Taint("team", "a", Taint.NO_SCHEDULE));
        NodePoolTemplate p = pool("team-a", 0, new Requirements(), taints, null);
        SchedulingResult r = solve(List.of(p), List.of(pod("plain", "1", "1Gi").build(),
                pod("tolerant", "1", "1Gi").toleration(new Toleration("team", "Equal", "a", "NoSchedule")).build()));
        assertThat(r.unschedulable()).extracting(f -> f.pod().name()).containsExactly("plain");
        assertThat(r.unschedulable().get(0).message()).contains("team=a:NoSchedule");
        assertThat(r.unschedulable().get(0).code()).isEqualTo(Reason.UNTOLERATED_TAINT);
    }

    @Test
    void customLabelsNeedTheNodePoolToDefineThem() {
        NodePoolTemplate labelled = new NodePoolTemplate("labelled", 0, new Requirements(), Map.of("team", "a"),
                List.of(), List.of(), null, SchedulerFixtures.types(), null);
        SchedulingResult r = solve(List.of(labelled), List.of(
                pod("wants-a", "1", "1Gi").nodeSelector(Map.of("team", "a")).build(),
                pod("wants-b", "1", "1Gi").nodeSelector(Map.of("team", "b")).build(),
                pod("wants-other", "1", "1Gi").nodeSelector(Map.of("other", "x")).build()));
        assertThat(r.unschedulable()).extracting(f -> f.pod().name()).containsExactlyInAnyOrder("wants-b", "wants-other");
        assertThat(r.nodeClaims().get(0).labels()).containsEntry("team", "a");
    }

    @Test
    void restrictedSelectorsMakeThePodIgnored() {
        SchedulingResult r = solve(List.of(pool("default")), List.of(
                pod("pinned", "1", "1Gi").nodeSelector(Map.of(Labels.HOSTNAME, "n1")).build()));
        assertThat(r.unschedulable().get(0).code()).isEqualTo(Reason.RESTRICTED_LABEL);
    }

    @Test
    void preferredNodeAffinityIsHonouredThenRelaxedHeaviestFirst() {
        Requirements zone1 = Requirements.of(Requirement.of(Labels.ZONE, Operator.In, "zone-1"));
        Requirements zone2 = Requirements.of(Requirement.of(Labels.ZONE, Operator.In, "zone-2"));
        Requirements nowhere = Requirements.of(Requirement.of(Labels.ZONE, Operator.In, "mars"));
        SchedulingResult r = solve(List.of(pool("default")), List.of(pod("a", "1", "1Gi")
                .preferredTerm(100, nowhere).preferredTerm(50, zone2).preferredTerm(1, zone1).build()));
        assertThat(r.nodeClaims().get(0).offering().zone()).isEqualTo("zone-2");
    }

    @Test
    void requiredNodeAffinityTermsAreTriedInOrder() {
        Requirements bad = Requirements.of(Requirement.of(Labels.ARCH, Operator.In, "s390x"));
        Requirements arm = Requirements.of(Requirement.of(Labels.ARCH, Operator.In, "arm64"));
        SchedulingResult r = solve(List.of(pool("default")), List.of(pod("a", "1", "1Gi")
                .requiredTerms(List.of(bad, arm)).build()));
        assertThat(r.nodeClaims().get(0).instanceType().name()).isEqualTo("arm");
    }

    @Test
    void zonalSpreadBalancesAcrossZones() {
        LabelSelector sel = LabelSelector.of(Map.of("app", "web"));
        List<SchedulingPod> pods = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pods.add(pod("web-" + i, "1", "1Gi").labels(Map.of("app", "web"))
                    .spread(SpreadConstraint.of(Labels.ZONE, 1, true, sel)).build());
        }
        SchedulingResult r = solve(List.of(pool("default")), pods);
        Map<String, Integer> perZone = new HashMap<>();
        for (PlannedNodeClaim c : r.nodeClaims()) {
            perZone.merge(c.offering().zone(), c.pods().size(), Integer::sum);
            assertThat(c.zones()).hasSize(1);
        }
        assertThat(perZone).containsEntry("zone-1", 2).containsEntry("zone-2", 2).containsEntry("zone-3", 2);
    }

    @Test
    void spreadRespectsExistingPodsAndMaxSkew() {
        LabelSelector sel = LabelSelector.of(Map.of("app", "web"));
        ExistingNode node = new ExistingNode("n1", null, Map.of(Labels.ZONE, "zone-1", Labels.HOSTNAME, "n1"),
                List.of(), res("1", "1Gi", "10"), null, true,
                List.of(pod("old-1", "100m", "10Mi").labels(Map.of("app", "web")).build(),
                        pod("old-2", "100m", "10Mi").labels(Map.of("app", "web")).build()));
        List<SchedulingPod> pods = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            pods.add(pod("web-" + i, "1", "1Gi").labels(Map.of("app", "web"))
                    .spread(SpreadConstraint.of(Labels.ZONE, 1, true, sel)).build());
        }
        SchedulingResult r = solve(List.of(pool("default")), List.of(node), List.of(), pods);
        assertThat(r.nodeClaims()).extracting(c -> c.offering().zone()).containsExactlyInAnyOrder("zone-2", "zone-3");
    }

    @Test
    void hostnameAntiAffinityPutsEachPodOnItsOwnNode() {
        LabelSelector sel = LabelSelector.of(Map.of("app", "db"));
        List<SchedulingPod> pods = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pods.add(pod("db-" + i, "100m", "100Mi").labels(Map.of("app", "db"))
                    .requiredAntiAffinity(PodAffinityTerm.of(Labels.HOSTNAME, sel)).build());
        }
        pods.add(pod("other", "100m", "100Mi").build());
        SchedulingResult r = solve(List.of(pool("default")), pods);
        assertThat(r.nodeClaims()).hasSize(3);
        assertThat(r.unschedulable()).isEmpty();
    }

    @Test
    void existingPodsWithAntiAffinityRepelMatchingPods() {
        LabelSelector web = LabelSelector.of(Map.of("app", "web"));
        ExistingNode node = new ExistingNode("n1", null, Map.of(Labels.ZONE, "zone-1", Labels.HOSTNAME, "n1"),
                List.of(), res("8", "8Gi", "10"), null, true,
                List.of(pod("loner", "100m", "10Mi").requiredAntiAffinity(PodAffinityTerm.of(Labels.HOSTNAME, web)).build()));
        SchedulingResult r = solve(List.of(pool("default")), List.of(node), List.of(),
                List.of(pod("web", "1", "1Gi").labels(Map.of("app", "web")).build(), pod("plain", "1", "1Gi").build()));
        assertThat(r.existingNodes().get(0).pods()).extracting(SchedulingPod::name).containsExactly("plain");
        assertThat(r.nodeClaims().get(0).pods()).extracting(SchedulingPod::name).containsExactly("web");
    }

    @Test
    void podAffinityFollowsTheTargetsZoneEvenWhenScheduledFirst() {
        LabelSelector db = LabelSelector.of(Map.of("app", "db"));
        SchedulingPod target = pod("db", "100m", "100Mi").labels(Map.of("app", "db"))
                .nodeSelector(Map.of(Labels.ZONE, "zone-3")).build();
        SchedulingPod follower = pod("follower", "2", "1Gi")
                .requiredAffinity(PodAffinityTerm.of(Labels.ZONE, db)).build();
        SchedulingResult r = solve(List.of(pool("default")), List.of(follower, target));
        assertThat(r.unschedulable()).isEmpty();
        for (PlannedNodeClaim c : r.nodeClaims()) {
            assertThat(c.offering().zone()).isEqualTo("zone-3");
        }
    }

    @Test
    void volumeTopologyPinsTheZone() {
        SchedulingResult r = solve(List.of(pool("default")), List.of(pod("a", "1", "1Gi")
                .volumeAlternatives(List.of(Requirements.of(Requirement.of(Labels.ZONE, Operator.In, "zone-2"))))
                .build()));
        assertThat(r.nodeClaims().get(0).zones()).containsExactly("zone-2");
    }

    @Test
    void daemonSetOverheadAndHostPortsAreCounted() {
        SchedulingPod ds = SchedulingPod.builder("kube-system", "agent").daemonSet("kube-system/agent")
                .requests(ResourceList.parse(Map.of("cpu", "1", "memory", "1Gi", "pods", "1")))
                .hostPort(new HostPort("TCP", null, 9100)).build();
        SchedulingResult r = solve(List.of(pool("default")), List.of(), List.of(ds),
                List.of(pod("a", "1500m", "500Mi").build(),
                        pod("b", "100m", "100Mi").hostPort(new HostPort("TCP", null, 9100)).build()));
        // 1.5 + 1 cpu no longer fits "small" (1900m)
        assertThat(r.nodeClaims().get(0).instanceTypes()).extracting(InstanceType::name).doesNotContain("small");
        assertThat(r.unschedulable()).extracting(f -> f.pod().name()).containsExactly("b");
        assertThat(r.unschedulable().get(0).code()).isEqualTo(Reason.HOST_PORT_CONFLICT);
    }

    @Test
    void unavailableOfferingsAreSkipped() {
        List<Offering> offers = List.of(new Offering("zone-1", "on-demand", 0.01, false),
                new Offering("zone-2", "on-demand", 0.5, true));
        InstanceType only = new InstanceType("only", Map.of(), res("4", "4Gi", "10"), res("4", "4Gi", "10"), offers);
        NodePoolTemplate p = new NodePoolTemplate("p", 0, new Requirements(), Map.of(), List.of(), List.of(), null,
                List.of(only), null);
        SchedulingResult r = solve(List.of(p), List.of(pod("a", "1", "1Gi").build(),
                pod("z1", "1", "1Gi").nodeSelector(Map.of(Labels.ZONE, "zone-1")).build()));
        assertThat(r.nodeClaims().get(0).offering().zone()).isEqualTo("zone-2");
        assertThat(r.unschedulable()).extracting(f -> f.pod().name()).containsExactly("z1");
    }

    @Test
    void tooLargePodsSayWhichResourceIsShort() {
        SchedulingResult r = solve(List.of(pool("default")), List.of(pod("huge", "300", "1Gi").build()));
        assertThat(r.unschedulable().get(0).code()).isEqualTo(Reason.NO_INSTANCE_TYPE_FITS);
        assertThat(r.unschedulable().get(0).message()).contains("300 cpu");
    }

    @Test
    void minValuesKeepsEnoughInstanceTypes() {
        Requirements reqs = Requirements.of(Requirement.of(Labels.INSTANCE_TYPE, Operator.In,
                List.of("small", "medium"), 2));
        SchedulingResult r = solve(List.of(pool("default", 0, reqs, List.of(), null)),
                List.of(pod("a", "1", "1Gi").build(), pod("b", "1", "1Gi").build()));
        // both pods on one claim would leave only "medium": minValues 2 forces two claims
        assertThat(r.nodeClaims()).hasSize(2);
        for (PlannedNodeClaim c : r.nodeClaims()) {
            assertThat(c.instanceTypes()).hasSize(2);
        }
    }

    @Test
    void atMostSixtyInstanceTypesArePassedOn() {
        List<InstanceType> many = new ArrayList<>();
        for (int i = 1; i <= 80; i++) {
            many.add(SchedulerFixtures.type("t" + i, i, i, 100, "amd64"));
        }
        NodePoolTemplate p = new NodePoolTemplate("p", 0, new Requirements(), Map.of(), List.of(), List.of(), null,
                many, null);
        SchedulingResult r = new Scheduler(List.of(p), List.of(), List.of(), SchedulerOptions.DEFAULT, Set.of())
                .solve(List.of(pod("a", "100m", "100Mi").build()));
        assertThat(r.nodeClaims().get(0).instanceTypes()).hasSize(60);
        assertThat(r.nodeClaims().get(0).instanceType().name()).isEqualTo("t1");
    }

    @Test
    void queueOrderIsCpuThenMemoryDescending() {
        SchedulingResult r = solve(List.of(pool("default")), List.of(pod("small", "100m", "1Gi").build(),
                pod("big", "3", "1Gi").build()));
        assertThat(r.nodeClaims().get(0).pods()).extracting(SchedulingPod::name).containsExactly("big", "small");
    }

    @Test
    void truncationToSixtyKeepsMinValues() {
        List<InstanceType> many = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            String family = i <= 70 ? "cheap" : "f" + i;
            InstanceType base = SchedulerFixtures.type("t" + i, i, i, 100, "amd64");
            many.add(new InstanceType(base.name(), Map.of(Labels.INSTANCE_FAMILY, family), base.capacity(),
                    base.allocatable(), base.offerings()));
        }
        Requirements reqs = Requirements.of(Requirement.of(Labels.INSTANCE_FAMILY, Operator.Exists, List.of(), 20));
        NodePoolTemplate p = new NodePoolTemplate("p", 0, reqs, Map.of(), List.of(), List.of(), null, many, null);
        SchedulingResult r = new Scheduler(List.of(p), List.of(), List.of(), SchedulerOptions.DEFAULT, Set.of())
                .solve(List.of(pod("a", "100m", "100Mi").build()));
        List<InstanceType> listed = r.nodeClaims().get(0).instanceTypes();
        assertThat(listed).hasSizeLessThanOrEqualTo(60);
        assertThat(listed.stream().map(t -> t.labels().get(Labels.INSTANCE_FAMILY)).distinct().count()).isGreaterThanOrEqualTo(20);
        assertThat(listed.get(0).name()).isEqualTo("t1");
    }

    @Test
    void existingNodesOutsideThePodsNodeSelectorAreNoSpreadDomain() {
        NodePoolTemplate teamA = new NodePoolTemplate("team-a", 0, new Requirements(), Map.of("team", "a"),
                List.of(), List.of(), null, SchedulerFixtures.types(), null);
        ExistingNode other = new ExistingNode("b1", null, Map.of(Labels.ZONE, "zone-9", "team", "b"), List.of(),
                res("8", "8Gi", "10"), null, true, List.of());
        LabelSelector sel = LabelSelector.of(Map.of("app", "web"));
        List<SchedulingPod> pods = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pods.add(pod("web-" + i, "1", "1Gi").labels(Map.of("app", "web")).nodeSelector(Map.of("team", "a"))
                    .spread(SpreadConstraint.of(Labels.ZONE, 1, true, sel)).build());
        }
        SchedulingResult r = solve(List.of(teamA), List.of(other), List.of(), pods);
        assertThat(r.unschedulable()).isEmpty();
    }
}
