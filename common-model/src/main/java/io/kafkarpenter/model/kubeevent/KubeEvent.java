package io.kafkarpenter.model.kubeevent;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One Kubernetes Event to publish, as Karpenter's {@code events.Event}: the object, type, reason and message, and how
 * repeats are dropped ({@link EventDeduplicator}): events with the same {@link #dedupeKey()} within
 * {@code dedupeTimeout} are dropped (no dedupe values: never dropped), and an event with a {@code rateLimit} also
 * takes a token from that shared bucket.
 *
 * @param dedupeValues  the values the dedupe key is built from (Karpenter: mostly the object's uid); empty = none
 * @param dedupeTimeout how long a key blocks repeats (Karpenter's default: 2 minutes)
 * @param rateLimit     a token bucket shared by every event naming it (Karpenter: {@code Nominated}), or null
 */
public record KubeEvent(InvolvedObject object, Type type, String reason, String message, List<String> dedupeValues,
                        Duration dedupeTimeout, RateLimit rateLimit) {

    /** Karpenter's default dedupe timeout. */
    public static final Duration DEFAULT_DEDUPE_TIMEOUT = Duration.ofMinutes(2);

    /** core/v1 Event types. */
    public enum Type { Normal, Warning }

    /** A token bucket: {@code qps} tokens a second, at most {@code burst} saved; full at start. */
    public record RateLimit(String name, double qps, int burst) {
        public RateLimit {
            Objects.requireNonNull(name, "name");
            if (qps <= 0 || burst < 1) {
                throw new IllegalArgumentException("rate limit " + name + ": qps > 0 and burst >= 1 required");
            }
        }
    }

    public KubeEvent {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        dedupeValues = dedupeValues == null ? List.of() : List.copyOf(dedupeValues);
        dedupeTimeout = dedupeTimeout == null ? DEFAULT_DEDUPE_TIMEOUT : dedupeTimeout;
    }

    /** Karpenter's key: {@code lower(reason) + "-" + join(dedupeValues, "-")}; empty when there are no dedupe values. */
    public Optional<String> dedupeKey() {
        if (dedupeValues.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(reason.toLowerCase(Locale.ROOT) + "-" + String.join("-", dedupeValues));
    }

    public Optional<RateLimit> rateLimited() {
        return Optional.ofNullable(rateLimit);
    }
}
