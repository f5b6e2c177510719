package io.kafkarpenter.provisioner;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.EventHeaders;
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

    /**
     * A launch decision: ours read back for the first time is already held (not parsed again: the records of a big
     * pass are ~48 MB of JSON); any other is read and counted.
     */
    @Incoming("nodeclaims-launch-in")
    @Blocking
    public void onLaunch(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.value() != null && !inFlight.readBack(header(record, EventHeaders.NODECLAIM))) {
                inFlight.launched(EventJson.read(record.value(), NodeClaimLaunch.class));
            }
        } finally {
            replay.applied(record.topic(), record.partition(), record.offset());
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
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
