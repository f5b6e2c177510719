package io.kafkarpenter.consolidator;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.kafkarpenter.consolidator.commands.CommandRecords;
import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.TerminationRequest;
import io.kafkarpenter.service.EventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * The consolidator's outputs: replacement launches on {@code kk.nodeclaims.launch} (channel {@code nodeclaims-launch},
 * key NodePool), termination requests on {@code kk.nodes.terminate} (channel {@code nodes-terminate}, key node) and
 * their explanations on {@code kk.decisions} (channel {@code decisions}). Each send waits for the broker's ack, so
 * the order of one command's records (launches, then terminations, then the record) holds; a failed send throws
 * and the command is emitted again, with the same names and ids, by a later pass.
 */
@ApplicationScoped
public class DisruptionPublisher {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<byte[]> launches;
    private final MutinyEmitter<byte[]> terminations;
    private final MutinyEmitter<byte[]> decisions;

    DisruptionPublisher(@Channel("nodeclaims-launch") MutinyEmitter<byte[]> launches,
                        @Channel("nodes-terminate") MutinyEmitter<byte[]> terminations,
                        @Channel("decisions") MutinyEmitter<byte[]> decisions) {
        this.launches = launches;
        this.terminations = terminations;
        this.decisions = decisions;
    }

    /** One command, in the contract's order. */
    public void emit(CommandRecords.Emission emission) {
        emission.launches().forEach(this::launch);
        emission.terminations().forEach(this::terminate);
        explain(emission.record());
    }

    public void launch(NodeClaimLaunch launch) {
        Correlation correlation = Correlation.NONE.withNodePool(launch.nodePool())
            .withNodeClaim(launch.nodeClaimName()).withDecision(launch.decisionId());
        launches.sendMessage(EventMessages.message(launch.key(), launch, correlation)).await().atMost(SEND_TIMEOUT);
    }

    public void terminate(TerminationRequest request) {
        Correlation correlation = Correlation.NONE.withNodePool(request.nodePool())
            .withNodeClaim(request.nodeClaimName()).withDecision(request.decisionId());
        terminations.sendMessage(EventMessages.message(request.key(), request, correlation)).await()
            .atMost(SEND_TIMEOUT);
    }

    public void explain(DecisionRecord decision) {
        Correlation correlation = Correlation.NONE.withDecision(decision.decisionId() != null
            ? decision.decisionId() : decision.schedulingId());
        decisions.sendMessage(EventMessages.message(decision.key(), decision, correlation)).await()
            .atMost(SEND_TIMEOUT);
    }
}
