package io.kafkarpenter.model.pods;

/** A preferred node-affinity term with its weight (1..100). */
public record PreferredSchedulingTerm(int weight, NodeSelectorTerm preference) {
    public PreferredSchedulingTerm {
        Fields.required(preference, "preference");
    }
}
