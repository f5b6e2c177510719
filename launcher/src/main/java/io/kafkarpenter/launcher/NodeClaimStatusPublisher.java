package io.kafkarpenter.launcher;

import io.kafkarpenter.service.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Publishes NodeClaim lifecycle transitions on {@code kk.nodeclaims.status} (channel {@code nodeclaims-status}). */
@ApplicationScoped
public class NodeClaimStatusPublisher {

    private final MutinyEmitter<byte[]> status;

    NodeClaimStatusPublisher(@Channel("nodeclaims-status") MutinyEmitter<byte[]> status) {
        this.status = status;
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void publish(NodeClaimStatusChange change) {
        Correlation correlation = Correlation.NONE.withNodePool(change.nodePool()).withNodeClaim(change.nodeClaimName())
            .withDecision(change.decisionId());
        status.sendMessageAndAwait(EventMessages.message(change.key(), change, correlation));
    }
}
