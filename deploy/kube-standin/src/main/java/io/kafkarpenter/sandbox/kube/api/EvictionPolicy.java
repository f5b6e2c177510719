package io.kafkarpenter.sandbox.kube.api;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.List;
import java.util.Objects;

/**
 * Whether the eviction subresource may delete a pod, decided as the API server's eviction REST handler does
 * ({@code pkg/registry/core/pod/storage/eviction.go}) with the budget's status computed on the spot the way the
 * disruption controller would (there is no disruption controller in the stand-in):
 * <ul>
 *   <li>terminal, pending or already-terminating pods are evicted without looking at budgets;</li>
 *   <li>more than one {@code policy/v1} PodDisruptionBudget selecting the pod is an error (500), as on a real cluster;</li>
 *   <li>healthy = selected, non-terminating pods that are Running with condition Ready=True; expected = selected,
 *       non-terminal pods; desired healthy from minAvailable / maxUnavailable (percentages rounded up);</li>
 *   <li>a healthy pod may go when healthy − desired &gt; 0; an unhealthy one when the policy is {@code AlwaysAllow}
 *       or the budget is already met ({@code IfHealthyBudget}, the default).</li>
 * </ul>
 */
public final class EvictionPolicy {

    /** The outcome. */
    public sealed interface Decision {
    }

    public record Allowed() implements Decision {
    }

    /** Evicting would break {@code budget}: it needs {@code desiredHealthy} and has {@code currentHealthy}. */
    public record Refused(String budget, int desiredHealthy, int currentHealthy) implements Decision {
    }

    public record MultipleBudgets(List<String> budgets) implements Decision {
    }

    /**
     * @param pod    the pod to evict
     * @param budgets every PodDisruptionBudget in the pod's namespace
     * @param pods   every pod in the pod's namespace (including {@code pod})
     */
    public static Decision decide(Pod pod, List<PodDisruptionBudget> budgets, List<Pod> pods) {
        if (ignoresBudgets(pod)) {
            return new Allowed();
        }
        List<PodDisruptionBudget> selecting = budgets.stream().filter(b -> selects(b, pod)).toList();
        if (selecting.isEmpty()) {
            return new Allowed();
        }
        if (selecting.size() > 1) {
            return new MultipleBudgets(selecting.stream().map(b -> b.getMetadata().getName()).sorted().toList());
        }
        PodDisruptionBudget budget = selecting.get(0);
        List<Pod> selected = pods.stream().filter(p -> selects(budget, p)).toList();
        int expected = (int) selected.stream().filter(p -> !isTerminal(p)).count();
        int healthy = (int) selected.stream().filter(EvictionPolicy::isHealthy).count();
        int desired = desiredHealthy(budget, expected);
        boolean allowed = isHealthy(pod)
                ? healthy - desired > 0
                : "AlwaysAllow".equals(budget.getSpec().getUnhealthyPodEvictionPolicy()) || healthy >= desired;
        return allowed ? new Allowed() : new Refused(budget.getMetadata().getName(), desired, healthy);
    }

    static int desiredHealthy(PodDisruptionBudget budget, int expected) {
        IntOrString maxUnavailable = budget.getSpec().getMaxUnavailable();
        IntOrString minAvailable = budget.getSpec().getMinAvailable();
        if (maxUnavailable != null) {
            return Math.max(0, expected - scaled(maxUnavailable, expected));
        }
        if (minAvailable != null) {
            return scaled(minAvailable, expected);
        }
        return 0;
    }

    /** An int, or a percentage of {@code total} rounded up (the API server rounds both fields up). */
    static int scaled(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal().trim();
        if (!text.endsWith("%")) {
            return Integer.parseInt(text);
        }
        int percent = Integer.parseInt(text.substring(0, text.length() - 1));
        return (int) Math.ceil(percent * total / 100.0);
    }

    private static boolean selects(PodDisruptionBudget budget, Pod pod) {
        return budget.getSpec() != null && budget.getSpec().getSelector() != null
                && Objects.equals(budget.getMetadata().getNamespace(), pod.getMetadata().getNamespace())
                && LabelSelectors.matches(budget.getSpec().getSelector(), pod.getMetadata().getLabels());
    }

    private static boolean ignoresBudgets(Pod pod) {
        String phase = phase(pod);
        return isTerminal(pod) || "Pending".equals(phase) || pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean isTerminal(Pod pod) {
        String phase = phase(pod);
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static boolean isHealthy(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null
                && "Running".equals(phase(pod))
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    private EvictionPolicy() {
    }
}
