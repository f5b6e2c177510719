package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.scheduling.PlannedNodeClaim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One disruption command: delete these nodes, or replace them with these NodeClaims (created first; the nodes go
 * once the replacements are initialized).
 *
 * @param nodes          the candidates, in the order they were chosen
 * @param replacements   new NodeClaims, each with its instance-type options cheapest first and the pods it takes
 * @param savingsPerHour the nodes' prices minus the replacements' (cheapest offering of their first option)
 * @param moves          where each moved pod goes ({@code namespace/name} to a node or replacement name); pods of an
 *                       expired node that fit nowhere are absent (they go pending)
 * @param detail         why, e.g. the drift reason
 */
public record DisruptionCommand(DisruptionMethod method, List<String> nodes, List<PlannedNodeClaim> replacements,
        double savingsPerHour, Map<String, String> moves, String detail) {

    /** delete (no replacement) or replace. */
    public enum Decision { DELETE, REPLACE }

    public DisruptionCommand {
        nodes = List.copyOf(nodes);
        replacements = List.copyOf(replacements);
        moves = Map.copyOf(moves);
    }

    public Decision decision() {
        return replacements.isEmpty() ? Decision.DELETE : Decision.REPLACE;
    }

    /** Names of each replacement's instance-type options. */
    public List<List<String>> replacementOptions() {
        List<List<String>> out = new ArrayList<>();
        for (PlannedNodeClaim c : replacements) {
            List<String> names = new ArrayList<>();
            for (InstanceType t : c.instanceTypes()) {
                names.add(t.name());
            }
            out.add(names);
        }
        return out;
    }
}
