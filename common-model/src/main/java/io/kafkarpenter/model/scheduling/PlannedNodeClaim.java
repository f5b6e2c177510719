package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.ResourceList;

import java.util.List;
import java.util.Map;

/**
 * A NodeClaim the solve decided to create.
 *
 * @param instanceTypes  every type that can serve it, cheapest compatible offering first (at most the configured max)
 * @param instanceType   the cheapest of them; {@code offering} its cheapest available compatible offering
 * @param daemonOverhead the smallest daemon-set overhead among its instance types
 */
public record PlannedNodeClaim(String name, String nodePool, List<InstanceType> instanceTypes,
        InstanceType instanceType, Offering offering, List<String> zones, List<String> capacityTypes,
        Map<String, String> labels, List<Taint> taints, List<Taint> startupTaints, Requirements requirements,
        ResourceList requests, ResourceList daemonOverhead, List<SchedulingPod> pods) {
}
