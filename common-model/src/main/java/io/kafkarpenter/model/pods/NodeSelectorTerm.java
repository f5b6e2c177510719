package io.kafkarpenter.model.pods;

import java.util.List;

/** A node selector term: its expressions are AND-ed; the terms of a required node affinity are OR-ed. */
public record NodeSelectorTerm(List<NodeSelectorRequirement> matchExpressions, List<NodeSelectorRequirement> matchFields) {
    public NodeSelectorTerm {
        matchExpressions = Fields.list(matchExpressions);
        matchFields = Fields.list(matchFields);
    }

    public static NodeSelectorTerm of(NodeSelectorRequirement... expressions) {
        return new NodeSelectorTerm(List.of(expressions), List.of());
    }
}
