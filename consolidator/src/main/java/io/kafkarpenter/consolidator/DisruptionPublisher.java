package io.kafkarpenter.consolidator;

import io.kafkarpenter.service.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.TerminationRequest;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * The consolidator's outputs: disruption decisions on {@code kk.nodes.terminate} (channel {@code nodes-terminate})
 * and their explanations on {@code kk.decisions} (channel {@code decisions}). Each send waits for the broker.
 */
@ApplicationScoped
public class DisruptionPublisher {

    private final MutinyEmitter<byte[]> terminations;
    private final MutinyEmitter<byte[]> decisions;

    DisruptionPublisher(@Channel("nodes-terminate") MutinyEmitter<byte[]> terminations,
                        @Channel("decisions") MutinyEmitter<byte[]> decisions) {
        this.terminations = terminations;
        this.decisions = decisions;
    }

    public void terminate(TerminationRequest request) {
        Correlation correlation = Correlation.NONE.withNodePool(request.nodePool())
            .withNodeClaim(request.nodeClaimName()).withDecision(request.decisionId());
        terminations.sendMessageAndAwait(EventMessages.message(request.key(), request, correlation));
    }

    public void explain(DecisionRecord decision) {
        Correlation correlation = Correlation.NONE.withDecision(decision.decisionId() != null ? decision.decisionId() : decision.schedulingId());
        decisions.sendMessageAndAwait(EventMessages.message(decision.key(), decision, correlation));
    }
}
