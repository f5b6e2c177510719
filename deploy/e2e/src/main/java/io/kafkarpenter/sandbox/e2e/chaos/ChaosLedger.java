package io.kafkarpenter.sandbox.e2e.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the chaos run did and when: kills, restarts, the broker restart, EC2 faults, interruptions, out-of-band
 * deletions and malformed records. The invariant checks read it to tell injected, involuntary losses (a node deleted
 * out of band, an interrupted instance) from what the services chose to do, and to measure "after the last fault"
 * and "while the service was up". Thread-safe.
 */
public final class ChaosLedger {

    private final Instant start = Instant.now();
    private final PrintStream log;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private volatile Instant lastFault = Instant.now();
    /** service → when it last became ready (a restart), or when the run started. */
    private final Map<String, Instant> upSince = new ConcurrentHashMap<>();
    /** services killed and not yet ready again. */
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Set<String> involuntaryNodes = ConcurrentHashMap.newKeySet();
    private final Set<String> involuntaryInstances = ConcurrentHashMap.newKeySet();
    private final Set<String> involuntaryClaims = ConcurrentHashMap.newKeySet();
    private final Set<String> malformed = ConcurrentHashMap.newKeySet();
    /** When the run took capacity away (node or NodeClaim deleted, instance interrupted). */
    private final java.util.List<Instant> losses = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ChaosLedger(PrintStream log) {
        this.log = log;
    }

    public Instant start() {
        return start;
    }

    /** A line of the run's log, prefixed with the time since the start. */
    public void say(String line) {
        log.println("  t+" + String.format("%3d", Duration.between(start, Instant.now()).toSeconds()) + "s " + line);
    }

    /** Counts an injected fault of this kind (e.g. "kill", "ec2 insufficient capacity") and moves "last fault". */
    public void fault(String kind, String detail) {
        counts.merge(kind, 1, Integer::sum);
        lastFault = Instant.now();
        say(kind + ": " + detail);
    }

    /** Counts one more of something that is not a fault (a restart, a wave, a dead letter). */
    public void tally(String what) {
        counts.merge(what, 1, Integer::sum);
    }

    public int count(String kind) {
        return counts.getOrDefault(kind, 0);
    }

    public Map<String, Integer> counts() {
        return new TreeMap<>(counts);
    }

    public Instant lastFault() {
        return lastFault;
    }

    /** A fault whose effect lasts until now (a fault spec being cleared): "the last fault" is its end. */
    public void faultEnded() {
        lastFault = Instant.now();
    }

    public void killed(String service) {
        down.add(service);
    }

    public void ready(String service) {
        down.remove(service);
        upSince.put(service, Instant.now());
    }

    /** Whether every one of the services is up, and has been since {@code since}. */
    public boolean upSince(Instant since, String... services) {
        for (String s : services) {
            if (down.contains(s) || upSince.getOrDefault(s, start).isAfter(since)) {
                return false;
            }
        }
        return true;
    }

    /** The latest of: {@code t}, and when any of the services last became ready. */
    public Instant laterOfUp(Instant t, String... services) {
        Instant out = t;
        for (String s : services) {
            Instant up = upSince.getOrDefault(s, start);
            if (up.isAfter(out)) {
                out = up;
            }
        }
        return out;
    }

    public boolean anyDown(String... services) {
        for (String s : services) {
            if (down.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** A node the run deleted out of band, or whose instance it interrupted: its losses are involuntary. */
    public void involuntaryNode(String node) {
        if (node != null) {
            involuntaryNodes.add(node);
        }
    }

    public void involuntaryInstance(String instanceId) {
        involuntaryInstances.add(instanceId);
    }

    public void involuntaryClaim(String claim) {
        involuntaryClaims.add(claim);
    }

    /** The run took capacity away now (a node or NodeClaim deleted out of band, an instance interrupted). */
    public void loss() {
        losses.add(Instant.now());
    }

    public int lossesBetween(Instant from, Instant to) {
        return (int) losses.stream().filter(t -> !t.isBefore(from) && !t.isAfter(to)).count();
    }

    public boolean isInvoluntaryNode(String node) {
        return involuntaryNodes.contains(node);
    }

    public boolean isInvoluntaryInstance(String instanceId) {
        return involuntaryInstances.contains(instanceId);
    }

    public boolean isInvoluntaryClaim(String claim) {
        return involuntaryClaims.contains(claim);
    }

    /** A malformed record the run put on a topic (its value); the only kind allowed on a DLQ. */
    public void malformed(String value) {
        malformed.add(value);
    }

    public boolean isMalformed(String value) {
        return malformed.contains(value);
    }
}
