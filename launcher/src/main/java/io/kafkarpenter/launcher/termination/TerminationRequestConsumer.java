package io.kafkarpenter.launcher.termination;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.kafkarpenter.launcher.TransientRetry;
import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InvalidEventException;
import io.kafkarpenter.model.events.TerminationRequest;
import io.kafkarpenter.service.EventMessages;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads termination requests from {@code kk.nodes.terminate} (channel {@code nodes-terminate}) and hands each to
 * {@link Disruptions#accept}, which re-checks it against the live objects and refuses or records it. A record that
 * cannot be read or is invalid (bad JSON, missing fields, a key that is not its {@code nodeName}) goes to
 * {@code kk.dlq.launcher}; a transient failure (Kubernetes 5xx/409/429/timeout, EC2 throttling/5xx) is retried in
 * place with exponential backoff ({@link TransientRetry}), the record keeping its place.
 */
@ApplicationScoped
public class TerminationRequestConsumer {

    private final Disruptions disruptions;
    private final TransientRetry retry;

    TerminationRequestConsumer(Disruptions disruptions, TransientRetry retry) {
        this.disruptions = disruptions;
        this.retry = retry;
    }

    @Incoming("nodes-terminate")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        Correlation incoming = EventMessages.enterMdc(record);
        try {
            TerminationRequest request = validated(record);
            EventMessages.putMdc(incoming.withNodePool(request.nodePool()).withNodeClaim(request.nodeClaimName())
                .withDecision(request.decisionId()));
            retry.run("termination request for NodeClaim " + request.nodeClaimName(), () -> disruptions.accept(request));
        } finally {
            EventMessages.clearMdc();
        }
    }

    static TerminationRequest validated(ConsumerRecord<String, byte[]> record) {
        TerminationRequest request = EventJson.read(record.value(), TerminationRequest.class);
        if (!request.nodeName().equals(record.key())) {
            throw new InvalidEventException("TerminationRequest", "nodeName", "TerminationRequest for NodeClaim "
                + request.nodeClaimName() + ": record key '" + record.key() + "' is not its 'nodeName' ("
                + request.nodeName() + ")", null);
        }
        return request;
    }
}
