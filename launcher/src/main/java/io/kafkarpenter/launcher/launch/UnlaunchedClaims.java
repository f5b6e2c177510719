package io.kafkarpenter.launcher.launch;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.reasons.ReasonMessage;

/**
 * NodeClaims this launcher answered FAILED without creating them (refused, expired, or deleted after insufficient
 * capacity), by name, for an hour. A disruption waiting for such a replacement cancels at once instead of waiting
 * for its timeout (no NodeClaim will ever appear). In memory: after a restart the replacement timeout catches them.
 * Bounded to the {@value #MAX} most recent.
 */
@ApplicationScoped
public class UnlaunchedClaims {

    static final int MAX = 10_000;
    private static final Duration KEPT = Duration.ofHours(1);

    private record Entry(ReasonMessage why, Instant at) {
    }

    private final Map<String, Entry> byName = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX;
        }
    };

    public synchronized void record(String nodeClaimName, ReasonMessage why, Instant at) {
        byName.put(nodeClaimName, new Entry(why, at));
    }

    /** Why this NodeClaim was not launched, if it was answered FAILED without a NodeClaim within the last hour. */
    public synchronized Optional<ReasonMessage> why(String nodeClaimName, Instant now) {
        Entry e = byName.get(nodeClaimName);
        return e == null || e.at().plus(KEPT).isBefore(now) ? Optional.empty() : Optional.of(e.why());
    }
}
