package io.kafkarpenter.launcher.launch;

import io.kafkarpenter.service.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InvalidEventException;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.TransientRetry;
import io.kafkarpenter.launcher.ec2.InstanceTypeCatalog;

/**
 * Reads NodeClaim launch decisions from {@code kk.nodeclaims.launch} (channel {@code nodeclaims-launch}), up to
 * {@code kk.launcher.launch.concurrency} at once (the {@code kk-launch} worker pool, unordered: the connector's
 * {@code throttled} commit strategy commits an offset only once every record before it is acknowledged), and hands
 * each to {@link LaunchHandler} while this replica owns the record's partition. A record that is
 * not a valid {@link NodeClaimLaunch} (bad JSON, missing fields, no instance-type option, a key that is not its
 * NodePool) goes to {@code kk.dlq.launcher}; consumption goes on. Any other failure is transient and retried in
 * place ({@link TransientRetry}).
 */
@ApplicationScoped
public class LaunchRequestConsumer {

    private static final Logger LOG = Logger.getLogger(LaunchRequestConsumer.class);
    /** The worker pool of the launch channel; its size is {@code kk.launcher.launch.concurrency} (application.properties). */
    static final String LAUNCH_POOL = "kk-launch";

    private final LaunchHandler handler;
    private final PartitionOwnership ownership;
    private final TransientRetry retry;

    LaunchRequestConsumer(LaunchHandler handler, PartitionOwnership ownership, TransientRetry retry) {
        this.handler = handler;
        this.ownership = ownership;
        this.retry = retry;
    }

    @Produces
    @ApplicationScoped
    public static InstanceTypeCatalog catalog(LauncherConfig config) {
        return InstanceTypeCatalog.builtIn(config.catalog());
    }

    @Incoming("nodeclaims-launch")
    @Blocking(value = LAUNCH_POOL, ordered = false)
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        // invalid → InvalidEventException → kk.dlq.launcher; anything else is transient and retried in place
        retry.run("launch request at offset " + record.offset(), () -> handle(record, ownership, handler));
    }

    /**
     * One record, for any consumer-group member: parsed and validated (throws {@link InvalidEventException}), then
     * handled under the partition's ownership; skipped when the partition was revoked meanwhile (its next owner
     * handles it).
     */
    public static void handle(ConsumerRecord<String, byte[]> record, PartitionOwnership ownership, LaunchHandler handler) {
        Correlation incoming = EventMessages.enterMdc(record);
        try {
            long receivedAt = System.currentTimeMillis();
            NodeClaimLaunch launch = validated(record);
            EventMessages.putMdc(incoming.withNodePool(launch.nodePool()).withNodeClaim(launch.nodeClaimName())
                .withDecision(launch.decisionId()));
            LOG.infof("launch request for NodeClaim %s (%d pods): published %d ms before it was received",
                launch.nodeClaimName(), launch.pods().size(), receivedAt - record.timestamp());
            boolean handled = ownership.whileOwning(record.partition(), () -> handler.handle(launch));
            if (!handled) {
                LOG.infof("partition %d no longer owned: NodeClaim %s is left to its next owner", record.partition(),
                    launch.nodeClaimName());
            }
        } finally {
            EventMessages.clearMdc();
        }
    }

    public static NodeClaimLaunch validated(ConsumerRecord<String, byte[]> record) {
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
}
