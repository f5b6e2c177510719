package io.kafkarpenter.model.pods;

import java.util.List;

/**
 * A topology spread constraint as written on the pod. {@code whenUnsatisfiable} is DoNotSchedule or
 * ScheduleAnyway; {@code nodeAffinityPolicy} defaults to Honor and {@code nodeTaintsPolicy} to Ignore
 * (Kubernetes' defaults), {@code minDomains} is null when unset.
 */
public record TopologySpreadConstraint(
        int maxSkew,
        String topologyKey,
        String whenUnsatisfiable,
        LabelSelectorSpec labelSelector,
        List<String> matchLabelKeys,
        Integer minDomains,
        String nodeAffinityPolicy,
        String nodeTaintsPolicy) {

    public TopologySpreadConstraint {
        Fields.requiredText(topologyKey, "topologyKey");
        whenUnsatisfiable = Fields.orDefault(whenUnsatisfiable, "DoNotSchedule");
        matchLabelKeys = Fields.list(matchLabelKeys);
        nodeAffinityPolicy = Fields.orDefault(nodeAffinityPolicy, "Honor");
        nodeTaintsPolicy = Fields.orDefault(nodeTaintsPolicy, "Ignore");
    }

    public boolean isHard() {
        return "DoNotSchedule".equals(whenUnsatisfiable);
    }
}
