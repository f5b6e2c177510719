package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.requirements.Requirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.cluster;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.node;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** NodePool disruption budgets (karpenter-core reference §5.3). */
class DisruptionBudgetTest {

    private static final Instant WEDNESDAY_10 = Instant.parse("2026-01-07T10:00:00Z");

    @ParameterizedTest
    @CsvSource({"10%, 3, 1", "10%, 10, 1", "10%, 11, 2", "50%, 3, 2", "0%, 5, 0", "100%, 0, 0", "100%, 7, 7",
            "2, 10, 2", "0, 10, 0", "abc, 10, 0", "-1, 10, 0"})
    void aPercentageRoundsUpAndAnUnreadableValueFailsClosed(String nodes, int total, int allowed) {
        assertThat(new DisruptionBudget(nodes, null, null, Set.of()).allowed(total, WEDNESDAY_10)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({
            "0 9 * * 1-5, 8h, 2026-01-07T10:00:00Z, 0",          // Wednesday inside 09:00-17:00
            "0 9 * * 1-5, 8h, 2026-01-07T17:00:00Z, 0",          // a hit exactly `duration` ago still counts
            "0 9 * * 1-5, 8h, 2026-01-07T17:01:00Z, 2147483647", // after the window: inactive, unlimited
            "0 9 * * 1-5, 8h, 2026-01-10T10:00:00Z, 2147483647", // Saturday
            "@daily, 1h, 2026-01-07T00:30:00Z, 0",
            "@daily, 1h, 2026-01-07T02:00:00Z, 2147483647",
            "@hourly, 10m, 2026-01-07T10:05:00Z, 0",
            "not a cron, 1h, 2026-01-07T10:00:00Z, 0",           // fails closed
            "0 9 * * 1-5, , 2026-01-07T10:00:00Z, 0"})           // a schedule without duration fails closed
    void aScheduledBudgetAppliesOnlyInsideItsUtcWindow(String schedule, String duration, String now, int allowed) {
        Duration d = duration == null ? null : Duration.parse("PT" + duration.toUpperCase());
        DisruptionBudget b = new DisruptionBudget("0", schedule, d, Set.of());
        assertThat(b.allowed(10, Instant.parse(now))).isEqualTo(allowed);
    }

    @Test
    void budgetsApplyToTheirReasonsOnly() {
        DisruptionBudget drifted = new DisruptionBudget("0", null, null, Set.of("Drifted"));
        assertThat(drifted.appliesTo("Drifted")).isTrue();
        assertThat(drifted.appliesTo("Empty")).isFalse();
        assertThat(DisruptionBudget.DEFAULT.appliesTo("Underutilized")).isTrue();
    }

    @Test
    void theMinimumOverActiveBudgetsLessNodesAlreadyDisruptingRemains() {
        ClusterSnapshot s = cluster().now(WEDNESDAY_10)
                .pool(pool("default").budget(new DisruptionBudget("50%", null, null, Set.of()))
                        .budget(new DisruptionBudget("3", null, null, Set.of()))
                        .budget(new DisruptionBudget("0", "0 20 * * *", Duration.ofHours(1), Set.of())))
                .node(node("a")).node(node("b")).node(node("c")).node(node("d")).node(node("e")).node(node("f"))
                .node(node("deleting").deleting()).node(node("new").uninitialized())
                .build();
        DisruptionPass pass = new DisruptionPass(s);
        BudgetTracker budgets = pass.budgets("Empty");
        // 7 initialized nodes: min(ceil(3.5)=4, 3) = 3; the night budget is inactive; one node is being deleted
        assertThat(budgets.allowed("default")).isEqualTo(3);
        assertThat(budgets.remaining("default")).isEqualTo(2);
    }

    @Test
    void emptinessDeletesOnlyAsManyEmptyNodesAsTheBudgetAllows() {
        DisruptionFixtures.ClusterBuilder b = cluster().pool(pool("default").budgets("2"));
        for (int i = 0; i < 5; i++) {
            b.node(node("empty-" + i));
        }
        DisruptionPlan plan = new DisruptionPlanner().plan(b.build());

        assertThat(plan.commands()).singleElement().satisfies(c -> {
            assertThat(c.method()).isEqualTo(DisruptionMethod.EMPTINESS);
            assertThat(c.nodes()).hasSize(2);
        });
        assertThat(plan.notDisrupted()).hasSize(3)
                .allSatisfy(v -> assertThat(v.why().reason()).isEqualTo(Reason.BUDGET_EXHAUSTED));
    }

    @Test
    void withoutBudgetsTenPercentApplies() {
        DisruptionFixtures.ClusterBuilder b = cluster();
        for (int i = 0; i < 11; i++) {
            b.node(node("empty-" + i));
        }
        assertThat(new DisruptionPlanner().plan(b.build()).commands().get(0).nodes()).hasSize(2); // ceil(1.1)
    }

    @Test
    void aZeroBudgetForEmptyLetsDriftAct() {
        ClusterSnapshot s = cluster()
                .pool(pool("default").budget(new DisruptionBudget("0", null, null, Set.of("Empty")))
                        .budget(new DisruptionBudget("100%", null, null, Set.of()))
                        .require(Requirement.in("karpenter.sh/capacity-type", "spot")))
                .node(node("empty-on-demand"))
                .build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.actingMethod()).isEqualTo(DisruptionMethod.DRIFT);
        assertThat(plan.commands().get(0).nodes()).containsExactly("empty-on-demand");
    }

    @Test
    void expirationIgnoresBudgets() {
        ClusterSnapshot s = cluster().pool(pool("default").budgets("0").expireAfter(Duration.ofHours(1)))
                .node(node("old")).node(node("older")).build();
        List<DisruptionCommand> commands = new DisruptionPlanner().plan(s).commands();
        assertThat(commands).hasSize(2).allSatisfy(c -> assertThat(c.method()).isEqualTo(DisruptionMethod.EXPIRATION));
    }

    @Test
    void theLimitingBudgetIsTheSmallestActiveOneForTheReasonAndNoneAppliesMeansUnlimited() {
        DisruptionBudget drifted = new DisruptionBudget("0", null, null, Set.of("Drifted"));
        DisruptionBudget tenPercent = new DisruptionBudget("10%", null, null, Set.of());
        DisruptionBudget two = new DisruptionBudget("2", null, null, Set.of());
        DisruptionBudget nightly = new DisruptionBudget("0", "@daily", Duration.ofHours(1), Set.of());
        List<DisruptionBudget> budgets = List.of(drifted, two, tenPercent, nightly);

        assertThat(DisruptionBudget.limiting(budgets, "Drifted", 30, WEDNESDAY_10)).contains(drifted);
        assertThat(DisruptionBudget.limiting(budgets, "Empty", 30, WEDNESDAY_10)).contains(two);
        assertThat(DisruptionBudget.limiting(budgets, "Empty", 5, WEDNESDAY_10)).contains(tenPercent);
        assertThat(DisruptionBudget.limiting(budgets, "Empty", 30, Instant.parse("2026-01-07T00:30:00Z"))).contains(nightly);
        assertThat(DisruptionBudget.limiting(List.of(drifted), "Underutilized", 30, WEDNESDAY_10)).isEmpty();
    }
}
