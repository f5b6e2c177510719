package io.kafkarpenter.consolidator;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The latest known phase of every live NodeClaim, from {@code kk.nodeclaims.status}. A NodeClaim that is
 * {@link NodeClaimPhase#TERMINATED} or {@link NodeClaimPhase#FAILED} is gone and forgotten. A change older than the
 * one already known (a redelivery, or out of order) is ignored, so applying the topic twice gives the same state.
 * Exposed as the gauge {@code kafkarpenter_consolidator_nodeclaims{phase=...}}.
 */
@ApplicationScoped
public class NodeClaimStates {

    private static final EnumSet<NodeClaimPhase> GONE = EnumSet.of(NodeClaimPhase.TERMINATED, NodeClaimPhase.FAILED);

    private final Map<String, NodeClaimStatusChange> byName = new ConcurrentHashMap<>();

    NodeClaimStates(MeterRegistry registry) {
        for (NodeClaimPhase phase : NodeClaimPhase.values()) {
            Gauge.builder("kafkarpenter.consolidator.nodeclaims", byName, states -> count(states, phase))
                .description("NodeClaims by their latest phase, as the consolidator sees them")
                .tag("phase", phase.name())
                .register(registry);
        }
    }

    /** Applies a transition; false when it was older than what is already known. */
    public boolean apply(NodeClaimStatusChange change) {
        NodeClaimStatusChange known = byName.get(change.nodeClaimName());
        if (known != null && known.at().isAfter(change.at())) {
            return false;
        }
        if (GONE.contains(change.phase())) {
            byName.remove(change.nodeClaimName());
        } else {
            byName.put(change.nodeClaimName(), change);
        }
        return true;
    }

    public Optional<NodeClaimPhase> phaseOf(String nodeClaimName) {
        return Optional.ofNullable(byName.get(nodeClaimName)).map(NodeClaimStatusChange::phase);
    }

    private static double count(Map<String, NodeClaimStatusChange> states, NodeClaimPhase phase) {
        return states.values().stream().filter(s -> s.phase() == phase).count();
    }
}
