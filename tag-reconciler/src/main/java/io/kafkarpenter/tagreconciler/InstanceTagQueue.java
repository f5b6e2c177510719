package io.kafkarpenter.tagreconciler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Instances waiting for their tags, by instance id. Like Karpenter's tagging controller, an instance is tagged once
 * its NodeClaim has registered a node: {@code Name} (the node name), {@code karpenter.sh/nodeclaim} and
 * {@code eks:eks-cluster-name}. A NodeClaim that is terminating, terminated or failed leaves the queue. Enqueueing the
 * same instance again replaces its entry, so redelivered records change nothing. Gauge
 * {@code kk_tagreconciler_instances_queued}.
 */
@ApplicationScoped
public class InstanceTagQueue {

    /** The tags one instance should carry. */
    public record PendingTags(String instanceId, String nodeClaimName, Map<String, String> tags) {
    }

    private final Map<String, PendingTags> byInstanceId = new ConcurrentHashMap<>();
    private final TagReconcilerConfig config;

    InstanceTagQueue(TagReconcilerConfig config, MeterRegistry registry) {
        this.config = config;
        Gauge.builder("kk.tagreconciler.instances.queued", byInstanceId, Map::size)
            .description("Instances whose tags are waiting to be written")
            .register(registry);
    }

    /** Queues, re-queues or drops the instance of this NodeClaim; returns what is queued for it now. */
    public Optional<PendingTags> apply(NodeClaimStatusChange change) {
        if (change.instanceId() == null) {
            return Optional.empty();
        }
        switch (change.phase()) {
            case REGISTERED, INITIALIZED -> {
                if (change.nodeName() == null) {
                    return Optional.ofNullable(byInstanceId.get(change.instanceId()));
                }
                PendingTags pending = new PendingTags(change.instanceId(), change.nodeClaimName(), tagsFor(change));
                byInstanceId.put(change.instanceId(), pending);
                return Optional.of(pending);
            }
            case TERMINATING, TERMINATED, FAILED -> {
                byInstanceId.remove(change.instanceId());
                return Optional.empty();
            }
            default -> {
                return Optional.ofNullable(byInstanceId.get(change.instanceId()));
            }
        }
    }

    public Optional<PendingTags> queued(String instanceId) {
        return Optional.ofNullable(byInstanceId.get(instanceId));
    }

    public List<PendingTags> snapshot() {
        return List.copyOf(byInstanceId.values());
    }

    private Map<String, String> tagsFor(NodeClaimStatusChange change) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", change.nodeName());
        tags.put("karpenter.sh/nodeclaim", change.nodeClaimName());
        tags.put("eks:eks-cluster-name", config.clusterName());
        return tags;
    }

}
