package io.kafkarpenter.model.kube;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.crd.Budget;
import io.kafkarpenter.model.crd.Disruption;
import io.kafkarpenter.model.crd.Durations;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.disruption.BoundPod;
import io.kafkarpenter.model.disruption.DisruptionBudget;
import io.kafkarpenter.model.disruption.DisruptionPolicy;
import io.kafkarpenter.model.disruption.PodDisruptionBudget;
import io.kafkarpenter.model.scheduling.LabelSelector;
import io.kafkarpenter.model.scheduling.SchedulingPod;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * From Kubernetes and Karpenter objects to the disruption planner's inputs ({@code io.kafkarpenter.model.disruption}):
 * a NodePool's disruption settings, a bound pod's disruption facts, a PodDisruptionBudget. Used by the consolidator
 * and {@code kk simulate}. Bad values throw {@link IllegalArgumentException} naming the field.
 */
public final class DisruptionInputs {

    public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    private DisruptionInputs() {
    }

    /** A NodePool's disruption settings; {@code dynamic} false for a static NodePool (spec.replicas). */
    public static DisruptionPolicy policy(NodePool pool, boolean dynamic) {
        var spec = pool.getSpec();
        Disruption d = spec == null ? null : spec.getDisruption();
        var tspec = spec == null || spec.getTemplate() == null ? null : spec.getTemplate().getSpec();
        DisruptionPolicy.ConsolidationPolicy policy;
        try {
            policy = DisruptionPolicy.ConsolidationPolicy.parse(d == null ? null : d.getConsolidationPolicy());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spec.disruption.consolidationPolicy: unknown policy "
                    + d.getConsolidationPolicy());
        }
        Duration consolidateAfter = neverOr(d == null || d.getConsolidateAfter() == null
                ? Disruption.DEFAULT_CONSOLIDATE_AFTER : d.getConsolidateAfter(), "spec.disruption.consolidateAfter");
        List<DisruptionBudget> budgets = budgets(pool);
        String expireAfter = tspec == null || tspec.getExpireAfter() == null ? "720h" : tspec.getExpireAfter();
        String tgp = tspec == null ? null : tspec.getTerminationGracePeriod();
        Map<String, String> annotations = pool.getMetadata().getAnnotations();
        String nodeClass = tspec == null || tspec.getNodeClassRef() == null ? null : tspec.getNodeClassRef().getName();
        return new DisruptionPolicy(pool.getMetadata().getName(), policy, consolidateAfter, budgets,
                neverOr(expireAfter, "spec.template.spec.expireAfter"),
                tgp == null ? null : neverOr(tgp, "spec.template.spec.terminationGracePeriod"),
                EngineInputs.nodePool(pool, List.of()).requirements(), annotations, nodeClass, dynamic);
    }

    /**
     * A NodePool's {@code spec.disruption.budgets}; {@link DisruptionBudget#DEFAULT} alone when it lists none (an empty
     * list stays empty: no budget, unlimited). An unreadable {@code duration} is kept as null, which fails closed.
     */
    public static List<DisruptionBudget> budgets(NodePool pool) {
        Disruption d = pool.getSpec() == null ? null : pool.getSpec().getDisruption();
        if (d == null || d.getBudgets() == null) {
            return List.of(DisruptionBudget.DEFAULT);
        }
        List<DisruptionBudget> budgets = new ArrayList<>();
        for (Budget b : d.getBudgets()) {
            Duration duration = null;
            if (b.getDuration() != null) {
                try {
                    duration = Durations.parse(b.getDuration());
                } catch (IllegalArgumentException e) {
                    duration = null; // an unreadable window fails closed in the planner
                }
            }
            budgets.add(new DisruptionBudget(b.getNodes() == null ? Disruption.DEFAULT_BUDGET_NODES : b.getNodes(),
                    b.getSchedule(), duration, b.getReasons() == null ? null : new HashSet<>(b.getReasons())));
        }
        return budgets;
    }

    private static Duration neverOr(String value, String field) {
        try {
            return Durations.parseOrNever(value).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    /**
     * A bound pod's disruption facts.
     *
     * @param creationGiven whether {@code metadata.creationTimestamp} was really given (else it is no pod event)
     */
    public static BoundPod boundPod(Pod pod, SchedulingPod scheduling, boolean creationGiven) {
        var meta = pod.getMetadata();
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        boolean mirror = annotations.containsKey(MIRROR_ANNOTATION);
        if (meta.getOwnerReferences() != null) {
            for (OwnerReference ref : meta.getOwnerReferences()) {
                mirror |= "Node".equals(ref.getKind());
            }
        }
        var status = pod.getStatus();
        Instant started = status == null ? null : time(status.getStartTime(), "status.startTime");
        boolean ready = true;
        if (status != null && status.getConditions() != null) {
            for (PodCondition c : status.getConditions()) {
                if ("Ready".equals(c.getType())) {
                    ready = "True".equals(c.getStatus());
                }
            }
        }
        Integer priority = pod.getSpec() == null ? null : pod.getSpec().getPriority();
        return new BoundPod(scheduling, annotations,
                creationGiven ? time(meta.getCreationTimestamp(), "metadata.creationTimestamp") : null, started,
                priority == null ? 0 : priority, mirror, ready);
    }

    /** A policy/v1 PodDisruptionBudget (namespace default when absent). */
    public static PodDisruptionBudget pdb(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget pdb) {
        var meta = pdb.getMetadata();
        var spec = pdb.getSpec();
        LabelSelector selector = null;
        if (spec != null && spec.getSelector() != null) {
            List<LabelSelector.Expression> exprs = new ArrayList<>();
            if (spec.getSelector().getMatchExpressions() != null) {
                for (LabelSelectorRequirement r : spec.getSelector().getMatchExpressions()) {
                    exprs.add(new LabelSelector.Expression(r.getKey(), r.getOperator(), r.getValues()));
                }
            }
            selector = new LabelSelector(spec.getSelector().getMatchLabels(), exprs);
        }
        Integer allowed = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptionsAllowed();
        return new PodDisruptionBudget(Optional.ofNullable(meta.getNamespace()).orElse("default"), meta.getName(),
                selector, text(spec == null ? null : spec.getMinAvailable()),
                text(spec == null ? null : spec.getMaxUnavailable()), allowed,
                spec == null ? null : spec.getUnhealthyPodEvictionPolicy());
    }

    private static String text(IntOrString v) {
        if (v == null) {
            return null;
        }
        return v.getStrVal() != null ? v.getStrVal() : String.valueOf(v.getIntVal());
    }

    private static Instant time(String value, String field) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not an RFC 3339 timestamp: " + value, e);
        }
    }
}
