package io.kafkarpenter.consolidator.conditions;

import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkarpenter.model.crd.NodeClaim;

/**
 * Writes the consolidator's NodeClaim conditions ({@code Consolidatable}, {@code Drifted}; the launcher writes the
 * others, see DESIGN.md): only for NodeClaims whose informer copy differs from what they should be, each through
 * {@link NodeClaimStatusUpdate} (read-modify-write with the resourceVersion, retried on 409 and transient errors).
 * A write that still fails is logged and tried again on the next pass; it never stops the loop.
 */
@ApplicationScoped
public class ConditionWriter {

    private static final Logger LOG = Logger.getLogger(ConditionWriter.class);

    private final NodeClaimStatusUpdate update;

    ConditionWriter(NodeClaimStatusUpdate update) {
        this.update = update;
    }

    /**
     * @param cached the informer's NodeClaims by name
     * @return how many NodeClaims were written
     */
    public int write(Map<String, DesiredConditions> desired, Function<String, NodeClaim> cached) {
        int written = 0;
        for (var e : desired.entrySet()) {
            NodeClaim known = cached.apply(e.getKey());
            if (known == null || e.getValue().satisfiedBy(known)) {
                continue;
            }
            try {
                if (update.apply(e.getKey(), e.getValue())) {
                    written++;
                }
            } catch (KubernetesClientException | NodeClaimStatusUpdate.TransientException ex) {
                LOG.warnf("NodeClaim %s: conditions not written (%s); tried again on the next pass", e.getKey(),
                    ex.getMessage());
            }
        }
        return written;
    }
}
