package io.kafkarpenter.model.resources;

import java.util.List;

/**
 * Effective pod requests as Kubernetes computes them ({@code k8s.io/component-helpers/resource.PodRequests}) plus
 * {@code pods: 1}, as Karpenter does.
 *
 * <ul>
 *   <li>A container's request for a resource defaults to its limit when only the limit is set.</li>
 *   <li>Regular containers and restartable init containers (sidecars, {@code restartPolicy: Always}) run together:
 *       their requests add up.</li>
 *   <li>Init containers run one after another, each alongside the sidecars started before it; the pod needs the
 *       maximum of those peaks and of the steady state.</li>
 *   <li>Pod overhead (RuntimeClass) is added on top.</li>
 * </ul>
 */
public final class PodRequests {

    private static final ResourceList ONE_POD = ResourceList.builder().setUnits(ResourceNames.PODS, 1).build();

    private PodRequests() {
    }

    /** One container's resources; {@code sidecar} marks an init container with restartPolicy Always. */
    public record Container(ResourceList requests, ResourceList limits, boolean sidecar) {
        public Container {
            requests = requests == null ? ResourceList.EMPTY : requests;
            limits = limits == null ? ResourceList.EMPTY : limits;
        }

        /** Requests with limits filling in resources that have no request. */
        public ResourceList effectiveRequests() {
            if (limits.isEmpty()) {
                return requests;
            }
            ResourceList.Builder b = ResourceList.builder();
            limits.asMilliMap().forEach(b::setMilli);
            requests.asMilliMap().forEach(b::setMilli);
            return b.build();
        }
    }

    /** The effective requests of a pod, including {@code pods: 1}. */
    public static ResourceList of(List<Container> containers, List<Container> initContainers, ResourceList overhead) {
        ResourceList regular = ResourceList.EMPTY;
        for (Container c : containers) {
            regular = regular.plus(c.effectiveRequests());
        }
        ResourceList sidecars = ResourceList.EMPTY;
        ResourceList initPeak = ResourceList.EMPTY;
        for (Container c : initContainers) {
            ResourceList req = c.effectiveRequests();
            if (c.sidecar()) {
                sidecars = sidecars.plus(req);
                initPeak = initPeak.max(sidecars);
            } else {
                initPeak = initPeak.max(sidecars.plus(req));
            }
        }
        ResourceList total = regular.plus(sidecars).max(initPeak);
        if (overhead != null) {
            total = total.plus(overhead);
        }
        return total.plus(ONE_POD);
    }
}
