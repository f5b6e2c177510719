package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.NOW;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.cluster;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.node;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pdb;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pod;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** What keeps a node from being a candidate: do-not-disrupt, PodDisruptionBudgets, timing, initialization. */
class CandidateBlockingTest {

    private static Candidate candidate(DisruptionFixtures.ClusterBuilder b) {
        return new DisruptionPass(b.build()).candidates.get(0);
    }

    private static ReasonMessage podBlock(DisruptionFixtures.PodBuilder pod) {
        return candidate(cluster().node(node("a").pod(pod))).podBlock;
    }

    @ParameterizedTest
    @CsvSource({
            "true, , true",
            "30m, 10, true",      // started 10 minutes ago: still protected
            "30m, 60, false",     // its 30 minutes are over
            "30m, , true",        // no start time yet: protected
            "0s, , false",        // not a positive duration
            "yes, , false",       // not "true" nor a duration: ignored, as Karpenter ignores it
            "TRUE, , false"})
    void aPodsDoNotDisruptIsTrueOrADurationFromItsStart(String value, Integer startedMinutesAgo, boolean blocks) {
        DisruptionFixtures.PodBuilder p = pod("web-0").doNotDisrupt(value);
        if (startedMinutesAgo != null) {
            p.startedAt(NOW.minus(Duration.ofMinutes(startedMinutesAgo)));
        }
        ReasonMessage block = podBlock(p);
        assertThat(block != null).isEqualTo(blocks);
        if (blocks) {
            assertThat(block.reason()).isEqualTo(Reason.DO_NOT_DISRUPT_POD);
        }
    }

    @Test
    void terminalPodsNeverBlockButDaemonSetAndMirrorPodsDo() {
        assertThat(podBlock(pod("done").doNotDisrupt("true").terminal())).isNull();
        assertThat(podBlock(pod("agent").doNotDisrupt("true").daemonSet("agent"))).isNotNull();
        assertThat(podBlock(pod("static").doNotDisrupt("true").mirror())).isNotNull();
    }

    @Test
    void aNodesDoNotDisruptAnnotationBlocksEveryVoluntaryMethodButNotExpiration() {
        DisruptionFixtures.NodeBuilder n = node("a").annotation(BoundPod.DO_NOT_DISRUPT, "true");
        assertThat(candidate(cluster().node(n)).nodeBlock.reason()).isEqualTo(Reason.DO_NOT_DISRUPT_NODE);

        DisruptionPlan plan = new DisruptionPlanner().plan(cluster()
                .pool(pool("default").expireAfter(Duration.ofHours(1))).node(n).build());
        assertThat(plan.commands()).singleElement()
                .satisfies(c -> assertThat(c.method()).isEqualTo(DisruptionMethod.EXPIRATION));
    }

    @Test
    void aPdbThatAllowsNoDisruptionBlocks() {
        DisruptionFixtures.ClusterBuilder b = cluster().pdb(pdb("web", "web", null, "0"))
                .node(node("a").pod(pod("web-0").label("app", "web")));
        assertThat(candidate(b).podBlock).isEqualTo(Reason.PDB_BLOCKS.format("default/web", "default/web-0"));
    }

    @Test
    void aPdbWithRoomLetsThePodGo() {
        DisruptionFixtures.ClusterBuilder b = cluster().pdb(pdb("web", "web", "1", null))
                .node(node("a").pod(pod("web-0").label("app", "web")))
                .node(node("b").pod(pod("web-1").label("app", "web")));
        assertThat(candidate(b).podBlock).isNull();
    }

    @Test
    void aPodSelectedByTwoPdbsCannotBeEvicted() {
        DisruptionFixtures.ClusterBuilder b = cluster().pdb(pdb("one", "web", "0", null)).pdb(pdb("two", "web", "0", null))
                .node(node("a").pod(pod("web-0").label("app", "web")));
        assertThat(candidate(b).podBlock.reason()).isEqualTo(Reason.MULTIPLE_PDBS);
    }

    @Test
    void unhealthyPodEvictionAlwaysAllowLetsANotReadyPodGo() {
        PodDisruptionBudget always = new PodDisruptionBudget("default", "web",
                io.kafkarpenter.model.scheduling.LabelSelector.of(java.util.Map.of("app", "web")), null, "0", null,
                PodDisruptionBudget.ALWAYS_ALLOW);
        assertThat(candidate(cluster().pdb(always).node(node("a").pod(pod("web-0").label("app", "web").notReady())))
                .podBlock).isNull();
        assertThat(candidate(cluster().pdb(always).node(node("a").pod(pod("web-0").label("app", "web")))).podBlock)
                .isNotNull();
    }

    @Test
    void thePdbStatusWinsOverTheSpec() {
        PodDisruptionBudget status = new PodDisruptionBudget("default", "web",
                io.kafkarpenter.model.scheduling.LabelSelector.of(java.util.Map.of("app", "web")), null, "1", 0, null);
        assertThat(candidate(cluster().pdb(status).node(node("a").pod(pod("web-0").label("app", "web")))).podBlock)
                .isNotNull();
    }

    @Test
    void aNodeIsConsolidatableOnlyConsolidateAfterItsLastPodEvent() {
        Instant recent = NOW.minus(Duration.ofSeconds(20));
        DisruptionFixtures.PoolBuilder oneMinute = pool("default").consolidateAfter(Duration.ofMinutes(1));
        assertThat(candidate(cluster().pool(oneMinute).node(node("a").createdAt(recent))).consolidatableBlock.reason())
                .isEqualTo(Reason.NOT_CONSOLIDATABLE_YET);
        assertThat(candidate(cluster().pool(oneMinute).node(node("a").pod(pod("web-0").startedAt(recent))))
                .consolidatableBlock).as("a pod started 20 s ago").isNotNull();
        assertThat(candidate(cluster().pool(oneMinute).node(node("a").pod(pod("agent").daemonSet("agent")
                .startedAt(recent)))).consolidatableBlock).as("daemon set pods are no pod events").isNull();
        assertThat(candidate(cluster().pool(pool("default").consolidateNever()).node(node("a")))
                .consolidatableBlock.reason()).isEqualTo(Reason.CONSOLIDATION_DISABLED);
    }

    @Test
    void consolidationMovesNoPodOntoANodeInsideItsConsolidateAfterWindow() {
        DisruptionFixtures.PoolBuilder oneMinute = pool("default").budgets("100%").onDemandOnly().consolidateAfter(Duration.ofMinutes(1));
        ClusterSnapshot s = cluster().pool(oneMinute)
                .node(node("old").pod(pod("web-0")))
                .node(node("fresh").pod(pod("web-1").createdAt(NOW.minus(Duration.ofSeconds(10)))))
                .build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.commands()).as("old's pod may only go to fresh, which is inside its window").isEmpty();
        assertThat(plan.notDisrupted()).extracting(v -> v.why().reason())
                .containsExactlyInAnyOrder(Reason.NO_CHEAPER_REPLACEMENT, Reason.NOT_CONSOLIDATABLE_YET);
    }

    @Test
    void anUninitializedNodeIsNoCandidateAndAPodThatWouldOnlyFitThereIsNotMoved() {
        ClusterSnapshot s = cluster().pool(pool("default").budgets("100%").onDemandOnly())
                .node(node("a").type("m6i.xlarge").pod(pod("web-0")))
                .node(node("b").uninitialized())
                .build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.commands()).as("not even the cheaper replacement: the pod would land on b").isEmpty();
        assertThat(plan.notDisrupted()).extracting(v -> v.why().reason())
                .containsExactly(Reason.PODS_WOULD_NOT_SCHEDULE, Reason.NODE_NOT_INITIALIZED);
        assertThat(plan.notDisrupted().get(0).why().text()).contains("not initialized");
    }

    @Test
    void aPodThatFitsAnInitializedNodeMovesThereEvenWithAnUninitializedNodeAround() {
        ClusterSnapshot s = cluster().pool(pool("default").budgets("100%").onDemandOnly())
                .node(node("a").pod(pod("web-0")))
                .node(node("c").pods(2, "c", "100m"))
                .node(node("b").uninitialized())
                .build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.commands()).singleElement().satisfies(c -> {
            assertThat(c.nodes()).containsExactly("a");
            assertThat(c.moves()).containsEntry("default/web-0", "c");
        });
    }

    @Test
    void aNodeThatPendingPodsWillUseIsNominated() {
        ClusterSnapshot s = cluster().pool(pool("default").budgets("100%"))
                .node(node("a")).pending(pod("waiting")).build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.commands()).isEmpty();
        assertThat(plan.placements()).containsEntry("default/waiting", "a");
        assertThat(plan.notDisrupted().get(0).why().reason()).isEqualTo(Reason.NODE_NOMINATED);
    }
}
