package io.kafkarpenter.provisioner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;

/**
 * NodeClaims decided but not (yet) nodes: what this provisioner (or any producer of {@code kk.nodeclaims.launch})
 * asked for, and what the launcher reported on {@code kk.nodeclaims.status}. Both topics are read from their
 * beginning at every start, so a restarted provisioner knows the launches still in flight and does not launch for
 * their pods again. A claim leaves when it failed or terminated, or when its launch was never answered within
 * the ack timeout.
 */
@ApplicationScoped
public class InFlightClaims {

    /** What is known of one NodeClaim. */
    record Claim(String name, NodeClaimLaunch launch, NodeClaimStatusChange status, Instant decidedAt) {

        boolean answered() {
            return status != null;
        }

        boolean gone() {
            return status != null && (status.phase() == NodeClaimPhase.FAILED
                || status.phase() == NodeClaimPhase.TERMINATING || status.phase() == NodeClaimPhase.TERMINATED);
        }

        String nodePool() {
            return status != null ? status.nodePool() : launch.nodePool();
        }
    }

    private final Map<String, Claim> byName = new ConcurrentHashMap<>();

    /** A launch decision (published by us now, or read back from the topic). */
    public void launched(NodeClaimLaunch launch, Instant decidedAt) {
        byName.compute(launch.nodeClaimName(), (name, known) -> known == null
            ? new Claim(name, launch, null, decidedAt)
            : new Claim(name, launch, known.status(), known.decidedAt()));
    }

    /** A status transition from the launcher. */
    public void status(NodeClaimStatusChange change) {
        byName.compute(change.nodeClaimName(), (name, known) -> {
            if (known != null && known.status() != null && known.status().at().isAfter(change.at())) {
                return known;
            }
            NodeClaimStatusChange merged = known == null || known.status() == null ? change : merge(known.status(), change);
            return new Claim(name, known == null ? null : known.launch(), merged,
                known == null ? change.at() : known.decidedAt());
        });
    }

    /** Later transitions may omit what an earlier one said (instance type, zone, ...): keep it. */
    private static NodeClaimStatusChange merge(NodeClaimStatusChange before, NodeClaimStatusChange after) {
        return new NodeClaimStatusChange(after.nodeClaimName(), after.nodePool(), after.phase(),
            or(after.providerId(), before.providerId()), or(after.instanceId(), before.instanceId()),
            or(after.instanceType(), before.instanceType()), or(after.zone(), before.zone()),
            or(after.capacityType(), before.capacityType()), or(after.nodeName(), before.nodeName()),
            or(after.decisionId(), before.decisionId()), after.reason(), after.message(), after.at());
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }

    /** Claims that still count (not failed or terminated, and not an unanswered launch past the ack timeout). */
    public List<Claim> active(Instant now, Duration ackTimeout) {
        List<Claim> out = new ArrayList<>();
        for (Claim c : byName.values()) {
            if (c.gone()) {
                continue;
            }
            if (!c.answered() && c.launch() != null && now.isAfter(c.decidedAt().plus(ackTimeout))) {
                continue;
            }
            out.add(c);
        }
        return out;
    }

    /** Launches not answered yet and still within the ack timeout: the next batch waits for them. */
    public List<Claim> unanswered(Instant now, Duration ackTimeout) {
        return byName.values().stream()
            .filter(c -> !c.answered() && c.launch() != null && !now.isAfter(c.decidedAt().plus(ackTimeout)))
            .toList();
    }

    public boolean knows(String name) {
        return byName.containsKey(name);
    }

    public int size() {
        return byName.size();
    }
}
