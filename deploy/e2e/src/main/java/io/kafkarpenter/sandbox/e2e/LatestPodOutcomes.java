package io.kafkarpenter.sandbox.e2e;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.PodOutcome;

/**
 * Each pod's latest outcome on {@code kk.decisions}, by the time of its record — not by the order the records were
 * read: the topic is keyed by decision id, so a pod's two decisions usually sit on two partitions, and one poll may
 * return the newer before the older (as the viewer's pod list does it).
 */
final class LatestPodOutcomes {

    private record Dated(PodOutcome outcome, Instant at) {
    }

    private final Map<String, Dated> byUid = new HashMap<>();

    /** Takes the pod outcomes of a provisioner's or pod-watcher's record; an older one than known is ignored. */
    void record(DecisionRecord d) {
        if (!"provisioner".equals(d.service()) && !"pod-watcher".equals(d.service())) {
            return;
        }
        for (PodOutcome o : d.podOutcomes()) {
            Dated before = byUid.get(o.pod().uid());
            if (before == null || !before.at().isAfter(d.at())) {
                byUid.put(o.pod().uid(), new Dated(o, d.at()));
            }
        }
    }

    /** The latest outcome of the pod, or null. */
    PodOutcome of(String uid) {
        Dated d = byUid.get(uid);
        return d == null ? null : d.outcome();
    }
}
