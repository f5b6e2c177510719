package io.kafkarpenter.sandbox.kube.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pod's effective resource requests as kube-scheduler computes them: the larger of the sum over containers and
 * each init container, plus the pod overhead; a container's limit stands in for a missing request (API server
 * defaulting). CPU in cores, everything else in its base unit.
 */
final class PodRequests {

    static Map<String, BigDecimal> of(Pod pod) {
        Map<String, BigDecimal> total = new TreeMap<>();
        if (pod.getSpec() == null) {
            return total;
        }
        for (Container c : nullSafe(pod.getSpec().getContainers())) {
            requestsOf(c).forEach((k, v) -> total.merge(k, v, BigDecimal::add));
        }
        for (Container c : nullSafe(pod.getSpec().getInitContainers())) {
            requestsOf(c).forEach((k, v) -> total.merge(k, v, BigDecimal::max));
        }
        if (pod.getSpec().getOverhead() != null) {
            pod.getSpec().getOverhead().forEach((k, v) -> total.merge(k, v.getNumericalAmount(), BigDecimal::add));
        }
        return total;
    }

    private static Map<String, BigDecimal> requestsOf(Container c) {
        Map<String, BigDecimal> result = new TreeMap<>();
        if (c.getResources() == null) {
            return result;
        }
        Map<String, Quantity> limits = c.getResources().getLimits();
        Map<String, Quantity> requests = c.getResources().getRequests();
        if (limits != null) {
            limits.forEach((k, v) -> result.put(k, v.getNumericalAmount()));
        }
        if (requests != null) {
            requests.forEach((k, v) -> result.put(k, v.getNumericalAmount()));
        }
        return result;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private PodRequests() {
    }
}
