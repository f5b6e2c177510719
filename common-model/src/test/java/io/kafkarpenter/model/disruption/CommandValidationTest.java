package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures;
import io.kafkarpenter.model.reasons.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.NOW;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.cluster;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.node;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pod;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** Re-checking a command 15 s later (karpenter-core reference §5.10). */
class CommandValidationTest {

    private static final Instant LATER = NOW.plus(Duration.ofSeconds(15));

    private static DisruptionFixtures.ClusterBuilder base() {
        return cluster().pool(pool("default").budgets("100%").onDemandOnly());
    }

    /** node-big (m6i.2xlarge) with one pod: replaced by a cheaper node. */
    private static DisruptionFixtures.NodeBuilder big(String cpu) {
        return node("big").type("m6i.2xlarge").pod(pod("web-0").cpu(cpu));
    }

    private static DisruptionCommand decide(ClusterSnapshot s) {
        return new DisruptionPlanner().plan(s).commands().get(0);
    }

    @Test
    void anUnchangedClusterConfirmsTheCommand() {
        ClusterSnapshot s = base().node(big("500m")).build();
        DisruptionCommand cmd = decide(s);
        CommandValidation.Result r = CommandValidation.validate(cmd, base().now(LATER).node(big("500m")).build());
        assertThat(r.valid()).isTrue();
        assertThat(r.command()).isSameAs(cmd);
    }

    @Test
    void aReplacementWhoseTypesNoLongerFitIsRejected() {
        DisruptionCommand cmd = decide(base().node(big("500m")).build());
        assertThat(cmd.replacementOptions().get(0)).contains("m6i.large");
        // the pod grew: m6i.large no longer holds it
        CommandValidation.Result r = CommandValidation.validate(cmd, base().now(LATER).node(big("3")).build());
        assertThat(r.valid()).isFalse();
        assertThat(r.why().reason()).isEqualTo(Reason.VALIDATION_FAILED);
        assertThat(r.why().text()).contains("m6i.large");
    }

    @Test
    void aCandidateNominatedForAPendingPodInvalidatesTheCommand() {
        DisruptionCommand cmd = decide(base().node(big("500m")).build());
        CommandValidation.Result r = CommandValidation.validate(cmd,
                base().now(LATER).node(big("500m")).pending(pod("new")).build());
        assertThat(r.valid()).isFalse();
        assertThat(r.why().text()).contains("nominated");
    }

    @Test
    void aDeleteWhosePodsNoLongerFitIsRejected() {
        ClusterSnapshot s = base().node(node("a").pods(2, "a", "100m")).node(node("b").pods(1, "b", "100m")).build();
        DisruptionCommand cmd = decide(s);
        assertThat(cmd.nodes()).containsExactly("b");
        ClusterSnapshot later = base().now(LATER).node(node("a").pods(2, "a", "100m").pod(pod("hog").cpu("1700m")))
                .node(node("b").pods(1, "b", "100m")).build();
        CommandValidation.Result r = CommandValidation.validate(cmd, later);
        assertThat(r.valid()).isFalse();
        assertThat(r.why().text()).contains("new NodeClaims");
    }

    @Test
    void emptinessGoesAheadWithTheNodesStillEmpty() {
        ClusterSnapshot s = base().node(node("e1")).node(node("e2")).build();
        DisruptionCommand cmd = decide(s);
        assertThat(cmd.nodes()).containsExactlyInAnyOrder("e1", "e2");
        ClusterSnapshot later = base().now(LATER).node(node("e1").pod(pod("arrived"))).node(node("e2")).build();
        CommandValidation.Result r = CommandValidation.validate(cmd, later);
        assertThat(r.valid()).isTrue();
        assertThat(r.command().nodes()).containsExactly("e2");
    }

    @Test
    void aBudgetThatClosedInTheMeantimeRejectsTheCommand() {
        ClusterSnapshot s = base().node(node("a").pods(2, "a", "100m")).node(node("b").pods(1, "b", "100m")).build();
        DisruptionCommand cmd = decide(s);
        ClusterSnapshot later = cluster().now(LATER).pool(pool("default").budgets("0").onDemandOnly())
                .node(node("a").pods(2, "a", "100m")).node(node("b").pods(1, "b", "100m")).build();
        assertThat(CommandValidation.validate(cmd, later).valid()).isFalse();
    }

    @Test
    void expirationIsNeverRevalidated() {
        DisruptionCommand expiry = new DisruptionCommand(DisruptionMethod.EXPIRATION, List.of("gone"), List.of(), 0,
                java.util.Map.of(), "expireAfter 1h");
        assertThat(CommandValidation.validate(expiry, base().build()).valid()).isTrue();
    }
}
