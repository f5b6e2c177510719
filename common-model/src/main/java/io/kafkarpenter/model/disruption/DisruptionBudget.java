package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.crd.BudgetSchedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One NodePool disruption budget ({@code spec.disruption.budgets[]}): at most {@code nodes} (a count or a percentage
 * of the pool's nodes, rounded up) may be disrupting at once, for the given reasons (empty = all), while its cron
 * schedule (UTC) is active.
 *
 * @param schedule null = always active; else 5-field cron or an @-macro, active for {@code duration} after each hit
 * @param reasons  Karpenter's reason names: Empty, Drifted, Underutilized (empty set = every reason)
 */
public record DisruptionBudget(String nodes, String schedule, Duration duration, Set<String> reasons) {

    /** Karpenter's default when a NodePool lists no budget: 10% of its nodes. */
    public static final DisruptionBudget DEFAULT = new DisruptionBudget("10%", null, null, Set.of());

    public DisruptionBudget {
        reasons = reasons == null ? Set.of() : Set.copyOf(reasons);
    }

    public boolean appliesTo(String reason) {
        return reasons.isEmpty() || reasons.contains(reason);
    }

    /**
     * The budget that limits disruptions for {@code reason} now: of the budgets that apply to it, the one allowing the
     * fewest of {@code total} nodes (the first on a tie); empty when none applies (unlimited). Karpenter's allowed
     * disruptions for a reason are {@code limiting(...).allowed(total, now)}.
     *
     * @param reason Karpenter's reason name (Empty, Drifted, Underutilized)
     */
    public static Optional<DisruptionBudget> limiting(List<DisruptionBudget> budgets, String reason, int total,
            Instant now) {
        DisruptionBudget min = null;
        int minAllowed = Integer.MAX_VALUE;
        for (DisruptionBudget b : budgets) {
            if (b.appliesTo(reason)) {
                int allowed = b.allowed(total, now);
                if (min == null || allowed < minAllowed) {
                    min = b;
                    minAllowed = allowed;
                }
            }
        }
        return Optional.ofNullable(min);
    }

    /**
     * How many of {@code total} nodes may be disrupting now: unlimited ({@link Integer#MAX_VALUE}) while the schedule
     * is inactive; 0 when the budget cannot be read (an invalid cron or value fails closed, as in Karpenter).
     */
    public int allowed(int total, Instant now) {
        if (schedule != null) {
            try {
                if (duration == null || !BudgetSchedule.parse(schedule).isActive(duration, now)) {
                    return duration == null ? 0 : Integer.MAX_VALUE;
                }
            } catch (IllegalArgumentException e) {
                return 0;
            }
        }
        return scaled(nodes, total);
    }

    /** A count, or a percentage of {@code total} rounded up; 0 when unreadable. */
    static int scaled(String value, int total) {
        if (value == null) {
            return 0;
        }
        String v = value.trim();
        try {
            if (v.endsWith("%")) {
                long percent = Long.parseLong(v.substring(0, v.length() - 1));
                if (percent < 0) {
                    return 0;
                }
                return (int) Math.min(Integer.MAX_VALUE, (percent * total + 99) / 100);
            }
            long n = Long.parseLong(v);
            return n < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, n);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
