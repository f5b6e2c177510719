package io.kafkarpenter.sandbox.kube.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * kube-scheduler's filter plugins that decide whether a pod fits a node, in kube-scheduler's order, each
 * returning kube-scheduler's own failure reason: NodeUnschedulable ("node(s) were unschedulable"),
 * TaintToleration ("node(s) had untolerated taint {key: value}"), NodeAffinity ("node(s) didn't match Pod's node
 * affinity/selector": nodeSelector and required node affinity incl. matchFields metadata.name), NodeResourcesFit
 * ("Insufficient cpu", "Too many pods", …). The first failing plugin decides, as in kube-scheduler.
 *
 * <p>Not covered: host ports, volumes, pod (anti-)affinity, topology spread. This is the stand-in's own small
 * predicate set; it should be folded into common-model's scheduling predicates once they exist.
 */
public final class NodeFitPredicates {

    /**
     * @param pod       the pod to place
     * @param node      the candidate
     * @param requested the summed requests of the non-terminal pods already on the node (CPU in cores)
     * @param podCount  how many non-terminal pods are already on the node
     * @return the reasons it does not fit; empty when it fits
     */
    public static List<String> failures(Pod pod, Node node, Map<String, BigDecimal> requested, int podCount) {
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())
                && !tolerates(pod, new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null))) {
            return List.of("node(s) were unschedulable");
        }
        for (Taint taint : nullSafe(node.getSpec() == null ? null : node.getSpec().getTaints())) {
            boolean blocking = "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
            if (blocking && !tolerates(pod, taint)) {
                return List.of("node(s) had untolerated taint {" + taint.getKey() + ": "
                        + (taint.getValue() == null ? "" : taint.getValue()) + "}");
            }
        }
        if (!matchesNodeSelectorAndAffinity(pod, node)) {
            return List.of("node(s) didn't match Pod's node affinity/selector");
        }
        return insufficientResources(pod, node, requested, podCount);
    }

    static List<String> insufficientResources(Pod pod, Node node, Map<String, BigDecimal> requested, int podCount) {
        Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
                ? Map.of() : node.getStatus().getAllocatable();
        List<String> reasons = new ArrayList<>();
        Quantity maxPods = allocatable.get("pods");
        if (maxPods != null && podCount + 1 > maxPods.getNumericalAmount().intValue()) {
            reasons.add("Too many pods");
        }
        for (var request : PodRequests.of(pod).entrySet()) {
            if (request.getValue().signum() == 0) {
                continue;
            }
            Quantity available = allocatable.get(request.getKey());
            BigDecimal free = (available == null ? BigDecimal.ZERO : available.getNumericalAmount())
                    .subtract(requested.getOrDefault(request.getKey(), BigDecimal.ZERO));
            if (request.getValue().compareTo(free) > 0) {
                reasons.add("Insufficient " + request.getKey());
            }
        }
        return reasons;
    }

    /** Kubernetes' ToleratesTaint over the pod's tolerations. */
    static boolean tolerates(Pod pod, Taint taint) {
        for (Toleration t : nullSafe(pod.getSpec() == null ? null : pod.getSpec().getTolerations())) {
            boolean effectMatches = t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals(taint.getEffect());
            if (!effectMatches) {
                continue;
            }
            boolean exists = "Exists".equals(t.getOperator());
            if (t.getKey() == null || t.getKey().isEmpty()) {
                if (exists) {
                    return true;
                }
                continue;
            }
            if (!t.getKey().equals(taint.getKey())) {
                continue;
            }
            if (exists || Objects.equals(emptyToNull(t.getValue()), emptyToNull(taint.getValue()))) {
                return true;
            }
        }
        return false;
    }

    static boolean matchesNodeSelectorAndAffinity(Pod pod, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> nodeSelector = pod.getSpec() == null ? null : pod.getSpec().getNodeSelector();
        if (nodeSelector != null) {
            for (var wanted : nodeSelector.entrySet()) {
                if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        var affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        var required = affinity == null || affinity.getNodeAffinity() == null ? null
                : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null || required.getNodeSelectorTerms() == null) {
            return true;
        }
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            if (termMatches(term, labels, node.getMetadata().getName())) {
                return true;
            }
        }
        return false;
    }

    /** Expressions and fields are ANDed; a term with neither matches nothing. */
    private static boolean termMatches(NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
        List<NodeSelectorRequirement> expressions = nullSafe(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = nullSafe(term.getMatchFields());
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        for (NodeSelectorRequirement r : expressions) {
            if (!requirementMatches(r, labels.get(r.getKey()), labels.containsKey(r.getKey()))) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            boolean isName = "metadata.name".equals(r.getKey());
            if (!requirementMatches(r, isName ? nodeName : null, isName)) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirementMatches(NodeSelectorRequirement r, String value, boolean present) {
        List<String> values = nullSafe(r.getValues());
        return switch (r.getOperator()) {
            case "In" -> present && values.contains(value);
            case "NotIn" -> !present || !values.contains(value);
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            case "Gt" -> present && values.size() == 1 && compareInts(value, values.get(0)) > 0;
            case "Lt" -> present && values.size() == 1 && compareInts(value, values.get(0)) < 0;
            default -> false;
        };
    }

    private static int compareInts(String actual, String bound) {
        try {
            return Long.compare(Long.parseLong(actual), Long.parseLong(bound));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private NodeFitPredicates() {
    }
}
