package io.kafkarpenter.launcher;

import io.kafkarpenter.service.EventMessages;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InvalidEventException;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Reads NodeClaim launch decisions from {@code kk.nodeclaims.launch} (channel {@code nodeclaims-launch}).
 *
 * <p>Skeleton behaviour until EC2 is wired in: the request is validated and acknowledged with a {@link DecisionRecord}
 * (kind {@link DecisionKind#LAUNCH}, the request's own reason) on {@code kk.decisions}, keyed by its decision id so a
 * redelivered request is acknowledged identically. A request that is not a valid {@link NodeClaimLaunch} (bad JSON,
 * missing fields, no instance-type option, a key that is not its NodePool) goes to {@code kk.dlq.launcher}.
 * The channel {@code nodeclaims-status} ({@code kk.nodeclaims.status}) is wired for the lifecycle to come.
 */
@ApplicationScoped
public class LaunchRequestConsumer {

    static final String SERVICE = "launcher";
    private static final Logger LOG = Logger.getLogger(LaunchRequestConsumer.class);

    private final MutinyEmitter<byte[]> decisions;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();

    LaunchRequestConsumer(@Channel("decisions") MutinyEmitter<byte[]> decisions, MeterRegistry registry) {
        this.decisions = decisions;
        this.registry = registry;
    }

    @Incoming("nodeclaims-launch")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        Correlation incoming = EventMessages.enterMdc(record);
        try {
            NodeClaimLaunch launch = validated(record);
            Correlation correlation = incoming.withNodePool(launch.nodePool()).withNodeClaim(launch.nodeClaimName())
                .withDecision(launch.decisionId());
            EventMessages.putMdc(correlation);
            DecisionRecord accepted = acknowledgement(launch);
            decisions.sendMessageAndAwait(EventMessages.message(accepted.key(), accepted, correlation));
            LOG.infof("accepted NodeClaim %s of NodePool %s (%d instance-type options, cheapest %s)",
                launch.nodeClaimName(), launch.nodePool(), launch.instanceTypes().size(),
                launch.instanceTypes().get(0).name());
            registry.counter("kk.launcher.launch.requests", "outcome", "accepted").increment();
        } finally {
            EventMessages.clearMdc();
        }
    }

    static NodeClaimLaunch validated(ConsumerRecord<String, byte[]> record) {
        NodeClaimLaunch launch = EventJson.read(record.value(), NodeClaimLaunch.class);
        if (!launch.nodePool().equals(record.key())) {
            throw new InvalidEventException("NodeClaimLaunch", "nodePool", "NodeClaimLaunch " + launch.nodeClaimName()
                + ": record key '" + record.key() + "' is not its 'nodePool' (" + launch.nodePool() + ")", null);
        }
        if (launch.instanceTypes().isEmpty()) {
            throw new InvalidEventException("NodeClaimLaunch", "instanceTypes", "NodeClaimLaunch "
                + launch.nodeClaimName() + ": 'instanceTypes' must list at least one option", null);
        }
        return launch;
    }

    private DecisionRecord acknowledgement(NodeClaimLaunch launch) {
        ReasonMessage why = launch.reason().format(launch.nodeClaimName(), launch.nodePool());
        return new DecisionRecord(launch.decisionId(), launch.decisionId(), SERVICE, DecisionKind.LAUNCH,
            List.of(Subject.nodePool(launch.nodePool()), Subject.nodeClaim(launch.nodeClaimName())),
            why.reason(), "launch request accepted: " + why.text(), List.of(), Instant.now(clock));
    }
}
