package io.kafkarpenter.launcher.termination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodeClaimSpec;
import io.kafkarpenter.model.crd.NodeClaimStatus;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.TerminationRequest;
import io.kafkarpenter.model.reasons.Reason;

/** A termination request may not take a NodePool past its disruption budgets (karpenter-core §5.3), counted as the consolidator counts. */
class BudgetAdmissionTest {

    private static final Instant WEDNESDAY_10 = Instant.parse("2026-01-07T10:00:00Z");

    @Test
    void withABudgetOfOneTheFirstRequestIsAcceptedAndOneMoreWhileItIsDisruptingIsRefused() {
        NodePool pool = pool("budgets: [{nodes: \"1\"}]");
        List<NodeClaim> claims = List.of(initialized("a"), initialized("b"));
        assertThat(refusal(request("b", Reason.UNDERUTILIZED), pool, claims, Set.of(), WEDNESDAY_10)).isEmpty();

        List<NodeClaim> oneAccepted = List.of(accepted(initialized("a")), initialized("b"));
        assertThat(refusal(request("b", Reason.UNDERUTILIZED), pool, oneAccepted, Set.of(), WEDNESDAY_10))
            .hasValueSatisfying(why -> assertThat(why).contains("NodePool pool").contains("{nodes: \"1\"}")
                .contains("allows 1 of its 2 initialized nodes").contains("Underutilized").contains("1 already is"));

        List<NodeClaim> oneDeleting = List.of(deleting(initialized("a")), initialized("b"));
        assertThat(refusal(request("b", Reason.DRIFTED), pool, oneDeleting, Set.of(), WEDNESDAY_10)).isPresent();
    }

    @Test
    void theDefaultTenPercentRoundsUpOverInitializedNodesOnly() {
        NodePool pool = pool(null);
        List<NodeClaim> claims = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            claims.add(initialized("n" + i));
        }
        claims.set(0, accepted(claims.get(0)));
        // ⌈10% × 11⌉ = 2: one more may go
        assertThat(refusal(request("n1", Reason.EMPTY), pool, claims, Set.of(), WEDNESDAY_10)).isEmpty();
        claims.set(1, accepted(claims.get(1)));
        assertThat(refusal(request("n2", Reason.EMPTY), pool, claims, Set.of(), WEDNESDAY_10)).isPresent();

        // a disrupting NodeClaim that is not initialized counts neither in the total nor as disrupting
        List<NodeClaim> launching = List.of(initialized("a"), accepted(claim("b")), claim("c"));
        assertThat(refusal(request("a", Reason.EMPTY), pool, launching, Set.of(), WEDNESDAY_10)).isEmpty();
    }

    @Test
    void aNodeLabelledInitializedCountsLikeTheConsolidatorCountsIt() {
        NodePool pool = pool("budgets: [{nodes: \"50%\"}]");
        NodeClaim a = accepted(initialized("a"));
        NodeClaim b = claim("b");
        b.getStatus().setNodeName("node-b");
        NodeClaim c = claim("c");
        c.getStatus().setNodeName("node-c");
        // only a counts: ⌈50% × 1⌉ = 1, already taken
        assertThat(refusal(request("b", Reason.UNDERUTILIZED), pool, List.of(a, b, c), Set.of(), WEDNESDAY_10))
            .isPresent();
        // b's and c's Nodes are labelled initialized: ⌈50% × 3⌉ = 2
        assertThat(refusal(request("b", Reason.UNDERUTILIZED), pool, List.of(a, b, c),
            Set.of("node-b", "node-c"), WEDNESDAY_10)).isEmpty();
    }

    @Test
    void aDeletingNodeClaimWhoseNodeIsAlreadyGoneIsNotCountedAsTheConsolidatorDoesNotSeeIt() {
        NodePool pool = pool("budgets: [{nodes: \"1\"}]");
        NodeClaim finishing = deleting(initialized("a"));
        List<NodeClaim> claims = List.of(finishing, initialized("b"));
        TerminationRequest request = request("b", Reason.UNDERUTILIZED);
        assertThat(BudgetAdmission.refusal(request, claims.get(1), pool, claims, Map.of("node-b", true), WEDNESDAY_10))
            .isEmpty();
        assertThat(BudgetAdmission.refusal(request, claims.get(1), pool, claims,
            Map.of("node-a", true, "node-b", true), WEDNESDAY_10)).isPresent();
    }

    @Test
    void onlyTheBudgetsForTheRequestsReasonThatAreActiveNowApplyAndTheSmallestWins() {
        NodePool pool = pool("""
            budgets:
                  - {nodes: "0", reasons: [Drifted]}
                  - {nodes: "0", schedule: "0 0 * * *", duration: 1h}
                  - {nodes: "2"}
                  - {nodes: "3", reasons: [Underutilized]}""");
        List<NodeClaim> claims = List.of(accepted(initialized("a")), initialized("b"), initialized("c"));
        assertThat(refusal(request("b", Reason.UNDERUTILIZED), pool, claims, Set.of(), WEDNESDAY_10)).isEmpty();
        assertThat(refusal(request("b", Reason.DRIFTED), pool, claims, Set.of(), WEDNESDAY_10))
            .hasValueSatisfying(why -> assertThat(why).contains("{nodes: \"0\", reasons: [Drifted]}"));
        // at midnight the scheduled budget of 0 is active for every reason
        assertThat(refusal(request("b", Reason.EMPTY), pool, claims, Set.of(),
            Instant.parse("2026-01-07T00:30:00Z"))).hasValueSatisfying(why -> assertThat(why).contains("schedule"));
    }

    @Test
    void expirationIsNotBudgetLimitedButOnlyAnExpiredNodeClaimAndAReasonThatIsNoDisruptionIsRefused() {
        NodePool pool = pool("budgets: [{nodes: \"0\"}]");
        NodeClaim old = initialized("a");
        old.getMetadata().setCreationTimestamp(WEDNESDAY_10.minus(Duration.ofHours(720)).toString());
        List<NodeClaim> claims = List.of(old, initialized("b"));
        assertThat(refusal(request("a", Reason.EXPIRED), pool, claims, Set.of(), WEDNESDAY_10)).isEmpty();
        // b was created an hour ago: a forged EXPIRED cannot get around the budget
        assertThat(refusal(request("b", Reason.EXPIRED), pool, claims, Set.of(), WEDNESDAY_10))
            .hasValueSatisfying(why -> assertThat(why).contains("NodeClaim b has not expired").contains("720h"));
        assertThat(refusal(request("a", Reason.TERMINATION_REFUSED), pool, claims, Set.of(), WEDNESDAY_10))
            .hasValueSatisfying(why -> assertThat(why).contains("not a disruption reason"));
        assertThat(refusal(request("a", Reason.UNDERUTILIZED), pool, claims, Set.of(), WEDNESDAY_10))
            .isPresent();
    }

    @Test
    void aMissingNodePoolIsRefusedAndAnEmptyBudgetListIsUnlimited() {
        List<NodeClaim> claims = List.of(accepted(initialized("a")), accepted(initialized("b")), initialized("c"));
        assertThat(refusal(request("c", Reason.EMPTY), null, claims, Set.of(), WEDNESDAY_10))
            .hasValueSatisfying(why -> assertThat(why).contains("does not exist"));
        assertThat(refusal(request("c", Reason.EMPTY), pool("budgets: []"), claims, Set.of(), WEDNESDAY_10))
            .isEmpty();
    }

    @Test
    void nodeClaimsOfAnotherNodePoolAreNotCounted() {
        NodeClaim other = accepted(initialized("x"));
        other.getMetadata().getLabels().put("karpenter.sh/nodepool", "other");
        assertThat(refusal(request("a", Reason.EMPTY), pool("budgets: [{nodes: \"1\"}]"),
            List.of(other, initialized("a")), Set.of(), WEDNESDAY_10)).isEmpty();
    }

    @Test
    void aNodeClaimHasExpiredByItsNodePoolsTemplateOrByItsOwnExpireAfter() {
        NodeClaim claim = initialized("a"); // created an hour ago
        assertThat(BudgetAdmission.expired(claim, pool(null), WEDNESDAY_10)).isFalse();
        assertThat(BudgetAdmission.expired(claim, poolExpiring("30m"), WEDNESDAY_10)).isTrue();
        assertThat(BudgetAdmission.expired(claim, poolExpiring("Never"), WEDNESDAY_10)).isFalse();
        claim.getSpec().setExpireAfter("1h");
        assertThat(BudgetAdmission.expired(claim, poolExpiring("Never"), WEDNESDAY_10)).isTrue();
        claim.getSpec().setExpireAfter("garbage");
        assertThat(BudgetAdmission.expired(claim, null, WEDNESDAY_10)).isFalse();
    }

    /**
     * The request checked against the named NodeClaim of the list, every NodeClaim's Node existing, those in
     * {@code labelledInitialized} labelled {@code karpenter.sh/initialized}.
     */
    private static java.util.Optional<String> refusal(TerminationRequest request, NodePool pool, List<NodeClaim> claims,
                                                      Set<String> labelledInitialized, Instant now) {
        NodeClaim claim = claims.stream().filter(c -> c.getMetadata().getName().equals(request.nodeClaimName()))
            .findFirst().orElseThrow();
        Map<String, Boolean> nodes = new HashMap<>();
        claims.stream().filter(c -> c.getStatus().getNodeName() != null)
            .forEach(c -> nodes.put(c.getStatus().getNodeName(), labelledInitialized.contains(c.getStatus().getNodeName())));
        return BudgetAdmission.refusal(request, claim, pool, claims, nodes, now);
    }

    private static NodePool poolExpiring(String expireAfter) {
        NodePool pool = pool(null);
        pool.getSpec().getTemplate().getSpec().setExpireAfter(expireAfter);
        return pool;
    }

    private static TerminationRequest request(String claim, Reason reason) {
        return new TerminationRequest("node-" + claim, claim, "pool", reason, "m", "cons-1", List.of(), WEDNESDAY_10);
    }

    private static NodePool pool(String disruption) {
        return KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata: {name: pool}
            spec:
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  requirements: []
            %s
            """.formatted(disruption == null ? "" : "  disruption:\n    " + disruption), NodePool.class);
    }

    private static NodeClaim claim(String name) {
        NodeClaim claim = new NodeClaim();
        claim.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(new HashMap<>(Map.of("karpenter.sh/nodepool", "pool")))
            .withAnnotations(new HashMap<>(Map.of(DisruptionKeys.DECISION_ANNOTATION, "prov-1")))
            .withFinalizers(DisruptionKeys.TERMINATION_FINALIZER)
            .withCreationTimestamp(WEDNESDAY_10.minus(Duration.ofHours(1)).toString()).build());
        claim.setSpec(new NodeClaimSpec());
        claim.setStatus(new NodeClaimStatus());
        return claim;
    }

    private static NodeClaim initialized(String name) {
        NodeClaim claim = claim(name);
        claim.getStatus().setNodeName("node-" + name);
        NodeClaimConditions.set(claim, NodeClaimConditions.INITIALIZED, "True", "Initialized", "", WEDNESDAY_10);
        return claim;
    }

    private static NodeClaim accepted(NodeClaim claim) {
        claim.getMetadata().getAnnotations().put(DisruptionKeys.TERMINATION_REASON, "UNDERUTILIZED");
        return claim;
    }

    private static NodeClaim deleting(NodeClaim claim) {
        claim.getMetadata().setDeletionTimestamp(WEDNESDAY_10.toString());
        return claim;
    }
}
