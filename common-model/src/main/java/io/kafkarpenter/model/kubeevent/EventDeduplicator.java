package io.kafkarpenter.model.kubeevent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Karpenter's {@code events.Recorder.Publish} filter: an event with dedupe values whose key ({@link KubeEvent#dedupeKey})
 * was published less than its {@code dedupeTimeout} ago is dropped, otherwise the key is remembered for that long
 * (the message is not part of the key); then an event with a {@link KubeEvent.RateLimit} takes a token from that
 * bucket and is dropped when there is none (its key stays remembered, as upstream). Expired keys are swept every
 * 10 s. Thread-safe; the clock is injected.
 */
public final class EventDeduplicator {

    /** What {@link #admit} decided. */
    public enum Verdict {
        PUBLISH, DEDUPLICATED, RATE_LIMITED;

        public boolean publish() {
            return this == PUBLISH;
        }
    }

    private static final Duration SWEEP_EVERY = Duration.ofSeconds(10);

    private final Clock clock;
    private final Map<String, Instant> keys = new HashMap<>();
    private final Map<String, Bucket> buckets = new HashMap<>();
    private Instant lastSweep;

    public EventDeduplicator(Clock clock) {
        this.clock = clock;
        this.lastSweep = clock.instant();
    }

    public synchronized Verdict admit(KubeEvent event) {
        Instant now = clock.instant();
        sweep(now);
        var key = event.dedupeKey();
        if (key.isPresent()) {
            Instant until = keys.get(key.get());
            if (until != null && now.isBefore(until)) {
                return Verdict.DEDUPLICATED;
            }
            keys.put(key.get(), now.plus(event.dedupeTimeout()));
        }
        if (event.rateLimit() != null) {
            KubeEvent.RateLimit limit = event.rateLimit();
            Bucket bucket = buckets.computeIfAbsent(limit.name(), n -> new Bucket(limit, now));
            if (!bucket.tryTake(limit, now)) {
                return Verdict.RATE_LIMITED;
            }
        }
        return Verdict.PUBLISH;
    }

    /** Keys currently remembered (for tests and a gauge). */
    public synchronized int size() {
        return keys.size();
    }

    private void sweep(Instant now) {
        if (now.isBefore(lastSweep.plus(SWEEP_EVERY))) {
            return;
        }
        lastSweep = now;
        for (Iterator<Instant> it = keys.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next())) {
                it.remove();
            }
        }
    }

    /** client-go's token bucket: full at start, refilled continuously at qps up to burst. */
    private static final class Bucket {
        private double tokens;
        private Instant last;

        Bucket(KubeEvent.RateLimit limit, Instant now) {
            this.tokens = limit.burst();
            this.last = now;
        }

        boolean tryTake(KubeEvent.RateLimit limit, Instant now) {
            double elapsed = Math.max(0, Duration.between(last, now).toNanos() / 1e9);
            tokens = Math.min(limit.burst(), tokens + elapsed * limit.qps());
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
