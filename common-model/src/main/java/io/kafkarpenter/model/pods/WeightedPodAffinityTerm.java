package io.kafkarpenter.model.pods;

/** A preferred pod (anti-)affinity term with its weight (1..100). */
public record WeightedPodAffinityTerm(int weight, PodAffinityTermSpec podAffinityTerm) {
    public WeightedPodAffinityTerm {
        Fields.required(podAffinityTerm, "podAffinityTerm");
    }
}
