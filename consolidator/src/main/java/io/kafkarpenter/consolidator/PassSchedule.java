package io.kafkarpenter.consolidator;

import java.time.Duration;
import java.time.Instant;

/**
 * When the disruption loop runs a pass (DESIGN.md, "When a pass runs"): when the cluster changed (the informers'
 * generation), at least every {@code pollPeriod}, and at once after a held command was validated — emitted or
 * dropped — as Karpenter's loop goes on to its next method in the same reconcile instead of waiting for its poll.
 * Without that, a dropped command in an otherwise quiet cluster left the loop idle until the next poll (10 s).
 * Not thread-safe: the loop's tick is its only caller.
 */
final class PassSchedule {

    private final Duration pollPeriod;
    private long lastGeneration = -1;
    private Instant lastPass = Instant.EPOCH;

    PassSchedule(Duration pollPeriod) {
        this.pollPeriod = pollPeriod;
    }

    /** Whether a pass runs now; if so it is recorded as run. */
    boolean due(long generation, Instant now) {
        if (generation == lastGeneration && now.isBefore(lastPass.plus(pollPeriod))) {
            return false;
        }
        lastGeneration = generation;
        lastPass = now;
        return true;
    }

    /** The next tick runs a pass whatever changed (a held command was validated, a pass failed, a restart). */
    void planAgain() {
        lastGeneration = -1;
    }
}
