package io.kafkarpenter.viewer.decisions;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.PodOutcome;

/**
 * The latest outcome {@code kk.decisions} gave each pod (by namespace/name): why it stays pending, or where
 * it was placed. Bounded: the oldest entries go beyond {@value #MAX_PODS} pods. Not thread-safe (the feed guards it).
 */
public final class PodReasons {

    static final int MAX_PODS = 20_000;

    /** The latest outcome of one pod, from the decision made at {@code at} by {@code service}. */
    public record Latest(String reason, String category, String message, String target, String service, Instant at) {
    }

    private final Map<String, Latest> byPod = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Latest> eldest) {
            return size() > MAX_PODS;
        }
    };

    public void record(DecisionRecord d) {
        for (PodOutcome o : d.podOutcomes()) {
            DecisionView.PodLine line = DecisionView.podLine(o);
            Latest latest = new Latest(line.reason(), line.category(), line.message(), line.target(), d.service(), d.at());
            String key = key(o.pod().namespace(), o.pod().name());
            Latest before = byPod.get(key);
            if (before == null || !before.at().isAfter(d.at())) {
                byPod.remove(key); // re-insert: the map's order is the order of the latest outcome
                byPod.put(key, latest);
            }
        }
    }

    public Map<String, Latest> snapshot() {
        return Map.copyOf(byPod);
    }

    /** The key of a pod in {@link #snapshot()}: {@code namespace/name}. */
    public static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
