package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.ResourceList;

import java.util.List;
import java.util.Map;

/**
 * A NodePool as the scheduler needs it.
 *
 * @param requirements  spec.template.spec.requirements (with minValues)
 * @param labels        spec.template.metadata.labels
 * @param limits        spec.limits, or null/empty for none ("nodes" counts nodes)
 * @param instanceTypes the instance types its NodeClass resolves to (offerings with availability)
 * @param nodeClassName the EC2NodeClass name, or null
 */
public record NodePoolTemplate(String name, int weight, Requirements requirements, Map<String, String> labels,
        List<Taint> taints, List<Taint> startupTaints, ResourceList limits, List<InstanceType> instanceTypes,
        String nodeClassName) {

    public NodePoolTemplate {
        requirements = requirements == null ? new Requirements() : requirements;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        taints = taints == null ? List.of() : List.copyOf(taints);
        startupTaints = startupTaints == null ? List.of() : List.copyOf(startupTaints);
        limits = limits == null ? ResourceList.EMPTY : limits;
        instanceTypes = List.copyOf(instanceTypes);
    }

    /** The same NodePool with other instance types (e.g. those its NodeClass offers right now). */
    public NodePoolTemplate withInstanceTypes(List<InstanceType> types) {
        return new NodePoolTemplate(name, weight, requirements, labels, taints, startupTaints, limits, types,
                nodeClassName);
    }
}
