package io.kafkarpenter.consolidator.conditions;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkarpenter.model.crd.NodeClaim;

/**
 * Writes the consolidator's NodeClaim conditions ({@code Consolidatable}, {@code Drifted}; the launcher writes the
 * others, see DESIGN.md): only when the informer's copy differs from what they should be, as a read-modify-write of
 * the status with the object's {@code resourceVersion} (optimistic lock), retried on a 409 conflict and on transient
 * errors (5xx, timeouts) with backoff. A NodeClaim that is gone is skipped. A write that still fails is logged and
 * tried again on the next pass; it never stops the loop.
 */
@ApplicationScoped
public class ConditionWriter {

    private static final Logger LOG = Logger.getLogger(ConditionWriter.class);
    private static final int ATTEMPTS = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final KubernetesClient client;
    private final Clock clock = Clock.systemUTC();

    ConditionWriter(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param cached the informer's NodeClaims by name
     * @return how many NodeClaims were written
     */
    public int write(Map<String, DesiredConditions> desired, java.util.function.Function<String, NodeClaim> cached) {
        int written = 0;
        for (var e : desired.entrySet()) {
            NodeClaim known = cached.apply(e.getKey());
            if (known == null || e.getValue().satisfiedBy(known)) {
                continue;
            }
            if (writeOne(e.getKey(), e.getValue())) {
                written++;
            }
        }
        return written;
    }

    private boolean writeOne(String name, DesiredConditions want) {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                NodeClaim live = client.resources(NodeClaim.class).withName(name).get();
                if (live == null || live.getMetadata().getDeletionTimestamp() != null) {
                    return false;
                }
                if (!want.applyTo(live, clock.instant())) {
                    return false;
                }
                // the live object's resourceVersion makes this an optimistic-lock update: 409 when it changed
                client.resources(NodeClaim.class).resource(live).updateStatus();
                LOG.debugf("NodeClaim %s: Consolidatable=%s, Drifted=%s", name, want.consolidatable(),
                    want.driftReason());
                return true;
            } catch (KubernetesClientException e) {
                if (!transientError(e) || attempt >= ATTEMPTS) {
                    LOG.warnf("NodeClaim %s: conditions not written (%s %s); retried on the next pass", name,
                        e.getCode(), e.getMessage());
                    return false;
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /** 409 conflict, 429 throttling, 5xx, or no HTTP answer at all (timeouts, connection errors). */
    static boolean transientError(KubernetesClientException e) {
        int code = e.getCode();
        return code == 0 || code == 409 || code == 429 || code >= 500;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
