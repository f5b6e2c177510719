package io.kafkarpenter.consolidator.commands;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.NOW;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.cluster;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.node;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pod;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.disruption.ClusterSnapshot;
import io.kafkarpenter.model.disruption.CommandValidation;
import io.kafkarpenter.model.disruption.DisruptionCommand;
import io.kafkarpenter.model.disruption.DisruptionMethod;
import io.kafkarpenter.model.disruption.DisruptionPlan;
import io.kafkarpenter.model.disruption.DisruptionPlanner;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.reasons.Reason;

/** The command state machine: what is emitted at once, what is held and validated, what waits, what is remembered. */
class CommandTrackerTest {

    private static final Duration DELAY = Duration.ofSeconds(15);
    private final CommandTracker tracker = new CommandTracker(
        new CommandTracker.Settings(DELAY, Duration.ofMinutes(2), Duration.ofMinutes(10)));
    private final DisruptionPlanner planner = new DisruptionPlanner();

    private static ClusterSnapshot emptyNode() {
        return cluster().node(node("empty")).node(node("busy").pods(1, "web", "1")).build();
    }

    /** Two m6i.2xlarge nodes each using 1 cpu: replace both with one smaller node. */
    private static ClusterSnapshot underutilizedPair() {
        return cluster().pool(pool("default").budgets("100%"))
            .node(node("a").type("m6i.2xlarge").pods(1, "a", "1"))
            .node(node("b").type("m6i.2xlarge").pods(1, "b", "1")).build();
    }

    private static ClusterSnapshot expiredNode() {
        return cluster().pool(pool("default").expireAfter(Duration.ofHours(1))).node(node("old")).build();
    }

    private List<CommandTracker.Outcome> plan(ClusterSnapshot s) {
        return tracker.onPlan(planner.plan(s), Map.of(), s.now(), n -> true);
    }

    @Test
    void expirationIsEmittedAtOnceAndItsNodesCountAsDisruptingUntilTheMemoryRunsOut() {
        List<CommandTracker.Outcome> out = plan(expiredNode());

        assertThat(out).singleElement().isInstanceOf(CommandTracker.Emit.class);
        CommandTracker.Decided d = ((CommandTracker.Emit) out.get(0)).decided();
        assertThat(d.command().method()).isEqualTo(DisruptionMethod.EXPIRATION);
        tracker.emitted(d, Map.of(), NOW);
        assertThat(tracker.disruptingAlready(NOW.plusSeconds(60))).containsExactly("old");
        assertThat(plan(expiredNode())).as("the launcher has not recorded it yet: not emitted twice").isEmpty();
        assertThat(tracker.disruptingAlready(NOW.plus(Duration.ofMinutes(2)))).isEmpty();
    }

    @Test
    void anEmptinessCommandIsHeldForTheValidationDelayThenEmittedWhenStillValid() {
        ClusterSnapshot s = emptyNode();
        List<CommandTracker.Outcome> out = plan(s);

        assertThat(out).singleElement().isInstanceOf(CommandTracker.Hold.class);
        CommandTracker.Held held = ((CommandTracker.Hold) out.get(0)).held();
        assertThat(held.dueAt()).isEqualTo(NOW.plus(DELAY));
        assertThat(tracker.due(NOW.plusSeconds(14))).isEmpty();
        assertThat(plan(s)).as("one held command at a time").isEmpty();

        ClusterSnapshot later = s.withNodes(NOW.plus(DELAY), s.nodes());
        CommandTracker.Outcome validated = tracker.validated(tracker.due(NOW.plus(DELAY)).orElseThrow(),
            CommandValidation.validate(held.decided().command(), later));

        assertThat(validated).isInstanceOf(CommandTracker.Emit.class);
        assertThat(((CommandTracker.Emit) validated).decided().command().nodes()).containsExactly("empty");
        assertThat(((CommandTracker.Emit) validated).decided().decisionId()).isEqualTo(held.decided().decisionId());
        assertThat(tracker.held()).isEmpty();
    }

    @Test
    void aHeldCommandIsDroppedWhenItsNodeExpiresMeanwhile() {
        ClusterSnapshot s = cluster().pool(pool("default").expireAfter(Duration.ofHours(2))).node(node("empty")
            .createdAt(NOW.minus(Duration.ofHours(2)).plusSeconds(5))).build();
        assertThat(plan(s)).singleElement().isInstanceOf(CommandTracker.Hold.class);

        ClusterSnapshot later = s.withNodes(NOW.plusSeconds(10), s.nodes());
        assertThat(tracker.onPlan(planner.plan(later), Map.of(), later.now(), n -> true))
            .anySatisfy(o -> assertThat(o).isInstanceOf(CommandTracker.Emit.class));

        assertThat(tracker.held()).isEmpty();
        assertThat(tracker.due(NOW.plus(DELAY))).isEmpty();
    }

    @Test
    void aHeldCommandWhoseNodeGotAPodFailsItsValidation() {
        ClusterSnapshot s = emptyNode();
        CommandTracker.Held held = ((CommandTracker.Hold) plan(s).get(0)).held();
        ClusterSnapshot later = cluster().now(NOW.plus(DELAY))
            .node(node("empty").pod(pod("newcomer").cpu("1").createdAt(NOW.plusSeconds(5))))
            .node(node("busy").pods(1, "web", "1")).build();

        CommandTracker.Outcome validated = tracker.validated(held,
            CommandValidation.validate(held.decided().command(), later));

        assertThat(validated).isInstanceOf(CommandTracker.Invalid.class);
        assertThat(((CommandTracker.Invalid) validated).why().reason()).isEqualTo(Reason.VALIDATION_FAILED);
    }

    @Test
    void aReplaceInProgressKeepsNewConsolidationWaitingUntilItsNodesAreGone() {
        ClusterSnapshot pair = underutilizedPair();
        DisruptionPlan plan = planner.plan(pair);
        DisruptionCommand replace = plan.commands().get(0);
        assertThat(replace.decision()).isEqualTo(DisruptionCommand.Decision.REPLACE);
        tracker.emitted(new CommandTracker.Decided(replace, "disr-1"), Map.of(), NOW);

        // later the same nodes are planned again by another consolidation (memory over): it waits
        List<CommandTracker.Outcome> out = tracker.onPlan(plan, Map.of(), NOW.plus(Duration.ofMinutes(3)),
            n -> true);
        assertThat(out).singleElement().isInstanceOf(CommandTracker.Wait.class);
        assertThat(((CommandTracker.Wait) out.get(0)).blocking().decisionId()).isEqualTo("disr-1");

        // once the replaced nodes are gone, consolidation may start again
        assertThat(tracker.onPlan(plan, Map.of(), NOW.plus(Duration.ofMinutes(3)), n -> false))
            .singleElement().isInstanceOf(CommandTracker.Hold.class);
    }

    /**
     * bin/kk bench scale-down: a replacement registered under the name of the node a delete had removed a minute
     * before (EC2 gave it that node's private IP) and counted as being disrupted until the command memory ran out;
     * the budget (1 node) was used up by it and nothing was planned for 49 s.
     */
    @Test
    void aNewNodeUnderTheNameOfANodeWeDisruptedIsNeitherRememberedNorAReplaceInProgress() {
        ClusterSnapshot pair = underutilizedPair();
        DisruptionPlan plan = planner.plan(pair);
        DisruptionCommand replace = plan.commands().get(0);
        tracker.emitted(new CommandTracker.Decided(replace, "disr-1"), Map.of("a", "default-aaaa", "b", "default-bbbb"),
            NOW);
        assertThat(tracker.disruptingAlready(NOW.plusSeconds(30))).containsExactlyInAnyOrder("default-aaaa",
            "default-bbbb");

        // 40 s later both are gone, and two new instances registered as nodes a and b (new NodeClaims)
        Map<String, String> claimsNow = Map.of("a", "default-cccc", "b", "default-dddd");
        Set<String> existing = Set.of("a", "b", "default-cccc", "default-dddd");
        Instant later = NOW.plusSeconds(40);

        assertThat(tracker.disruptingAlready(later)).doesNotContain("a", "b", "default-cccc", "default-dddd");
        assertThat(tracker.replaceInProgress(later, existing::contains)).isEmpty();
        assertThat(tracker.onPlan(plan, claimsNow, later, existing::contains))
            .as("planned as the new nodes they are: held for validation, not skipped nor waiting")
            .singleElement().isInstanceOf(CommandTracker.Hold.class);
    }

    @Test
    void decisionIdsAndReplacementNamesAreTheSameWhenTheSameCommandIsPlannedAgain() {
        ClusterSnapshot pair = underutilizedPair();
        Map<String, String> claims = Map.of("a", "default-aaaa", "b", "default-bbbb");
        DisruptionCommand first = planner.plan(pair).commands().get(0);
        DisruptionCommand again = planner.plan(pair.withNodes(NOW.plusSeconds(30), pair.nodes())).commands().get(0);

        String id = CommandTracker.decisionId(first, claims);
        assertThat(CommandTracker.decisionId(again, claims)).isEqualTo(id).startsWith("disr-");

        CommandRecords.Emission e1 = CommandRecords.of(new CommandTracker.Decided(first, id), pair, claims, Map.of(),
            NOW, Duration.ofMinutes(10));
        CommandRecords.Emission e2 = CommandRecords.of(new CommandTracker.Decided(again, id), pair, claims, Map.of(),
            NOW.plusSeconds(30), Duration.ofMinutes(10));
        assertThat(e1.launches()).isNotEmpty();
        assertThat(e2.launches()).extracting(NodeClaimLaunch::nodeClaimName)
            .isEqualTo(e1.launches().stream().map(NodeClaimLaunch::nodeClaimName).toList());
    }

    @Test
    void aReplaceCommandBecomesLaunchesThenTerminationsNamingThemWithOneDecisionIdAndReason() {
        ClusterSnapshot pair = underutilizedPair();
        DisruptionCommand c = planner.plan(pair).commands().get(0);
        Map<String, String> claims = Map.of("a", "default-aaaa", "b", "default-bbbb");

        CommandRecords.Emission e = CommandRecords.of(new CommandTracker.Decided(c, "disr-x"), pair, claims,
            Map.of(), NOW, Duration.ofMinutes(10));

        List<String> names = e.launches().stream().map(NodeClaimLaunch::nodeClaimName).toList();
        assertThat(e.launches()).allSatisfy(l -> {
            assertThat(l.decisionId()).isEqualTo("disr-x");
            assertThat(l.reason()).isEqualTo(Reason.UNDERUTILIZED);
            assertThat(l.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
            assertThat(l.pods()).isNotEmpty();
        });
        assertThat(e.terminations()).extracting(t -> t.nodeName()).containsExactlyInAnyOrder("a", "b");
        assertThat(e.terminations()).allSatisfy(t -> {
            assertThat(t.decisionId()).isEqualTo("disr-x");
            assertThat(t.reason()).isEqualTo(Reason.UNDERUTILIZED);
            assertThat(t.replacements()).isEqualTo(names);
            assertThat(t.nodeClaimName()).isEqualTo(claims.get(t.nodeName()));
        });
        assertThat(e.record().decisionId()).isEqualTo("disr-x");
        assertThat(e.record().podOutcomes()).extracting(o -> o.target()).allSatisfy(t -> assertThat(names).contains(t));
    }

    @Test
    void anEmptyCommandEmitsTerminationsWithoutReplacements() {
        ClusterSnapshot s = emptyNode();
        DisruptionCommand c = planner.plan(s).commands().get(0);

        CommandRecords.Emission e = CommandRecords.of(new CommandTracker.Decided(c, "disr-e"), s, Map.of(), Map.of(),
            NOW, Duration.ofMinutes(10));

        assertThat(e.launches()).isEmpty();
        assertThat(e.terminations()).singleElement().satisfies(t -> {
            assertThat(t.reason()).isEqualTo(Reason.EMPTY);
            assertThat(t.replacements()).isEmpty();
            assertThat(t.nodeClaimName()).isEqualTo("empty");
        });
        assertThat(e.record().message()).contains("empty").contains("emptiness");
        assertThat(Set.of(e.record().subjects().get(0).name())).containsExactly("empty");
    }
}
