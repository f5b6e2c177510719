package io.kafkarpenter.model.pods;

import java.util.List;

/** The required and preferred terms of either {@code podAffinity} or {@code podAntiAffinity}. */
public record PodAffinityRules(List<PodAffinityTermSpec> required, List<WeightedPodAffinityTerm> preferred) {
    public static final PodAffinityRules NONE = new PodAffinityRules(List.of(), List.of());

    public PodAffinityRules {
        required = Fields.list(required);
        preferred = Fields.list(preferred);
    }

    public boolean isEmpty() {
        return required.isEmpty() && preferred.isEmpty();
    }
}
