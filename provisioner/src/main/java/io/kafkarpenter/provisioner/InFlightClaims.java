package io.kafkarpenter.provisioner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;

/**
 * NodeClaims decided but not (yet) nodes: what this provisioner (or any producer of {@code kk.nodeclaims.launch})
 * asked for, and what the launcher reported on {@code kk.nodeclaims.status}. Both topics are read from their
 * beginning at every start, so a restarted provisioner knows the launches still in flight and does not launch for
 * their pods again.
 *
 * <p>A decision has one lifetime, shared with the launcher: its record's {@code expiresAt}. It counts as in-flight
 * capacity until the launcher answers — LAUNCHED and later (a real NodeClaim), FAILED (including
 * {@code LAUNCH_EXPIRED}: released) — or, unanswered, until {@code expiresAt + grace} has passed with no NodeClaim
 * object of its name (the launcher never takes up an expired decision, unless it had already created its NodeClaim
 * in time; the grace covers clocks and a launcher between its expiry check and the create). No other timeout
 * releases a decision.
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

        /** An unanswered launch decision whose lifetime (plus the grace) is over and whose NodeClaim never appeared. */
        boolean lapsed(Instant now, Duration grace, Predicate<String> nodeClaimExists) {
            return !answered() && launch != null && !now.isBefore(launch.expiresAt().plus(grace))
                && !nodeClaimExists.test(name);
        }

        Duration age(Instant now) {
            return Duration.between(decidedAt, now);
        }
    }

    private final Map<String, Claim> byName = new ConcurrentHashMap<>();
    /** Names of the launches this process decided and has not read back from the topic yet. */
    private final Set<String> decidedHere = ConcurrentHashMap.newKeySet();

    /** A launch decision this process made and is about to publish. */
    public void decided(NodeClaimLaunch launch) {
        launched(launch);
        decidedHere.add(launch.nodeClaimName());
    }

    /**
     * True the first time a launch this process decided is read back from the topic: its copy is already held, so
     * the record need not be parsed (a big pass reads back ~4,000 records of ~12 KB). Later reads (a replay after a
     * rebalance) are parsed again.
     */
    public boolean readBack(String name) {
        return name != null && decidedHere.remove(name);
    }

    /** A launch decision (published by us now, or read back from the topic). */
    public void launched(NodeClaimLaunch launch) {
        byName.compute(launch.nodeClaimName(), (name, known) -> known == null
            ? new Claim(name, launch, null, launch.createdAt())
            // our own launch read back from the topic: keep the copy we hold (its options are shared with the others
            // of its pass, the topic's copy has its own); a claim known only from its status so far (a restart reads
            // kk.nodeclaims.status and kk.nodeclaims.launch in any order) gets its launch
            : new Claim(name, launch.equals(known.launch()) ? known.launch() : launch, known.status(), launch.createdAt()));
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

    /**
     * Claims that count as capacity: not failed or terminated, and not an unanswered decision that lapsed
     * ({@link Claim#lapsed}). Oldest decision first.
     */
    public List<Claim> active(Instant now, Duration grace, Predicate<String> nodeClaimExists) {
        List<Claim> out = new ArrayList<>();
        for (Claim c : byName.values()) {
            if (!c.gone() && !c.lapsed(now, grace, nodeClaimExists)) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparing(Claim::decidedAt).thenComparing(Claim::name));
        return out;
    }

    /** Launch decisions that count and that the launcher has not answered yet, oldest first. */
    public List<Claim> unanswered(Instant now, Duration grace, Predicate<String> nodeClaimExists) {
        return active(now, grace, nodeClaimExists).stream().filter(c -> !c.answered() && c.launch() != null).toList();
    }

    /** The oldest unanswered decision, if any. */
    public Optional<Claim> oldestUnanswered(Instant now, Duration grace, Predicate<String> nodeClaimExists) {
        return unanswered(now, grace, nodeClaimExists).stream().findFirst();
    }

    /**
     * True when a NodeClaim of that name was decided before and no longer counts (failed, terminated, expired): the
     * next attempt for the same pods needs a new name (a new CreateFleet ClientToken).
     */
    public boolean released(String name, Instant now, Duration grace, Predicate<String> nodeClaimExists) {
        Claim c = byName.get(name);
        return c != null && (c.gone() || c.lapsed(now, grace, nodeClaimExists));
    }

    public int size() {
        return byName.size();
    }
}
