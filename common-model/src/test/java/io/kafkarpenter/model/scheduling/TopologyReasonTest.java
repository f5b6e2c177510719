package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Operator;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kafkarpenter.model.scheduling.SchedulerFixtures.pod;
import static io.kafkarpenter.model.scheduling.SchedulerFixtures.pool;
import static io.kafkarpenter.model.scheduling.SchedulerFixtures.res;
import static io.kafkarpenter.model.scheduling.SchedulerFixtures.solve;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Karpenter's spread domain universe (issue 19 §2) and pending reasons that name the topology constraint that failed
 * and only say what is true (issue 19 §3).
 */
class TopologyReasonTest {

    private static final LabelSelector WEB = LabelSelector.of(Map.of("app", "web"));
    private static final LabelSelector DB = LabelSelector.of(Map.of("app", "db"));

    private static NodePoolTemplate zonal(String name, String zone) {
        return pool(name, 0, Requirements.of(Requirement.of(Labels.ZONE, Operator.In, zone)), List.of(), null);
    }

    /** A node in {@code zone} too small for the pending pods, running {@code pods}. */
    private static ExistingNode fullNode(String name, String zone, List<SchedulingPod> pods) {
        return new ExistingNode(name, null, Map.of(Labels.ZONE, zone, Labels.HOSTNAME, name), List.of(),
                res("200m", "200Mi", "10"), null, true, pods);
    }

    private static PodFailure onlyFailure(SchedulingResult r) {
        assertThat(r.unschedulable()).hasSize(1);
        return r.unschedulable().get(0);
    }

    @Test
    void spreadCountsZonesANodePoolNamesEvenWithoutUsableTypes() {
        // "ghost" allows zone-9, where none of its types is offered: Karpenter still counts zone-9 as a domain (0 pods)
        SchedulingResult r = solve(List.of(zonal("ghost", "zone-9"), zonal("main", "zone-2")), List.of(
                pod("web-0", "1", "1Gi").labels(Map.of("app", "web")).spread(SpreadConstraint.of(Labels.ZONE, 1, true, WEB)).build(),
                pod("web-1", "1", "1Gi").labels(Map.of("app", "web")).spread(SpreadConstraint.of(Labels.ZONE, 1, true, WEB)).build()));
        assertThat(r.nodeClaims()).hasSize(1);
        assertThat(r.nodeClaims().get(0).offering().zone()).isEqualTo("zone-2");
        PodFailure f = onlyFailure(r);
        assertThat(f.code()).isEqualTo(Reason.TOPOLOGY_SPREAD_UNSATISFIABLE);
        assertThat(f.message()).contains("topology spread on " + Labels.ZONE + " (maxSkew 1)")
                .contains("zone-2 would hold 2 matching pods, the least used eligible domain holds 0")
                .doesNotContain("anti-affinity");
    }

    @Test
    void withoutTheGhostZoneBothReplicasPlace() {
        SchedulingResult r = solve(List.of(zonal("main", "zone-2")), List.of(
                pod("web-0", "1", "1Gi").labels(Map.of("app", "web")).spread(SpreadConstraint.of(Labels.ZONE, 1, true, WEB)).build(),
                pod("web-1", "1", "1Gi").labels(Map.of("app", "web")).spread(SpreadConstraint.of(Labels.ZONE, 1, true, WEB)).build()));
        assertThat(r.unschedulable()).isEmpty();
    }

    @Test
    void affinityToPodsInAnotherDomainNamesThatDomain() {
        ExistingNode n1 = fullNode("n1", "zone-1", List.of(pod("db-0", "100m", "10Mi").labels(Map.of("app", "db")).build()));
        SchedulingResult r = solve(List.of(zonal("main", "zone-2")), List.of(n1), List.of(), List.of(
                pod("app", "1", "1Gi").requiredAffinity(PodAffinityTerm.of(Labels.ZONE, DB)).build()));
        PodFailure f = onlyFailure(r);
        assertThat(f.code()).isEqualTo(Reason.POD_AFFINITY_UNSATISFIABLE);
        assertThat(f.message()).contains("pod affinity on " + Labels.ZONE).contains("zone-2 holds no pod it must be near")
                .contains("zone-1=1").doesNotContain("exists yet");
    }

    @Test
    void affinityToPodsOnlyInDomainsThePodCannotUseSaysSo() {
        ExistingNode n1 = fullNode("n1", "zone-1", List.of(pod("db-0", "100m", "10Mi").labels(Map.of("app", "db")).build()));
        SchedulingResult r = solve(List.of(pool("default")), List.of(n1), List.of(), List.of(
                pod("app", "1", "1Gi").nodeSelector(Map.of(Labels.ZONE, "zone-2"))
                        .requiredAffinity(PodAffinityTerm.of(Labels.ZONE, DB)).build()));
        PodFailure f = onlyFailure(r);
        assertThat(f.code()).isEqualTo(Reason.POD_AFFINITY_UNSATISFIABLE);
        assertThat(f.message()).contains("only in domains the pod cannot use").contains("zone-1=1")
                .doesNotContain("exists yet");
    }

    @Test
    void affinityToPodsThatDoNotExistSaysNoneExists() {
        SchedulingResult r = solve(List.of(pool("default")), List.of(
                pod("app", "1", "1Gi").requiredAffinity(PodAffinityTerm.of(Labels.ZONE, DB)).build()));
        PodFailure f = onlyFailure(r);
        assertThat(f.code()).isEqualTo(Reason.POD_AFFINITY_UNSATISFIABLE);
        assertThat(f.message()).contains("no pod it must be near exists yet");
    }

    @Test
    void antiAffinityNamesTheDomainHoldingThePodToAvoid() {
        ExistingNode n2 = fullNode("n2", "zone-2", List.of(pod("db-0", "100m", "10Mi").labels(Map.of("app", "db")).build()));
        SchedulingResult r = solve(List.of(zonal("main", "zone-2")), List.of(n2), List.of(), List.of(
                pod("app", "1", "1Gi").requiredAntiAffinity(PodAffinityTerm.of(Labels.ZONE, DB)).build()));
        PodFailure f = onlyFailure(r);
        assertThat(f.code()).isEqualTo(Reason.POD_ANTI_AFFINITY_UNSATISFIABLE);
        assertThat(f.message()).contains("pod anti-affinity on " + Labels.ZONE)
                .contains("zone-2 already holds a pod it must keep away from");
    }

    @Test
    void anExistingPodsAntiAffinityIsNamedAsSuch() {
        ExistingNode n2 = fullNode("n2", "zone-2", List.of(pod("db-0", "100m", "10Mi").labels(Map.of("app", "db"))
                .requiredAntiAffinity(PodAffinityTerm.of(Labels.ZONE, WEB)).build()));
        SchedulingResult r = solve(List.of(zonal("main", "zone-2")), List.of(n2), List.of(), List.of(
                pod("web-0", "1", "1Gi").labels(Map.of("app", "web")).build()));
        PodFailure f = onlyFailure(r);
        assertThat(f.code()).isEqualTo(Reason.POD_ANTI_AFFINITY_UNSATISFIABLE);
        assertThat(f.message()).contains("zone-2 holds a pod whose required anti-affinity excludes this pod");
    }
}
