package io.kafkarpenter.model.crd.validation;

import io.kafkarpenter.model.crd.Budget;
import io.kafkarpenter.model.crd.BudgetSchedule;
import io.kafkarpenter.model.crd.Disruption;
import io.kafkarpenter.model.crd.KarpenterApi;
import io.kafkarpenter.model.crd.NodeClaimTemplate;
import io.kafkarpenter.model.crd.NodeClaimTemplateSpec;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.NodePoolSpec;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Karpenter's admission rules for a {@code karpenter.sh/v1} NodePool (CRD schema, CEL rules and the v1 webhook
 * checks): requirements (operators, values, minValues, restricted labels), template labels, taints, nodeClassRef,
 * expireAfter / terminationGracePeriod, disruption (policy, consolidateAfter, budgets with cron schedule and
 * duration), limits and weight.
 */
public final class NodePoolValidator {
    static final List<String> CONSOLIDATION_POLICIES = List.of("WhenEmpty", "WhenEmptyOrUnderutilized");
    static final List<String> BUDGET_REASONS = List.of("Underutilized", "Empty", "Drifted");
    static final int MAX_BUDGETS = 50;
    private static final Pattern BUDGET_NODES = Pattern.compile("^((100|[0-9]{1,2})%|[0-9]+)$");
    private static final Pattern BUDGET_SCHEDULE =
            Pattern.compile("^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\\s(.+)\\s(.+)\\s(.+)\\s(.+))$");
    private static final Pattern BUDGET_DURATION = Pattern.compile("^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$");

    private NodePoolValidator() {
    }

    /** Every rule {@code pool} breaks; empty when Karpenter would accept it. */
    public static List<Violation> validate(NodePool pool) {
        Violations out = new Violations(KarpenterApi.NODE_POOL_KIND, pool);
        if (pool.getMetadata() == null || pool.getMetadata().getName() == null || pool.getMetadata().getName().isEmpty()) {
            out.add("metadata.name", "required");
        }
        NodePoolSpec spec = pool.getSpec();
        if (spec == null) {
            out.add("spec", "required");
            return out.list();
        }
        template(out, spec.getTemplate());
        disruption(out, spec.getDisruption());
        CommonRules.quantities(out, "spec.limits", spec.getLimits());
        if (spec.getWeight() != null && (spec.getWeight() < 1 || spec.getWeight() > 100)) {
            out.add("spec.weight", "must be between 1 and 100, got " + spec.getWeight());
        }
        return out.list();
    }

    /** @throws InvalidResourceException listing every violation, if there is any */
    public static NodePool requireValid(NodePool pool) {
        List<Violation> violations = validate(pool);
        if (!violations.isEmpty()) {
            throw new InvalidResourceException(violations);
        }
        return pool;
    }

    private static void template(Violations out, NodeClaimTemplate template) {
        if (template == null) {
            out.add("spec.template", "required");
            return;
        }
        if (template.getMetadata() != null) {
            CommonRules.labels(out, "spec.template.metadata.labels", template.getMetadata().getLabels());
        }
        NodeClaimTemplateSpec spec = template.getSpec();
        if (spec == null) {
            out.add("spec.template.spec", "required");
            return;
        }
        CommonRules.requirements(out, "spec.template.spec.requirements", spec.getRequirements());
        CommonRules.taints(out, "spec.template.spec", spec.getTaints(), spec.getStartupTaints());
        CommonRules.nodeClassRef(out, "spec.template.spec.nodeClassRef", spec.getNodeClassRef());
        CommonRules.durationOrNever(out, "spec.template.spec.expireAfter", spec.getExpireAfter());
        CommonRules.duration(out, "spec.template.spec.terminationGracePeriod", spec.getTerminationGracePeriod());
    }

    private static void disruption(Violations out, Disruption disruption) {
        if (disruption == null) {
            return;
        }
        String policy = disruption.getConsolidationPolicy();
        if (policy != null && !CONSOLIDATION_POLICIES.contains(policy)) {
            String hint = policy.equals("Balanced") ? "; Balanced is behind a Karpenter feature gate and not supported by Kafkarpenter" : "";
            out.add("spec.disruption.consolidationPolicy", "unsupported consolidation policy \"" + policy + "\" (must be "
                    + String.join(", ", CONSOLIDATION_POLICIES) + ")" + hint);
        }
        CommonRules.durationOrNever(out, "spec.disruption.consolidateAfter", disruption.getConsolidateAfter());
        List<Budget> budgets = disruption.getBudgets();
        if (budgets == null) {
            return;
        }
        if (budgets.size() > MAX_BUDGETS) {
            out.add("spec.disruption.budgets", "at most " + MAX_BUDGETS + " budgets, got " + budgets.size());
        }
        for (int i = 0; i < budgets.size(); i++) {
            budget(out, "spec.disruption.budgets[" + i + "]", budgets.get(i));
        }
    }

    private static void budget(Violations out, String path, Budget budget) {
        if (budget == null) {
            out.add(path, "must be a budget {nodes, schedule, duration, reasons}");
            return;
        }
        if (budget.getNodes() == null || budget.getNodes().isEmpty()) {
            out.add(path + ".nodes", "required (a number such as 5 or a percentage such as 10%)");
        } else if (!BUDGET_NODES.matcher(budget.getNodes()).matches()) {
            out.add(path + ".nodes", "invalid value \"" + budget.getNodes() + "\" (must be a non-negative number such as 5 or a percentage 0%..100%)");
        }
        String schedule = budget.getSchedule();
        String duration = budget.getDuration();
        if (schedule != null) {
            if (!BUDGET_SCHEDULE.matcher(schedule).matches()) {
                out.add(path + ".schedule", "invalid cron schedule \"" + schedule
                        + "\" (must be 5 fields: minute hour day-of-month month day-of-week, or @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly)");
            } else {
                try {
                    BudgetSchedule.parse(schedule);
                } catch (IllegalArgumentException e) {
                    out.add(path + ".schedule", "invalid cron schedule \"" + schedule + "\": " + e.getMessage());
                }
            }
        }
        if (duration != null && !BUDGET_DURATION.matcher(duration).matches()) {
            out.add(path + ".duration", "invalid duration \"" + duration + "\" (must be hours and/or minutes such as 10m, 2h, 1h30m)");
        }
        if ((schedule == null) != (duration == null)) {
            out.add(schedule == null ? path + ".schedule" : path + ".duration", "'schedule' must be set with 'duration'");
        }
        List<String> reasons = budget.getReasons();
        if (reasons != null) {
            for (int r = 0; r < reasons.size(); r++) {
                if (!BUDGET_REASONS.contains(reasons.get(r))) {
                    out.add(path + ".reasons[" + r + "]", "unsupported reason \"" + reasons.get(r) + "\" (must be "
                            + String.join(", ", BUDGET_REASONS) + ")");
                }
            }
        }
    }
}
