package io.kafkarpenter.tagreconciler.instances;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * NodeClaims whose instance may need its post-registration tags (karpenter-aws §3.2), by NodeClaim name. Fed by
 * {@code kk.nodeclaims.status} (REGISTERED / INITIALIZED with a node name; TERMINATING, TERMINATED and FAILED take
 * it out), by the NodeClaim informer and by the periodic scan; drained by {@link InstanceTagger} one at a time.
 * Whatever put an entry here, the tagger decides from the live NodeClaim: the record's instance id is only a hint.
 * Enqueueing again changes nothing but the hint, so redelivered records are harmless. Gauge
 * {@code kafkarpenter_tagreconciler_instances_queued}.
 */
@ApplicationScoped
public class InstanceTagQueue {

    /** A NodeClaim to look at; {@code instanceIdHint} from its status record, may be null. */
    public record Pending(String nodeClaimName, String instanceIdHint, Instant notBefore, int failures) {
    }

    private final Map<String, Pending> byNodeClaim = new ConcurrentHashMap<>();

    InstanceTagQueue(MeterRegistry registry) {
        Gauge.builder("kafkarpenter.tagreconciler.instances.queued", byNodeClaim, Map::size)
            .description("NodeClaims whose instance tags are waiting to be checked or written")
            .register(registry);
    }

    /** Queues or drops the NodeClaim of this record; returns what is queued for it now. */
    public Optional<Pending> apply(NodeClaimStatusChange change) {
        switch (change.phase()) {
            case REGISTERED, INITIALIZED -> {
                if (change.nodeName() == null) {
                    return queued(change.nodeClaimName());
                }
                return Optional.of(enqueue(change.nodeClaimName(), change.instanceId()));
            }
            case TERMINATING, TERMINATED, FAILED -> {
                byNodeClaim.remove(change.nodeClaimName());
                return Optional.empty();
            }
            default -> {
                return queued(change.nodeClaimName());
            }
        }
    }

    /** Queues a NodeClaim (keeping a known hint and backoff when it is queued already). */
    public Pending enqueue(String nodeClaimName, String instanceIdHint) {
        return byNodeClaim.compute(nodeClaimName, (k, old) -> old == null
            ? new Pending(k, instanceIdHint, Instant.EPOCH, 0)
            : new Pending(k, instanceIdHint != null ? instanceIdHint : old.instanceIdHint(), old.notBefore(), old.failures()));
    }

    public Optional<Pending> queued(String nodeClaimName) {
        return Optional.ofNullable(byNodeClaim.get(nodeClaimName));
    }

    /** Entries due at {@code now}, oldest backoff first. */
    public List<Pending> due(Instant now) {
        List<Pending> out = new ArrayList<>();
        byNodeClaim.values().stream().filter(p -> !now.isBefore(p.notBefore()))
            .sorted(Comparator.comparing(Pending::notBefore).thenComparing(Pending::nodeClaimName)).forEach(out::add);
        return out;
    }

    public void done(String nodeClaimName) {
        byNodeClaim.remove(nodeClaimName);
    }

    /** A failed attempt: tried again after an exponential backoff (1 s doubling, at most {@code max}). */
    public void failed(String nodeClaimName, Instant now, Duration max) {
        byNodeClaim.computeIfPresent(nodeClaimName, (k, old) -> {
            long seconds = Math.min(max.toSeconds(), 1L << Math.min(old.failures(), 20));
            return new Pending(k, old.instanceIdHint(), now.plusSeconds(Math.max(1, seconds)), old.failures() + 1);
        });
    }

    public int size() {
        return byNodeClaim.size();
    }
}
