package io.kafkarpenter.launcher.termination;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Collectors;

import io.kafkarpenter.launcher.kube.NodeClaimFacts;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.Durations;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.disruption.DisruptionBudget;
import io.kafkarpenter.model.disruption.DisruptionMethod;
import io.kafkarpenter.model.events.TerminationRequest;
import io.kafkarpenter.model.kube.DisruptionInputs;

/**
 * Re-checks a termination request that {@link TerminationAdmission} would accept against its NodePool's disruption
 * budgets (pure; karpenter-core reference §5.3), so that whoever can write {@code kk.nodes.terminate} cannot disrupt
 * more of a NodePool at once than its budgets allow. Counted as the consolidator counts
 * ({@code BudgetTracker}, {@code ClusterNodes}): total = the pool's initialized NodeClaims whose Node exists; already disrupting = those of them being deleted
 * or carrying an accepted request ({@code kafkarpenter.io/termination-reason}). Accepting one more must stay within the
 * minimum over the active budgets that apply to the request's reason. {@code EXPIRED} is not budget-limited (forceful
 * in Karpenter v1), so it is accepted only for a NodeClaim that has expired: created at least {@code expireAfter} ago,
 * by the NodePool's template (as the consolidator decides it) or by the NodeClaim's own {@code spec.expireAfter} (as
 * Karpenter does). A reason that is no disruption method's is refused.
 */
public final class BudgetAdmission {

    /** Karpenter's {@code spec.template.spec.expireAfter} default (as {@code DisruptionInputs.policy} reads it). */
    static final String DEFAULT_EXPIRE_AFTER = "720h";

    private BudgetAdmission() {
    }

    /**
     * @param claim            the live NodeClaim the request names
     * @param pool             the live NodePool named by the request, or null when it does not exist
     * @param poolClaims       the NodePool's NodeClaims as the API server has them now
     * @param nodes            the Nodes there are (the launcher's informer): name → labelled
     *                         {@code karpenter.sh/initialized=true} (the lifecycle labels the Node just before it sets
     *                         the NodeClaim's condition; the consolidator counts either)
     * @return why the request is refused; empty when accepting it stays within the budgets
     */
    public static Optional<String> refusal(TerminationRequest request, NodeClaim claim, NodePool pool,
                                           List<NodeClaim> poolClaims, Map<String, Boolean> nodes, Instant now) {
        Optional<DisruptionMethod> method = Arrays.stream(DisruptionMethod.values())
            .filter(m -> m.reason() == request.reason()).findFirst();
        if (method.isEmpty()) {
            return Optional.of("reason " + request.reason() + " is not a disruption reason ("
                + Arrays.stream(DisruptionMethod.values()).map(m -> m.reason().name()).distinct()
                    .collect(Collectors.joining(", ")) + ")");
        }
        String reason = method.get().budgetReason();
        if (reason == null) {
            return expired(claim, pool, now) ? Optional.empty() : Optional.of("NodeClaim "
                + claim.getMetadata().getName() + " has not expired (created " + claim.getMetadata().getCreationTimestamp()
                + ", expireAfter " + expireAfters(claim, pool) + ")");
        }
        if (pool == null) {
            return Optional.of("NodePool " + request.nodePool() + " does not exist: its disruption budgets cannot be checked");
        }
        int total = 0;
        int disrupting = 0;
        for (NodeClaim c : poolClaims) {
            if (!request.nodePool().equals(NodeClaimFacts.nodePool(c)) || !counted(c, nodes)) {
                continue;
            }
            total++;
            if (NodeClaimFacts.deleting(c) || NodeClaimFacts.annotation(c, DisruptionKeys.TERMINATION_REASON) != null) {
                disrupting++;
            }
        }
        Optional<DisruptionBudget> limiting = DisruptionBudget.limiting(DisruptionInputs.budgets(pool), reason, total, now);
        if (limiting.isEmpty()) {
            return Optional.empty();
        }
        int allowed = limiting.get().allowed(total, now);
        if (disrupting + 1 <= allowed) {
            return Optional.empty();
        }
        return Optional.of("NodePool " + request.nodePool() + "'s disruption budget " + describe(limiting.get())
            + " allows " + allowed + " of its " + total + " initialized nodes disrupting for reason " + reason + "; "
            + disrupting + " already " + (disrupting == 1 ? "is" : "are"));
    }

    /** Created at least one of its expireAfters ago (an unreadable or missing creation time or value: not expired). */
    static boolean expired(NodeClaim claim, NodePool pool, Instant now) {
        Instant created;
        try {
            created = OffsetDateTime.parse(claim.getMetadata().getCreationTimestamp()).toInstant();
        } catch (RuntimeException e) {
            return false;
        }
        for (String value : expireAfters(claim, pool)) {
            try {
                Optional<Duration> after = Durations.parseOrNever(value);
                if (after.isPresent() && !created.plus(after.get()).isAfter(now)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // unreadable: this one does not expire it
            }
        }
        return false;
    }

    /** The NodePool template's expireAfter (Karpenter's default 720h when unset), then the NodeClaim's own if set. */
    private static List<String> expireAfters(NodeClaim claim, NodePool pool) {
        List<String> values = new ArrayList<>();
        if (pool != null) {
            var template = pool.getSpec() == null || pool.getSpec().getTemplate() == null ? null
                : pool.getSpec().getTemplate().getSpec();
            values.add(template == null || template.getExpireAfter() == null ? DEFAULT_EXPIRE_AFTER : template.getExpireAfter());
        }
        if (claim.getSpec() != null && claim.getSpec().getExpireAfter() != null) {
            values.add(claim.getSpec().getExpireAfter());
        }
        return values;
    }

    /**
     * In the budget's total as the consolidator counts it: its Node exists (a NodeClaim whose Node is gone is no
     * initialized node to the consolidator) and it is initialized (condition or Node label).
     */
    private static boolean counted(NodeClaim claim, Map<String, Boolean> nodes) {
        String node = NodeClaimFacts.nodeName(claim);
        if (node == null || !nodes.containsKey(node)) {
            return false;
        }
        return NodeClaimConditions.isTrue(claim, NodeClaimConditions.INITIALIZED) || nodes.get(node);
    }

    /** e.g. {@code {nodes: "1", reasons: [Drifted], schedule: "0 9 * * *", duration: PT8H}}. */
    static String describe(DisruptionBudget b) {
        StringBuilder s = new StringBuilder("{nodes: \"").append(b.nodes()).append('"');
        if (!b.reasons().isEmpty()) {
            s.append(", reasons: ").append(b.reasons().stream().sorted().toList());
        }
        if (b.schedule() != null) {
            s.append(", schedule: \"").append(b.schedule()).append("\", duration: ").append(b.duration());
        }
        return s.append('}').toString();
    }
}
