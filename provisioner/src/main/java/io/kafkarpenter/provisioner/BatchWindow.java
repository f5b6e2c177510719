package io.kafkarpenter.provisioner;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Karpenter's batch window ({@code batcher.go}): the first trigger opens a window; every pod new to the window
 * pushes the idle deadline out by {@code idle} (a pod already seen in this window does not: Karpenter ignores a
 * duplicate uid); the window closes when the idle deadline passes or {@code max} after it opened, whichever comes
 * first. A change of cluster state (or a requeue) only opens a window when none is open: it brings no new pod, so it
 * does not keep a burst's window from closing. Pure: the caller passes the time, so it is tested with a
 * controllable clock (see DESIGN.md, "The batching loop").
 */
final class BatchWindow {

    /** Close reasons ({@code kafkarpenter_provisioner_batch_window_duration_seconds{close_reason}}). */
    static final String IDLE = "idle";
    static final String MAX_DURATION = "max_duration";

    private final Duration idle;
    private final Duration max;
    private Instant openedAt;
    private Instant lastTriggerAt;
    private final Set<String> podsInWindow = new HashSet<>();
    private String lastClose = "";
    private String lastCloseReason = "";
    private Duration lastLength = Duration.ZERO;

    BatchWindow(Duration idle, Duration max) {
        if (idle.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("batch durations must not be negative: idle " + idle + ", max " + max);
        }
        this.idle = idle;
        this.max = max;
    }

    /** A pending pod arrived or changed: opens the window, or extends its idle deadline if the pod is new to it. */
    synchronized void trigger(String podUid, Instant now) {
        if (openedAt == null) {
            openedAt = now;
            lastTriggerAt = now;
        }
        if (podsInWindow.add(podUid)) {
            lastTriggerAt = now;
        }
    }

    /** Something a decision depends on changed, or a requeue: opens a window if none is open, else changes nothing. */
    synchronized void nudge(Instant now) {
        if (openedAt == null) {
            openedAt = now;
            lastTriggerAt = now;
        }
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
            lastLength = Duration.between(openedAt, now);
            lastCloseReason = idleOver ? IDLE : MAX_DURATION;
            lastClose = "window " + Duration.between(openedAt, now).toMillis() + " ms, " + podsInWindow.size()
                + " pod(s) arrived, closed by " + (idleOver ? "idle" : "max") + " duration";
            openedAt = null;
            lastTriggerAt = null;
            podsInWindow.clear();
            return true;
        }
        return false;
    }

    /** How the last window went (its length, the pods that arrived in it, what closed it), for the pass's log. */
    synchronized String lastClose() {
        return lastClose;
    }

    /** Why the last window closed: {@link #IDLE} (no new pod for {@code idle}) or {@link #MAX_DURATION}; "" before. */
    synchronized String lastCloseReason() {
        return lastCloseReason;
    }

    /** How long the last window was open. */
    synchronized Duration lastLength() {
        return lastLength;
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
