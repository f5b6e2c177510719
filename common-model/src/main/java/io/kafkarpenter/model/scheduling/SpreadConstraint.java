package io.kafkarpenter.model.scheduling;

import java.util.List;

/**
 * A topology spread constraint. {@code selector} null matches no pod (Kubernetes semantics).
 *
 * @param doNotSchedule  whenUnsatisfiable == DoNotSchedule (else ScheduleAnyway: a preference)
 * @param honorNodeAffinity nodeAffinityPolicy Honor (the default)
 * @param honorNodeTaints   nodeTaintsPolicy Honor (default Ignore)
 */
public record SpreadConstraint(String topologyKey, int maxSkew, boolean doNotSchedule, LabelSelector selector,
        Integer minDomains, boolean honorNodeAffinity, boolean honorNodeTaints, List<String> matchLabelKeys) {

    public SpreadConstraint {
        matchLabelKeys = matchLabelKeys == null ? List.of() : List.copyOf(matchLabelKeys);
    }

    public static SpreadConstraint of(String key, int maxSkew, boolean doNotSchedule, LabelSelector selector) {
        return new SpreadConstraint(key, maxSkew, doNotSchedule, selector, null, true, false, List.of());
    }
}
