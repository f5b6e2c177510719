package io.kafkarpenter.provisioner;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.UnavailableOffering;
import io.smallrye.common.annotation.Blocking;

/**
 * What comes back from the launcher, read by every replica from the beginning of each topic at start (a consumer
 * group of its own per process): launch decisions already made ({@code kk.nodeclaims.launch}), NodeClaim status
 * transitions ({@code kk.nodeclaims.status}) and unavailable offerings ({@code kk.offerings.unavailable}).
 * A record that cannot be read goes to {@code kk.dlq.provisioner}.
 */
@ApplicationScoped
public class FeedbackConsumers {

    private static final Logger LOG = Logger.getLogger(FeedbackConsumers.class);

    private final InFlightClaims inFlight;
    private final UnavailableOfferings unavailable;
    private final ProvisioningLoop loop;
    private final FeedbackReplay replay;

    FeedbackConsumers(InFlightClaims inFlight, UnavailableOfferings unavailable, ProvisioningLoop loop,
                      FeedbackReplay replay) {
        this.inFlight = inFlight;
        this.unavailable = unavailable;
        this.loop = loop;
        this.replay = replay;
    }

    @Incoming("nodeclaims-launch-in")
    @Blocking
    public void onLaunch(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.value() != null) {
                inFlight.launched(EventJson.read(record.value(), NodeClaimLaunch.class));
            }
        } finally {
            replay.applied(record.topic(), record.partition(), record.offset());
        }
    }

    @Incoming("nodeclaims-status")
    @Blocking
    public void onStatus(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.value() == null) {
                return;
            }
            NodeClaimStatusChange change = EventJson.read(record.value(), NodeClaimStatusChange.class);
            inFlight.status(change);
            if (change.phase() == NodeClaimPhase.FAILED || change.phase() == NodeClaimPhase.TERMINATED) {
                LOG.infof("NodeClaim %s %s%s: its pods are reconsidered", change.nodeClaimName(), change.phase(),
                    change.reason() == null ? "" : " (" + change.reason().code() + ")");
            }
            loop.stateChanged("NodeClaim " + change.nodeClaimName() + " " + change.phase());
        } finally {
            replay.applied(record.topic(), record.partition(), record.offset());
        }
    }

    @Incoming("offerings-unavailable")
    @Blocking
    public void onUnavailable(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.value() == null) {
                return;
            }
            UnavailableOffering offering = EventJson.read(record.value(), UnavailableOffering.class);
            unavailable.mark(offering);
            loop.stateChanged("offering " + offering.key() + " unavailable");
        } finally {
            replay.applied(record.topic(), record.partition(), record.offset());
        }
    }
}
