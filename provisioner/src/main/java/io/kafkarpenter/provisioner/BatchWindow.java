package io.kafkarpenter.provisioner;

import java.time.Duration;
import java.time.Instant;

/**
 * Karpenter's batch window ({@code batcher.go}): the first trigger opens a window; every trigger pushes the idle
 * deadline out by {@code idle}; the window closes when the idle deadline passes or {@code max} after it opened,
 * whichever comes first. Pure: the caller passes the time, so it is tested with a controllable clock (see
 * DESIGN.md, "The batching loop").
 */
final class BatchWindow {

    private final Duration idle;
    private final Duration max;
    private Instant openedAt;
    private Instant lastTriggerAt;

    BatchWindow(Duration idle, Duration max) {
        if (idle.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("batch durations must not be negative: idle " + idle + ", max " + max);
        }
        this.idle = idle;
        this.max = max;
    }

    /** A pending pod arrived or changed (or a requeue): opens the window or extends its idle deadline. */
    synchronized void trigger(Instant now) {
        if (openedAt == null) {
            openedAt = now;
        }
        lastTriggerAt = now;
    }

    synchronized boolean isOpen() {
        return openedAt != null;
    }

    /** True (and the window is reset) when an open window's idle or max deadline has passed at {@code now}. */
    synchronized boolean closeIfDue(Instant now) {
        if (openedAt == null) {
            return false;
        }
        boolean idleOver = !now.isBefore(lastTriggerAt.plus(idle));
        boolean maxOver = !now.isBefore(openedAt.plus(max));
        if (idleOver || maxOver) {
            openedAt = null;
            lastTriggerAt = null;
            return true;
        }
        return false;
    }

    /** When the open window will close if nothing else arrives; null when closed. */
    synchronized Instant closesAt() {
        if (openedAt == null) {
            return null;
        }
        Instant byIdle = lastTriggerAt.plus(idle);
        Instant byMax = openedAt.plus(max);
        return byIdle.isBefore(byMax) ? byIdle : byMax;
    }
}
